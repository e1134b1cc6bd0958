"""Input of 社情民意 pages: parsing and field checks only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organisation.models import Body, Committee, SectorGroup

from . import services
from .access import Powers
from .models import AdoptionLevel, Instruction, KeyTopic, RejectionReason, Report
from .workflow import DECISIONS

S = Report.Status
TEXTAREA = {"class": "form-control", "rows": 6}


class ReportForm(forms.Form):
    """What the writer fills in. `organiser` appears for committee staff (collective
    items); `coauthors` for members."""

    organiser = forms.ChoiceField(label=_("报送单位"), required=False)
    title = forms.CharField(label=_("标题"), max_length=200)
    topic = forms.ChoiceField(label=_("领域"), choices=Report.Topic.choices)
    key_topic = forms.ModelChoiceField(
        label=_("重点信息课题"), queryset=KeyTopic.objects.none(), required=False
    )
    situation = forms.CharField(
        label=_("基本情况"), widget=forms.Textarea(attrs=TEXTAREA | {"data-count": "1"})
    )
    analysis = forms.CharField(
        label=_("问题分析"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA | {"data-count": "1", "rows": 4}),
    )
    suggestions = forms.CharField(
        label=_("意见建议"), widget=forms.Textarea(attrs=TEXTAREA | {"data-count": "1"})
    )
    coauthors = forms.ModelMultipleChoiceField(
        label=_("联名作者"),
        queryset=Member.objects.none(),
        required=False,
        help_text=_("联名作者确认后，信息才送交编辑。"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body_id: int, powers: Powers, collective: bool, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["key_topic"].queryset = KeyTopic.objects.filter(
            body_id=body_id, year__in=(year - 1, year)
        ).select_related("committee")
        self.fields["key_topic"].label_from_instance = lambda t: f"{t.committee.name}：{t.title}"
        if collective:
            committees = Committee.objects.filter(pk__in=powers.staff_committee_ids)
            groups = SectorGroup.objects.filter(pk__in=powers.staff_group_ids)
            self.fields["organiser"].choices = [
                *((f"c{c.pk}", c.name) for c in committees),
                *((f"g{g.pk}", g.name) for g in groups),
            ]
            self.fields["organiser"].required = True
            del self.fields["coauthors"]
        else:
            del self.fields["organiser"]
            self.fields["coauthors"].queryset = (
                Member.objects.filter(body_id=body_id, user__isnull=False)
                .exclude(pk=powers.member_id)
                .order_by("code")
            )
        for name, field in self.fields.items():
            if name not in ("version",) and not isinstance(field.widget, forms.Textarea):
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def draft(self) -> services.Draft:
        data = self.cleaned_data
        committee = group = None
        organiser = data.get("organiser") or ""
        if organiser.startswith("c"):
            committee = Committee.objects.get(pk=int(organiser[1:]))
        elif organiser.startswith("g"):
            group = SectorGroup.objects.get(pk=int(organiser[1:]))
        return services.Draft(
            title=data["title"],
            situation=data["situation"],
            analysis=data.get("analysis", ""),
            suggestions=data["suggestions"],
            topic=data["topic"],
            key_topic=data.get("key_topic"),
            coauthors=list(data.get("coauthors") or []),
            organiser_committee=committee,
            organiser_sector_group=group,
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理"),
        choices=[(s.value, s.label) for s in DECISIONS],
        widget=forms.RadioSelect,
    )
    reason = forms.ModelChoiceField(
        label=_("不予采用理由"), queryset=RejectionReason.objects.none(), required=False
    )
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, body_id: int, **kwargs):
        # Several forms share the item page: their element ids must not clash.
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = RejectionReason.objects.filter(
            body_id=body_id, is_active=True
        )
        self.fields["reason"].widget.attrs["class"] = "form-select"

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == S.REJECTED and not data.get("reason"):
            self.add_error("reason", _("请选择不予采用的理由。"))
        if decision in (S.RETURNED, S.TO_DEPARTMENT) and not (data.get("comment") or "").strip():
            self.add_error("comment", _("请填写意见（退回原因或转交的部门）。"))
        return data


class EditForm(forms.Form):
    title = forms.CharField(
        label=_("标题"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    situation = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs=TEXTAREA))
    analysis = forms.CharField(
        label=_("问题分析"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    suggestions = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs=TEXTAREA))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    reports = forms.ModelMultipleChoiceField(
        label=_("合并的信息"), queryset=Report.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(
        label=_("综合信息标题"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    topic = forms.ChoiceField(
        label=_("领域"),
        choices=Report.Topic.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    situation = forms.CharField(label=_("基本情况"), widget=forms.Textarea(attrs=TEXTAREA))
    analysis = forms.CharField(
        label=_("问题分析"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    suggestions = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = candidates
        self.fields["reports"].label_from_instance = lambda r: f"{r.number or '—'} {r.title}"


class IssueForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )  # fmt: skip
    signer = forms.CharField(
        label=_("签发人"), max_length=50, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    recipients = forms.CharField(
        label=_("报送范围"),
        max_length=300,
        initial="市委、市人大、市政府、市政协领导，有关部门",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    to_members = forms.BooleanField(label=_("印发后全体委员可以阅读"), required=False, initial=True)
    note = forms.CharField(
        label=_("编者按"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class AdoptionForm(forms.Form):
    level = forms.ModelChoiceField(
        label=_("采用层级"),
        queryset=AdoptionLevel.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    adopted_on = forms.DateField(
        label=_("采用日期"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    outlet = forms.CharField(
        label=_("刊物/载体"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    note = forms.CharField(
        label=_("说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, body_id: int, **kwargs):
        kwargs.setdefault("auto_id", "adoption_%s")
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = AdoptionLevel.objects.filter(
            body_id=body_id, is_active=True
        )


class InstructionForm(forms.Form):
    leader = forms.CharField(
        label=_("批示领导"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    level = forms.ChoiceField(
        label=_("批示层级"),
        choices=Instruction.Level.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    instructed_on = forms.DateField(
        label=_("批示日期"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    text = forms.CharField(
        label=_("批示内容"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )
    department = forms.CharField(
        label=_("转交部门"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    result = forms.CharField(
        label=_("落实情况"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "instruction_%s")
        super().__init__(*args, **kwargs)

    def data_object(self) -> services.InstructionData:
        return services.InstructionData(**self.cleaned_data)


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("落实情况"), widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )


class ForwardForm(forms.Form):
    to_body = forms.ModelChoiceField(
        label=_("报送至"),
        queryset=Body.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("报送说明"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, targets: list[Body], **kwargs):
        kwargs.setdefault("auto_id", "forward_%s")
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = Body.objects.filter(pk__in=[b.pk for b in targets])


class DeclineForm(forms.Form):
    answer = forms.CharField(
        label=_("不接收的原因"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class KeyTopicForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("专委会"),
        queryset=Committee.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )  # fmt: skip
    title = forms.CharField(
        label=_("课题名称"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class StatisticsForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )  # fmt: skip


class ReasonForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("理由"), max_length=100)
    order = forms.IntegerField(label=_("排序"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)


class LevelForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.SlugField(label=_("代码"), max_length=30, required=False)
    name = forms.CharField(label=_("名称"), max_length=50)
    rank = forms.IntegerField(label=_("层级（越大越高）"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("在用"), required=False, initial=True)
