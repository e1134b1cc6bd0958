"""Input of the annual scoring pages: parsing and field validation only."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import committee_score_sources
from portal.registry import score_sources as member_sources

from ..models import BodyMeeting, MeetingAttendance, Rule, RuleSet, ScoreLine, Speech


def _split(text: str) -> list[str]:
    return [part for part in text.replace("，", ",").replace(" ", ",").split(",") if part]


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = [
            "target", "name", "year", "description", "base_score", "bonus_cap", "excellent_min",
            "competent_min",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the target is chosen once: its rules name its sources
            del self.fields["target"]
        else:
            self.fields["target"].required = False

    def clean_target(self) -> str:
        return self.cleaned_data.get("target") or RuleSet._meta.get_field("target").default

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(_("年度超出范围。"))
        return year

    def clean(self) -> dict:
        data = super().clean()
        high, low = data.get("excellent_min"), data.get("competent_min")
        if high is not None and low is not None and high < low:
            self.add_error("excellent_min", _("优秀最低分不能低于称职最低分。"))
        return data


class RuleForm(forms.ModelForm):
    source = forms.ChoiceField(label=_("记录来源"), choices=())
    roles_text = forms.CharField(
        label=_("计入的身份"),
        required=False,
        help_text=_("用逗号分隔，例如 first 或 absent；联名人请用“联名人分值”"),
    )
    kinds_text = forms.CharField(
        label=_("限定类型"), required=False, help_text=_("用逗号分隔；为空表示全部类型")
    )

    class Meta:
        model = Rule
        fields = [
            "indicator", "kind", "source", "points", "co_points", "co_share", "cap", "order",
        ]  # fmt: skip

    def __init__(self, *args, target: str = "member", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.registry = committee_score_sources if target == "committee" else member_sources
        self.committee = target == "committee"
        if self.committee:  # a committee has no co-authors
            for name in ("co_points", "co_share"):
                del self.fields[name]
        score_sources = self.registry
        self.fields["source"].choices = [(s.key, str(s.label)) for s in score_sources]
        if self.instance.pk:
            self.fields["roles_text"].initial = ", ".join(self.instance.roles)
            self.fields["kinds_text"].initial = ", ".join(self.instance.kinds)
        order = ["indicator", "kind", "source", "roles_text", "kinds_text"]
        self.order_fields(order)
        self.fields["source"].help_text = "；".join(
            f"{s.label}：" + "、".join(f"{k}（{v}）" for k, v in s.roles) for s in score_sources
        )

    def clean(self) -> dict:
        data = super().clean()
        score_sources = self.registry
        key = data.get("source")
        roles = _split(data.get("roles_text", ""))
        if key in score_sources:
            known = {k for k, _v in score_sources.get(key).roles}
            unknown = [r for r in roles if known and r not in known]
            if unknown:
                self.add_error(
                    "roles_text",
                    _("来源没有这些身份：%(roles)s。") % {"roles": "、".join(unknown)},
                )
        if not roles and data.get("co_points") is None:
            self.add_error("roles_text", _("请填写计入的身份，或填写联名人分值。"))
        if key and data.get("kinds_text"):
            from ..dossier import kind_labels

            known_kinds = kind_labels().get(key)
            if key in score_sources and score_sources.get(key).kinds:
                known_kinds = dict(score_sources.get(key).kinds)
            unknown = [
                k for k in _split(data["kinds_text"]) if known_kinds and k not in known_kinds
            ]
            if unknown:
                self.add_error(
                    "kinds_text",
                    _("来源没有这些类型：%(kinds)s。") % {"kinds": "、".join(unknown)},
                )
        data["roles"] = roles
        data["kinds"] = _split(data.get("kinds_text", ""))
        return data

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        data["roles"] = self.cleaned_data["roles"]
        data["kinds"] = self.cleaned_data["kinds"]
        return data


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("复制到年度"), min_value=2000, max_value=2100)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("说明"), required=False, max_length=2000)


class ObjectionForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("针对的明细"),
        queryset=ScoreLine.objects.none(),
        required=False,
        empty_label=_("（总分）"),
    )
    reason = forms.CharField(
        label=_("异议理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, lines=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["line"].queryset = lines
            self.fields["line"].label_from_instance = lambda line: (
                f"{line.indicator} {line.title} {line.points:+}"
            )


class ResolveForm(forms.Form):
    DECISIONS = (("adjust", _("调整分数")), ("reject", _("维持原分")))

    decision = forms.ChoiceField(label=_("处理结果"), choices=DECISIONS, widget=forms.RadioSelect)
    points = forms.DecimalField(
        label=_("调整分值"),
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text=_("加分填正数，减分填负数"),
    )
    response = forms.CharField(
        label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "adjust":
            points = data.get("points")
            if not points:
                self.add_error("points", _("调整分数时请填写不为零的调整分值。"))
            elif abs(points) > Decimal(200):
                self.add_error("points", _("调整分值超出范围。"))
        else:
            data["points"] = None
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = BodyMeeting
        fields = ["kind", "title", "starts_at", "place"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class SpeechForm(forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["member", "kind", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, members=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["member"].queryset = members


ATTENDANCE_CHOICES = MeetingAttendance.Status.choices


class ReportForm(forms.ModelForm):
    class Meta:
        from ..models import PerformanceReport

        model = PerformanceReport
        fields = ["summary", "other_work", "standing_report"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "other_work": forms.Textarea(attrs={"rows": 3}),
            "standing_report": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, standing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not standing:
            del self.fields["standing_report"]


class ReviewForm(forms.Form):
    DECISIONS = (("confirm", _("确认")), ("return", _("退回修改")))

    decision = forms.ChoiceField(label=_("审核结果"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("审核意见"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    account_date = forms.DateField(
        label=_("述职日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    party_comments = forms.CharField(
        label=_("党员常委评议意见"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, standing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not standing:
            del self.fields["account_date"]
            del self.fields["party_comments"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回时请填写审核意见。"))
        return data
