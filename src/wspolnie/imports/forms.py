from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .mappings import is_staff
from .models import Entity
from .parsing import ImportFileError, max_upload_bytes
from .services import check_upload

ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    entity = forms.ChoiceField(
        label=_("What the file contains"), choices=Entity.choices, initial=Entity.ORGANISATIONS
    )
    approve_new = forms.BooleanField(
        label=_("Approve the new organisations at once"),
        required=False,
        help_text=_("Otherwise they wait for approval, like organisations that sign up."),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or Windows-1250) or XLSX, at most %(size)s. The first row names the "
            "columns, as in an export."
        ) % {"size": filesizeformat(max_upload_bytes())}
        if not is_staff(user):
            del self.fields["approve_new"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > max_upload_bytes():
                self.add_error("file", _(
                    "The file is too big: at most %(max)s, this one has %(size)s."
                ) % {"max": filesizeformat(max_upload_bytes()),
                     "size": filesizeformat(upload.size)})
                return cleaned
            data = upload.read()
            try:
                check_upload(upload.name, data)
            except ImportFileError as error:
                self.add_error("file", error.message)
            cleaned["data"] = data
        return cleaned


class ConfirmForm(forms.Form):
    accept_valid = forms.BooleanField(required=False)
