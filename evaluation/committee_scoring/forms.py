"""Input of the committees' evaluation pages: parsing and field validation only."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Award, CommitteeSummary


class AwardForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("奖项"), choices=Award.Kind.choices)
    committee = forms.ModelChoiceField(label=_("专委会"), queryset=None, required=False)
    member = forms.ModelChoiceField(label=_("委员"), queryset=None, required=False)
    decision = forms.CharField(
        label=_("表彰决定"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)

    def __init__(self, *args, committees, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.name}（{m.code}）"

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("决定日期不能晚于今天。"))
        return day


class SummaryForm(forms.ModelForm):
    class Meta:
        model = CommitteeSummary
        fields = ["overview", "achievements", "problems", "next_year"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class SummaryReviewForm(forms.Form):
    DECISIONS = (("confirm", _("确认")), ("return", _("退回")))

    decision = forms.ChoiceField(label=_("审核结果"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("退回需要填写理由。"))
        return data
