"""Django's own messages that the glossary (docs/GLOSSARY.md) words differently.

Django's Polish and Ukrainian catalogues say "adres email" / "email адреса" where the rest of the
interface says "adres e-mail" / "електронна пошта". Our catalogue (settings.LOCALE_PATHS) takes
precedence over Django's; listing the messages here keeps them in it when makemessages runs.
"""

from django.utils.translation import gettext_noop

REWORDED_DJANGO_MESSAGES = [
    gettext_noop("Enter a valid email address."),
]
