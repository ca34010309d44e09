"""View decorators shared by the apps."""

from __future__ import annotations

from functools import wraps

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

#: For the pages that preview a mail as it will be sent: mail clients only understand inline
#: style attributes, so these pages (and the srcdoc iframe, which inherits their policy) may use
#: style *attributes*. Still no <style> blocks, and scripts stay 'self'-only. Only our own mail
#: templates write style attributes: user text is sanitised by nh3, which drops them.
mail_preview_styles = csp_update({"style-src-attr": [UNSAFE_INLINE]})


def staff_required(view):
    """Staff only: anonymous visitors go to the login page, signed-in non-staff get 403."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
