"""Forms of the quota board: the office's edit of a quota, and evidence records."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Quota

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuotaForm(forms.Form):
    target = forms.IntegerField(label=_("目标值"), min_value=1, max_value=10000)
    target_max = forms.IntegerField(label=_("上限"), min_value=1, max_value=10000, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False)
    reminder_points = forms.CharField(
        label=_("提醒节点（%）"),
        required=False,
        max_length=50,
        help_text=_("用逗号分隔，例如 50,75,90；留空表示不提醒。"),
    )
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, quota: Quota, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "target": quota.target,
                "target_max": quota.target_max,
                "is_active": quota.is_active,
                "reminder_points": ",".join(str(p) for p in quota.reminder_points),
                "note": quota.note,
            },
        )
        super().__init__(*args, **kwargs)
        if quota.is_percent:
            self.fields["target"].max_value = 100
            self.fields["target"].help_text = _("百分比，100 表示全覆盖。")

    def clean_reminder_points(self) -> list[int]:
        raw = self.cleaned_data["reminder_points"].replace("，", ",")
        try:
            points = sorted({int(p) for p in raw.split(",") if p.strip()})
        except ValueError:
            raise ValidationError(_("请填写 1 到 99 之间的整数，用逗号分隔。")) from None
        if any(not 1 <= p <= 99 for p in points):
            raise ValidationError(_("请填写 1 到 99 之间的整数，用逗号分隔。"))
        return points

    def clean(self) -> dict:
        data = super().clean()
        top, target = data.get("target_max"), data.get("target")
        if top is not None and target is not None and top < target:
            self.add_error("target_max", _("上限不能小于目标值。"))
        return data


class EvidenceForm(forms.Form):
    quota_code = forms.ChoiceField(label=_("指标"))
    date = forms.DateField(label=_("完成日期"), widget=DATE)
    title = forms.CharField(label=_("名称"), max_length=200)
    file = forms.FileField(
        label=_("文件"),
        required=False,
        help_text=_("可选：PDF、Word（.docx）、Excel（.xlsx）、JPG、PNG"),
    )

    def __init__(self, *args, quotas: list[Quota], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quota_code"].choices = [(q.code, f"{q.code} {q.title}") for q in quotas]
        self.fields["date"].initial = timezone.localdate()
