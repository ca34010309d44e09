from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import MAX_MONTHS, MONTH, QUARTER, Period, months_between

#: Dates before this are typing mistakes, not the hub's history.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class PeriodForm(forms.Form):
    """The dashboard's period: from, to (both included) and the step of its time series.
    Unbound (no parameters): the last 12 months, month by month."""

    start = forms.DateField(
        label=_("From"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    step = forms.ChoiceField(
        label=_("Step"), required=False,
        choices=[(MONTH, _("Month by month")), (QUARTER, _("Quarter by quarter"))],
    )

    def __init__(self, data=None, **kwargs) -> None:
        has_period = data is not None and any(k in data for k in ("start", "end", "step"))
        super().__init__(data if has_period else None, **kwargs)
        default = Period.default()
        self.fields["start"].initial = default.start
        self.fields["end"].initial = default.end
        self.fields["step"].initial = MONTH

    def clean(self):
        data = super().clean()
        default = Period.default()
        start = data.get("start") or default.start
        end = data.get("end") or default.end
        for name, day in (("start", start), ("end", end)):
            if not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Please give a date between %(earliest)s and "
                                       "%(latest)s.") % {"earliest": EARLIEST.isoformat(),
                                                         "latest": LATEST.isoformat()})
        if self.errors:
            return data
        if end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        elif months_between(start, end) > MAX_MONTHS:
            self.add_error("end", _("Please choose a period of at most %(months)s months.")
                           % {"months": MAX_MONTHS})
        data["period"] = Period(start, end, data.get("step") or MONTH)
        return data

    def period(self) -> Period:
        """The period asked for, or the default one when the form is unbound or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["period"]
        return Period.default()
