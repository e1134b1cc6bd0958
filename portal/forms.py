"""Forms of the kernel's own pages."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import HistoryFilters
from .models import User
from .registry import history_sources

# More people than this matching the 操作人 text: the office is asked to be more precise.
MAX_PEOPLE = 200


class HistoryFilterForm(forms.Form):
    """The filters of the change history: kind of record, who, from which day to which."""

    source = forms.ChoiceField(label=_("记录类型"), required=False)
    person = forms.CharField(label=_("操作人"), required=False, max_length=50)
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body_id = body_id
        self.fields["source"].choices = [("", _("全部类型"))] + [
            (entry.key, entry.label) for entry in history_sources
        ]

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> HistoryFilters:
        """The filters the form describes; nothing narrowed when it is invalid."""
        if not self.is_valid():
            return HistoryFilters()
        data = self.cleaned_data
        person = data["person"].strip()
        user_ids = None
        if person:
            user_ids = tuple(
                User.objects.filter(
                    Q(full_name__icontains=person) | Q(username__icontains=person),
                    body_id=self.body_id,
                )
                .order_by("pk")
                .values_list("pk", flat=True)[:MAX_PEOPLE]
            )
        return HistoryFilters(
            source=data["source"], user_ids=user_ids, since=data["since"], until=data["until"]
        )
