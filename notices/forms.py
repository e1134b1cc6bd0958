"""Forms of notices: the notice (publisher, text, audience, reply slip), the reply slip a
member fills in, and the withdrawal. Choices come from the publisher's own body and
committees; the services check the audience again."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.selectors import members_in_office_on
from organisation.models import Committee, SectorGroup

from .models import Notice, Receipt
from .services import MAX_FIELDS, MAX_REMIND_HOURS, Draft, Reply, seated_in

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
OFFICE = "office"
SEPARATORS = re.compile(r"[/／、|]")


def parse_fields(text: str) -> list[dict]:
    """The reply slip's own questions, one a line: `是否用餐：是/否` (a choice),
    `身份证号` (free text); a leading `*` makes it required."""
    fields = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        required = line.startswith(("*", "＊"))
        line = line.lstrip("*＊").strip()
        label, _sep, rest = line.replace("：", ":").partition(":")
        label = label.strip()
        choices = [c.strip() for c in SEPARATORS.split(rest) if c.strip()] if rest else []
        if not label or len(label) > 30:
            raise ValidationError(_("第 %(n)d 行：名称须为 1 至 30 个字。") % {"n": number})
        if rest and len(choices) < 2:
            raise ValidationError(_("第 %(n)d 行：选项至少两个，用“/”分隔。") % {"n": number})
        if any(len(c) > 30 for c in choices) or len(choices) > MAX_FIELDS:
            raise ValidationError(
                _("第 %(n)d 行：最多 %(max)d 个选项，每个不超过 30 个字。")
                % {"n": number, "max": MAX_FIELDS}
            )
        fields.append({"label": label, "choices": choices, "required": required})
    if len(fields) > MAX_FIELDS:
        raise ValidationError(_("回执附加项最多 %(n)d 项。") % {"n": MAX_FIELDS})
    if len({f["label"] for f in fields}) != len(fields):
        raise ValidationError(_("回执附加项的名称不能重复。"))
    return fields


def fields_text(fields: list[dict]) -> str:
    """The stored questions back in the form's one-a-line syntax."""
    lines = []
    for f in fields:
        line = ("*" if f.get("required") else "") + f["label"]
        if f.get("choices"):
            line += "：" + "/".join(f["choices"])
        lines.append(line)
    return "\n".join(lines)


class NoticeForm(forms.Form):
    publisher = forms.ChoiceField(label=_("发布单位"))
    kind = forms.ChoiceField(label=_("类型"), choices=Notice.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 12, "data-rich-text": "1"}),
        help_text=_("可使用标题、加粗、列表、表格和链接；其他格式和脚本会被自动去除。"),
    )
    meeting_starts_at = forms.DateTimeField(label=_("会议时间"), required=False, widget=DATETIME)
    meeting_place = forms.CharField(label=_("会议地点"), max_length=200, required=False)
    audience = forms.ChoiceField(
        label=_("发送范围"), choices=Notice.Audience.choices, widget=forms.RadioSelect
    )
    committees = forms.ModelMultipleChoiceField(
        label=_("专委会"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector_groups = forms.ModelMultipleChoiceField(
        label=_("界别活动组"),
        queryset=SectorGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("指定委员"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "data-filter": "1"}),
        help_text=_("可输入姓名、编号或界别筛选；按住 Ctrl（Mac 上为 ⌘）可多选。"),
    )
    wants_reply = forms.BooleanField(label=_("需要回执（参加／请假）"), required=False)
    reply_deadline = forms.DateTimeField(label=_("回执截止时间"), required=False, widget=DATETIME)
    remind_hours = forms.IntegerField(
        label=_("截止前提醒（小时）"),
        min_value=0,
        max_value=MAX_REMIND_HOURS,
        initial=24,
        help_text=_("截止前这么多小时，提醒尚未回执的委员；0 表示不提醒。"),
    )
    reply_fields = forms.CharField(
        label=_("回执附加项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "每行一项。“是否用餐：是/否”为选择题，“联系电话”为填空；行首加 * 表示参加者必填。"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        body_id: int,
        office: bool,
        committees: QuerySet[Committee],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.committees_of_publisher = {str(c.pk): c for c in committees}
        choices = [(OFFICE, _("政协办公室"))] if office else []
        choices += [(pk, c.name) for pk, c in self.committees_of_publisher.items()]
        self.fields["publisher"].choices = choices
        today = timezone.localdate()
        if office:
            audience_committees = Committee.objects.filter(body_id=body_id, is_active=True)
            groups = SectorGroup.objects.filter(body_id=body_id)
            members = members_in_office_on(body_id, today)
        else:
            audience_committees = committees
            groups = SectorGroup.objects.filter(committee__in=committees)
            members = Member.objects.none()
            for committee in committees:
                members = members | seated_in(committee, today)
        self.fields["committees"].queryset = audience_committees.order_by("order", "pk")
        self.fields["sector_groups"].queryset = groups.order_by("order", "pk")
        self.fields["members"].queryset = (
            members.select_related("sector").order_by("code").distinct()
        )
        self.fields["members"].label_from_instance = lambda m: f"{m.name}（{m.code}，{m.sector}）"

    def clean_reply_fields(self) -> list[dict]:
        return parse_fields(self.cleaned_data.get("reply_fields", ""))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("wants_reply") and not data.get("reply_deadline"):
            self.add_error("reply_deadline", _("需要回执时须设定回执截止时间。"))
        return data

    def draft(self) -> Draft:
        data = self.cleaned_data
        publisher = data["publisher"]
        return Draft(
            kind=data["kind"],
            title=data["title"],
            content=data["content"],
            audience=data["audience"],
            committee=None if publisher == OFFICE else self.committees_of_publisher[publisher],
            committees=list(data["committees"]),
            sector_groups=list(data["sector_groups"]),
            members=list(data["members"]),
            meeting_starts_at=data["meeting_starts_at"],
            meeting_place=data["meeting_place"],
            wants_reply=data["wants_reply"],
            reply_deadline=data["reply_deadline"],
            reply_fields=data["reply_fields"],
            remind_hours=data["remind_hours"],
        )

    @staticmethod
    def initial_of(notice: Notice) -> dict:
        return {
            "publisher": str(notice.committee_id) if notice.committee_id else OFFICE,
            "kind": notice.kind,
            "title": notice.title,
            "content": notice.content,
            "meeting_starts_at": notice.meeting_starts_at,
            "meeting_place": notice.meeting_place,
            "audience": notice.audience,
            "committees": list(notice.committees.all()),
            "sector_groups": list(notice.sector_groups.all()),
            "members": list(notice.members.all()),
            "wants_reply": notice.wants_reply,
            "reply_deadline": notice.reply_deadline,
            "remind_hours": notice.remind_hours,
            "reply_fields": fields_text(notice.reply_fields),
            "version": notice.version,
        }


class ReplyForm(forms.Form):
    """The reply slip. Nothing is pre-selected: the member says attend or leave."""

    response = forms.ChoiceField(
        label=_("回执"),
        choices=[(Receipt.Response.ATTEND, _("参加")), (Receipt.Response.LEAVE, _("请假"))],
        widget=forms.RadioSelect,
    )
    leave_reason = forms.CharField(
        label=_("请假事由"), max_length=200, required=False, help_text=_("请假时必填。")
    )

    def __init__(self, *args, notice: Notice, receipt: Receipt | None = None, **kwargs) -> None:
        if receipt is not None and receipt.is_answered and "initial" not in kwargs:
            kwargs["initial"] = {
                "response": receipt.response,
                "leave_reason": receipt.leave_reason,
                **{
                    f"field_{i}": receipt.answers.get(f["label"], "")
                    for i, f in enumerate(notice.reply_fields)
                },
            }
        super().__init__(*args, **kwargs)
        self.notice = notice
        for i, item in enumerate(notice.reply_fields):
            name = f"field_{i}"
            if item["choices"]:
                self.fields[name] = forms.ChoiceField(
                    label=item["label"],
                    choices=[("", _("（请选择）")), *[(c, c) for c in item["choices"]]],
                    required=False,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=item["label"], max_length=200, required=False
                )
            if item["required"]:
                self.fields[name].help_text = _("参加时必填。")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("response") == Receipt.Response.LEAVE and not data.get("leave_reason"):
            self.add_error("leave_reason", _("请假须填写事由。"))
        for i, item in enumerate(self.notice.reply_fields):
            if (
                item["required"]
                and data.get("response") == Receipt.Response.ATTEND
                and not data.get(f"field_{i}")
            ):
                self.add_error(f"field_{i}", _("参加时请填写此项。"))
        return data

    def reply(self) -> Reply:
        data = self.cleaned_data
        return Reply(
            response=data["response"],
            leave_reason=data.get("leave_reason", ""),
            answers={
                item["label"]: data.get(f"field_{i}", "")
                for i, item in enumerate(self.notice.reply_fields)
            },
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))
