"""Input parsing of 协商's pages. Forms validate fields only; the services check the rules
and who acts. Querysets of choices are limited to the user's body (and reach)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organisation.models import Committee, Department, SectorGroup

from .models import (
    Consultation,
    ConsultationKind,
    Instruction,
    Outcome,
    Participant,
    Recommendation,
    Research,
    Thread,
    Topic,
)

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _kinds():
    return ConsultationKind.objects.filter(is_active=True)


def _departments(body_id: int):
    return Department.objects.filter(body_id=body_id, is_active=True).order_by("name")


class TopicForm(forms.Form):
    year = forms.IntegerField(label=_("计划年度"))
    title = forms.CharField(label=_("课题名称"), max_length=200)
    reason = forms.CharField(label=_("选题理由"), widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ModelChoiceField(label=_("建议协商形式"), queryset=ConsultationKind.objects.none())
    department = forms.ModelChoiceField(
        label=_("对口部门"), queryset=Department.objects.none(), required=False
    )
    proposer = forms.ChoiceField(label=_("提出单位"))
    proposer_name = forms.CharField(
        label=_("其他单位名称"),
        max_length=100,
        required=False,
        help_text=_("以“其他单位”提出时填写，如民主党派、旗区政协。"),
    )

    def __init__(
        self,
        *args,
        body_id: int,
        committees,
        member: Member | None,
        office: bool,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = _kinds()
        self.fields["department"].queryset = _departments(body_id)
        choices = []
        self._committees = {str(c.pk): c for c in committees}
        groups = SectorGroup.objects.filter(committee__in=committees).order_by("order", "pk")
        self._groups = {str(g.pk): g for g in groups}
        choices += [(f"c{c.pk}", c.name) for c in committees]
        choices += [(f"g{g.pk}", g.name) for g in groups]
        self._member = member
        if member is not None:
            choices.append(("me", _("本人（%(name)s委员）") % {"name": member.name}))
        if office:
            choices.append(("other", _("其他单位")))
        else:
            self.fields.pop("proposer_name")
        self.fields["proposer"].choices = choices
        self.fields["year"].initial = timezone.localdate().year + 1

    def proposer_kwargs(self) -> dict:
        value = self.cleaned_data["proposer"]
        if value == "me":
            return {"member": self._member}
        if value == "other":
            return {"proposer_name": self.cleaned_data.get("proposer_name", "")}
        if value.startswith("c"):
            return {"committee": self._committees[value[1:]]}
        return {"sector_group": self._groups[value[1:]]}


class TopicDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理"),
        choices=[
            (Topic.Status.ACCEPTED, _("采用")),
            (Topic.Status.MERGED, _("合并到其他课题")),
            (Topic.Status.DECLINED, _("不予采用")),
        ],
    )
    into = forms.ModelChoiceField(
        label=_("并入课题"), queryset=Topic.objects.none(), required=False
    )
    reason = forms.CharField(label=_("处理意见"), max_length=300, required=False)

    def __init__(self, *args, topic: Topic, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Topic.objects.filter(
                body_id=topic.body_id,
                year=topic.year,
                status__in=[Topic.Status.SUBMITTED, Topic.Status.ACCEPTED],
            )
            .exclude(pk=topic.pk)
            .order_by("pk")
        )


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("年度"))


class PlanItemForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("来源选题"),
        queryset=Topic.objects.none(),
        required=False,
        help_text=_("选中后课题名称、形式可留空，取选题的内容。"),
    )
    title = forms.CharField(label=_("协商课题"), max_length=200, required=False)
    kind = forms.ModelChoiceField(
        label=_("协商形式"), queryset=ConsultationKind.objects.none(), required=False
    )
    committee = forms.ModelChoiceField(label=_("牵头专委会"), queryset=Committee.objects.none())
    co_committees = forms.ModelMultipleChoiceField(
        label=_("协办专委会"), queryset=Committee.objects.none(), required=False
    )
    leader = forms.CharField(label=_("邀请政府领导"), max_length=100, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("邀请部门"), queryset=Department.objects.none(), required=False
    )
    month = forms.IntegerField(label=_("计划月份"), min_value=1, max_value=12)
    is_key = forms.BooleanField(label=_("重点协商课题（§5：每个专委会每年1—2个）"), required=False)

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        committees = Committee.objects.filter(body_id=plan.body_id, is_active=True)
        self.fields["committee"].queryset = committees
        self.fields["co_committees"].queryset = committees
        self.fields["departments"].queryset = _departments(plan.body_id)
        self.fields["kind"].queryset = _kinds()
        self.fields["topic"].queryset = (
            Topic.objects.filter(body_id=plan.body_id, status=Topic.Status.ACCEPTED)
            .exclude(plan_items__plan=plan)
            .order_by("-year", "pk")
        )

    def clean(self):
        data = super().clean()
        topic = data.get("topic")
        if not data.get("title"):
            if topic is None:
                self.add_error("title", _("请填写协商课题，或选择来源选题。"))
            else:
                data["title"] = topic.title
        if data.get("kind") is None:
            if topic is None:
                self.add_error("kind", _("请选择协商形式。"))
            else:
                data["kind"] = topic.kind
        return data


class PlanCommentForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("专委会"), queryset=Committee.objects.none())
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class PlanStepForm(forms.Form):
    """One step of the plan: the target, a comment, and for dated steps the date and number."""

    target = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("日期"), required=False, widget=DATE)
    doc = forms.CharField(label=_("文号 / 纪要号"), max_length=60, required=False)
    comment = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("会议时间"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    notice = forms.CharField(
        label=_("会议通知"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    materials = forms.CharField(
        label=_("会议材料"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Research.Kind.choices)
    title = forms.CharField(label=_("调研内容"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("日期"), widget=DATE)


class ResearchHeldForm(forms.Form):
    summary = forms.CharField(label=_("调研情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}))


class InviteForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("邀请委员"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class PersonForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"),
        choices=[
            (Participant.Kind.OFFICIAL, Participant.Kind.OFFICIAL.label),
            (Participant.Kind.EXPERT, Participant.Kind.EXPERT.label),
        ],
    )
    name = forms.CharField(label=_("姓名"), max_length=50)
    department = forms.ModelChoiceField(
        label=_("单位"), queryset=Department.objects.none(), required=False
    )
    title = forms.CharField(label=_("职务"), max_length=100, required=False)

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(body_id)


class SpeechForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("发言人"), queryset=Participant.objects.none())
    title = forms.CharField(label=_("发言题目"), max_length=200)
    summary = forms.CharField(
        label=_("发言要点"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, consultation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = consultation.participants.select_related("member")
        self.fields["participant"].label_from_instance = lambda p: p.display_name


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果形式"), choices=Outcome.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    number = forms.CharField(label=_("编号"), max_length=60, required=False)
    sent_to = forms.CharField(
        label=_("报送对象"), max_length=200, required=False, help_text=_("如：市委、市政府")
    )
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 6}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("反馈期限"), widget=DATE)

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments(body_id)


class InstructionForm(forms.Form):
    leader = forms.CharField(label=_("批示领导"), max_length=60)
    level = forms.ChoiceField(label=_("领导层级"), choices=Instruction.Level.choices)
    on = forms.DateField(label=_("批示日期"), widget=DATE)
    text = forms.CharField(label=_("批示内容"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("采纳情况"))
    answer = forms.CharField(
        label=_("反馈意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("未采纳的请说明原因。"),
    )

    def __init__(self, *args, targets: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Recommendation.Status.choices)
        # No pre-selected answer (STYLE.md: a decision form pre-selects nothing).
        self.fields["status"].choices = [("", "—")] + [(t, labels[t]) for t in targets]


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("议题"), max_length=200)
    description = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 4}))
    committee = forms.ModelChoiceField(
        label=_("组织专委会"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("留空：以政协办公室名义组织（仅办公室）。"),
    )
    audience = forms.ChoiceField(label=_("参与范围"), choices=Thread.Audience.choices)
    closes_at = forms.DateTimeField(label=_("截止时间"), widget=DATETIME)
    consultation = forms.ModelChoiceField(
        label=_("关联协商活动"),
        queryset=Consultation.objects.none(),
        required=False,
        help_text=_("议政综述供该协商的成果参考。"),
    )

    def __init__(self, *args, committees, consultations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["consultation"].queryset = consultations


class CloseThreadForm(forms.Form):
    summary = forms.CharField(label=_("议政综述"), widget=forms.Textarea(attrs={"rows": 4}))


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("我的意见建议"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    file = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        help_text=_("PDF、Word（.docx）、Excel（.xlsx）、JPG、PNG"),
    )


class HideForm(forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("屏蔽原因"), max_length=200, required=False)


class QualityForm(forms.Form):
    """One score (0–100) and a comment per active indicator."""

    def __init__(self, *args, indicators, initial_scores=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        initial_scores = initial_scores or {}
        for indicator in indicators:
            score, comment = initial_scores.get(indicator.pk, (None, ""))
            self.fields[f"s{indicator.pk}"] = forms.IntegerField(
                label=_("%(name)s（权重 %(w)d）") % {"name": indicator.name, "w": indicator.weight},
                min_value=0,
                max_value=100,
                initial=score,
                help_text=indicator.description,
            )
            self.fields[f"c{indicator.pk}"] = forms.CharField(
                label=_("评语"), max_length=200, required=False, initial=comment
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            i.pk: (self.cleaned_data[f"s{i.pk}"], self.cleaned_data.get(f"c{i.pk}", ""))
            for i in self.indicators
        }
