"""Forms of plans and summaries, their items, and approval decisions."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import PlanItem, WorkPlan
from organisation.models import Committee, SectorGroup
from portal.widgets import CheckList

MONTHS = [("", _("全年"))] + [(str(m), _("%(m)d月") % {"m": m}) for m in range(1, 13)]


class PlanCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=WorkPlan.Kind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    content = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("计划的总体说明；年度总结请在此填写全文。"),
    )

    def __init__(self, *args, committee: Committee, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        if committee.kind != Committee.Kind.CULTURE_HISTORY:
            self.fields["kind"].choices = [
                (v, label) for v, label in WorkPlan.Kind.choices if v not in WorkPlan.ARCHIVES_KINDS
            ]
        self.fields["year"].initial = timezone.localdate().year

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("title") and data.get("kind") and data.get("year"):
            data["title"] = _("%(committee)s%(year)s年%(kind)s") % {
                "committee": self.committee.name,
                "year": data["year"],
                "kind": WorkPlan.Kind(data["kind"]).label,
            }
        return data


class PlanEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = WorkPlan
        fields = ["title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version


class PlanItemForm(forms.ModelForm):
    month = forms.TypedChoiceField(
        label=_("计划月份"), choices=MONTHS, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = PlanItem
        fields = [
            "activity_type",
            "month",
            "topic",
            "lead",
            "sector_groups",
            "is_key_consultation",
            "is_key_information",
            "note",
            "order",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = SectorGroup.objects.filter(body_id=body_id)
        plan = self.instance.plan if self.instance.plan_id else None
        if plan is not None and groups.filter(committee_id=plan.committee_id).exists():
            # The plan's committee's groups (§3), plus any the item already has; a
            # committee linked to no group (the proposals committee) chooses among all.
            chosen = Q(committee_id=plan.committee_id)
            if self.instance.pk is not None:
                chosen |= Q(pk__in=self.instance.sector_groups.values("pk"))
            groups = groups.filter(chosen)
        self.fields["sector_groups"].queryset = groups.order_by("order", "id")
        self.fields["sector_groups"].widget = CheckList(
            choices=self.fields["sector_groups"].choices
        )
        self.fields["sector_groups"].help_text = _("可多选：本专委会联系的界别活动组。")


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("审批意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改时必须填写。"),
    )


class OfficePlanApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("有冲突仍批准时须说明理由；重新编制时须说明原因。"),
    )
