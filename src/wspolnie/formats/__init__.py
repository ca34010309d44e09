"""Date and time formats per UI language (settings.FORMAT_MODULE_PATH).

One format per language everywhere (docs/GLOSSARY.md): templates use Django's named formats
(DATE_FORMAT, SHORT_DATETIME_FORMAT, …) and all of them look the same — "3 grudnia 2026, 17:30",
never "03-12-2026 17:30" on the next page. Input formats stay Django's.
"""
