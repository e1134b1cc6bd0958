"""Input parsing and field validation of the proposals pages. No form offers `status`,
`author`, `number` or other fields a user must not set (QUALITY.md item 4)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member, MemberTerm
from members.selectors import active_on
from organisation.models import Committee, Department, Sector, SectorGroup
from portal.models import Role, User
from portal.params import as_id

from .models import Communication, Evaluation, Proposal, ReplyCategory
from .services import Draft, Review

TEXTAREA = forms.Textarea(attrs={"rows": 8})


class ProposalForm(forms.Form):
    """A draft: what the proposer writes, co-signers of a joint proposal, or the collective
    on whose behalf committee staff propose."""

    kind = forms.ChoiceField(label=_("提出方式"), choices=Proposal.Kind.choices)
    organiser = forms.ChoiceField(
        label=_("提案者"),
        required=False,
        help_text=_(
            "集体提案：以专委会或其联系的界别活动组名义提出；"
            "民主党派、人民团体和界别的集体提案由办公室登记。"
        ),
    )
    organiser_name = forms.CharField(
        label=_("提案者名称"),
        required=False,
        max_length=100,
        help_text=_("民主党派或人民团体的集体提案：例如 民盟鄂尔多斯市委员会、市总工会"),
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        help_text=_("一事一案，例如：关于加快推进零碳产业园建设的建议"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=Proposal.Category.choices)
    reasons = forms.CharField(label=_("案由"), widget=TEXTAREA, max_length=20000)
    suggestions = forms.CharField(label=_("建议"), widget=TEXTAREA, max_length=20000)
    signers = forms.ModelMultipleChoiceField(
        label=_("联名人"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "联名提案：选择联名委员（须已开通账号），每位联名人在系统中确认后提案才进入审查。"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user: User, powers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body_id = user.body_id
        today = timezone.localdate()
        seated = MemberTerm.objects.filter(active_on(today)).values("member_id")
        self.fields["signers"].queryset = (
            Member.objects.filter(body_id=user.body_id, pk__in=seated, user__isnull=False)
            .exclude(pk=powers.member_id)
            .select_related("sector")
            .order_by("code")
        )
        kinds = []
        if powers.member_id is not None:
            kinds += [Proposal.Kind.INDIVIDUAL, Proposal.Kind.JOINT]
        organisers = self._organisers(powers.staff_committee_ids)
        if powers.manages:
            organisers += self._registered(user.body_id)
        if organisers:
            kinds.append(Proposal.Kind.COLLECTIVE)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["organiser"].choices = [("", "—")] + organisers
        if not organisers:
            del self.fields["organiser"]
        if not powers.manages:
            del self.fields["organiser_name"]
        if powers.member_id is None:
            del self.fields["signers"]

    def _organisers(self, committee_ids) -> list[tuple[str, str]]:
        if not committee_ids:
            return []
        choices = [
            (f"committee:{c.pk}", c.name)
            for c in Committee.objects.filter(pk__in=committee_ids).order_by("order", "id")
        ]
        choices += [
            (f"group:{g.pk}", g.name)
            for g in SectorGroup.objects.filter(committee_id__in=committee_ids).order_by("order")
        ]
        return choices

    @staticmethod
    def _registered(body_id: int) -> list[tuple[str, list[tuple[str, str]]]]:
        """The collectives the office registers (条例 §14): a democratic party or a
        people's organisation (named in 提案者名称), or a sector of the body."""
        Org = Proposal.Organiser
        sectors = Sector.objects.filter(body_id=body_id).order_by("order", "id")
        return [
            (
                str(_("民主党派、人民团体（填写提案者名称）")),
                [
                    (Org.PARTY.value, Org.PARTY.label),
                    (Org.ORGANISATION.value, Org.ORGANISATION.label),
                ],
            ),
            (str(_("界别")), [(f"sector:{s.pk}", s.name) for s in sectors]),
        ]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        data["organiser_obj"] = None
        data["organiser_kind"] = ""
        if kind == Proposal.Kind.COLLECTIVE:
            value = data.get("organiser") or ""
            prefix, _sep, pk = value.partition(":")
            model = {"committee": Committee, "group": SectorGroup, "sector": Sector}.get(prefix)
            if value in (Proposal.Organiser.PARTY, Proposal.Organiser.ORGANISATION):
                data["organiser_kind"] = value
                if not (data.get("organiser_name") or "").strip():
                    self.add_error(
                        "organiser_name", _("请填写提案者名称，例如 民盟鄂尔多斯市委员会。")
                    )
            elif model is None or as_id(pk) is None:
                self.add_error("organiser", _("集体提案须选择提案者。"))
            else:
                data["organiser_obj"] = model.objects.filter(
                    pk=as_id(pk), body_id=self.body_id
                ).first()
        if kind != Proposal.Kind.JOINT:
            data["signers"] = []
        return data

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            kind=data["kind"],
            title=data["title"],
            reasons=data["reasons"],
            suggestions=data["suggestions"],
            category=data["category"],
            organiser=data["organiser_obj"],
            organiser_kind=data["organiser_kind"],
            organiser_name=(data.get("organiser_name") or "").strip(),
        )

    @staticmethod
    def initial_for(proposal: Proposal) -> dict:
        organiser = ""
        if proposal.organiser_committee_id:
            organiser = f"committee:{proposal.organiser_committee_id}"
        elif proposal.organiser_sector_group_id:
            organiser = f"group:{proposal.organiser_sector_group_id}"
        elif proposal.organiser_sector_id:
            organiser = f"sector:{proposal.organiser_sector_id}"
        elif proposal.organiser_name:
            organiser = proposal.organiser_kind
        return {
            "kind": proposal.kind,
            "organiser": organiser,
            "organiser_name": proposal.organiser_name,
            "title": proposal.title,
            "category": proposal.category,
            "reasons": proposal.reasons,
            "suggestions": proposal.suggestions,
            "signers": list(
                proposal.signers.filter(merged_from__isnull=True).values_list(
                    "member_id", flat=True
                )
            ),
            "version": proposal.version,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SignForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("答复"), choices=[("confirm", _("确认联名")), ("decline", _("谢绝联名"))]
    )
    comment = forms.CharField(label=_("说明"), required=False, max_length=200)


class ReviewForm(forms.Form):
    # No decision is pre-selected: 立案 gives an irreversible number (issue 10).
    decision = forms.ChoiceField(
        label=_("审查意见"),
        choices=[("", _("— 请选择 —")), *Proposal.Decision.choices],
        error_messages={"required": _("请选择审查意见：立案、并案或不予立案。")},
    )
    target_number = forms.CharField(
        label=_("并入提案的案号"),
        required=False,
        max_length=30,
        help_text=_("并案时填写完整案号，例如 2026-0012 或 五届五次会议第0012号"),
    )
    ground = forms.ChoiceField(
        label=_("不予立案理由"), required=False, choices=[("", "—"), *Proposal.Ground.choices]
    )
    conversion = forms.ChoiceField(
        label=_("转交"), required=False, choices=Proposal.Conversion.choices
    )
    comment = forms.CharField(
        label=_("审查意见说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self) -> dict:
        data = super().clean()
        data["target"] = None
        if data.get("decision") == Proposal.Decision.MERGE:
            number = "".join((data.get("target_number") or "").split())
            target = Proposal.objects.filter(body_id=self.proposal.body_id, number=number).first()
            if target is None:
                self.add_error("target_number", _("找不到案号为「%(n)s」的提案。") % {"n": number})
            data["target"] = target
        if data.get("decision") == Proposal.Decision.REJECT and not data.get("ground"):
            self.add_error("ground", _("不予立案须选择理由。"))
        decision = data.get("decision")
        if decision and decision != Proposal.Decision.REJECT:
            if data.get("ground"):
                self.add_error("ground", _("只有不予立案才选择理由；请清空理由或改选不予立案。"))
            if data.get("conversion"):
                self.add_error("conversion", _("只有不予立案才转交；请清空或改选不予立案。"))
        return data

    def review(self) -> Review:
        data = self.cleaned_data
        return Review(
            decision=data["decision"],
            comment=data.get("comment", ""),
            ground=data.get("ground", ""),
            conversion=data.get("conversion", ""),
            target=data.get("target"),
        )


def _units(body_id: int):
    return Department.objects.filter(body_id=body_id, is_handling_unit=True, is_active=True)


class AssignForm(forms.Form):
    MODES = [("lead", _("主办 + 协办")), ("separate", _("分办"))]

    mode = forms.ChoiceField(label=_("交办方式"), choices=MODES, initial="lead")
    lead = forms.ModelChoiceField(
        label=_("主办单位"), queryset=Department.objects.none(), required=False
    )
    co = forms.ModelMultipleChoiceField(
        label=_("协办单位"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    separate = forms.ModelMultipleChoiceField(
        label=_("分办单位"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("分办：各单位分别办理、分别答复。"),
    )
    deadline = forms.DateField(
        label=_("办理期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("默认为交办之日起 3 个月；最长 6 个月。"),
    )
    comment = forms.CharField(label=_("交办说明"), required=False, max_length=500)

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead", "co", "separate"):
            self.fields[name].queryset = _units(body_id)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mode") == "separate":
            data["lead"], data["co"] = None, []
        else:
            data["separate"] = []
        return data


class ExtendForm(forms.Form):
    deadline = forms.DateField(label=_("新期限"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("延期理由"), max_length=300)


class CommunicationForm(forms.Form):
    contacted_on = forms.DateField(
        label=_("沟通日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    way = forms.ChoiceField(label=_("沟通方式"), choices=Communication.Way.choices)
    summary = forms.CharField(
        label=_("沟通情况"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_contacted_on(self) -> dt.date:
        day = self.cleaned_data["contacted_on"]
        if day > timezone.localdate():
            raise ValidationError(_("沟通日期不能晚于今天。"))
        return day


class CommunicationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("确认"), choices=[("confirm", _("确认已沟通")), ("dispute", _("反映未沟通"))]
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=300)


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("协办意见"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(label=_("附件"), required=False)


class ReplyForm(forms.Form):
    category = forms.ModelChoiceField(label=_("答复类别"), queryset=ReplyCategory.objects.none())
    text = forms.CharField(label=_("答复内容"), max_length=50000, widget=TEXTAREA)
    file = forms.FileField(
        label=_("答复函（盖章扫描件）"),
        required=False,
        help_text=_("PDF、Word、JPG 或 PNG，不超过 10 MB。"),
    )

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ReplyCategory.objects.filter(
            body_id=body_id, is_active=True
        )


class EvaluationForm(forms.Form):
    result = forms.ChoiceField(
        label=_("评价"), choices=Evaluation.Result.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("评价意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选择“不满意”时请写明理由；首次不满意将退回承办单位重新办理。"),
    )


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("列为重点提案"), required=False)
    leader = forms.CharField(label=_("领办副市长"), required=False, max_length=50)
    supervisor = forms.ModelChoiceField(
        label=_("督办副主席"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = User.objects.filter(
            Q(role_assignments__role=Role.VICE_CHAIR, role_assignments__body_id=body_id)
        ).distinct()


class ExcellentForm(forms.Form):
    excellent = forms.BooleanField(label=_("评为优秀提案"), required=False)
    note = forms.CharField(label=_("评选说明"), required=False, max_length=200)


class ReplyCategoryForm(forms.ModelForm):
    class Meta:
        model = ReplyCategory
        fields = ["code", "name", "description", "order", "is_active"]
