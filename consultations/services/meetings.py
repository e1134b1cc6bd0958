"""协商 meetings: starting, preparing, status moves, follow-up, participants, attendance,
speeches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.selectors import members_in_office_on
from organisation.models import Committee, Department
from portal.models import Role, User
from portal.services import notify

from ..access import manages_consultation, office_of, works_in
from ..models import (
    Consultation,
    Outcome,
    Participant,
    Plan,
    PlanItem,
    Speech,
)
from ..workflow import (
    CONSULTATION,
)
from .common import SIGN_TASK, _locked, _save, _text, _users_with, consultation_url

# ---- consultations --------------------------------------------------------------------------


@transaction.atomic
def consultation_start(*, item: PlanItem, by: User) -> Consultation:
    """Start carrying out a plan item: the lead committee's staff (or the office) open its
    consultation, which begins with research."""
    item = _locked(item)
    plan = item.plan
    if not (office_of(plan, by) or works_in(item.committee, by)):
        raise PermissionDenied
    if plan.status not in (Plan.Status.APPROVED, Plan.Status.ISSUED):
        raise ValidationError(_("协商计划经市委审定后才能开展协商。"))
    if Consultation.objects.filter(plan_item=item).exists():
        raise ValidationError(_("该课题已开展协商。"))
    consultation = Consultation(
        body_id=plan.body_id,
        plan_item=item,
        committee=item.committee,
        title=item.title,
        kind=item.kind,
        is_key=item.is_key,
        created_by=by,
    )
    _save(consultation, by)
    return consultation


def _manages(consultation: Consultation, by: User) -> None:
    if not manages_consultation(consultation, by):
        raise PermissionDenied


@transaction.atomic
def consultation_prepare(
    *,
    consultation: Consultation,
    starts_at: dt.datetime | None,
    place: str,
    notice: str,
    materials: str,
    by: User,
) -> Consultation:
    """The meeting's time, place, notice and materials (before it is held)."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    if consultation.status not in (Consultation.Status.RESEARCHING, Consultation.Status.SCHEDULED):
        raise ValidationError(_("协商会议已召开或已取消，不能再修改。"))
    now = timezone.now()
    if starts_at is not None and not (
        now - dt.timedelta(days=366) <= starts_at <= now + dt.timedelta(days=731)
    ):
        raise ValidationError(_("会议时间须在前后一两年之内，请检查年份。"))
    if consultation.status == Consultation.Status.SCHEDULED and (
        starts_at is None or not place.strip()
    ):
        raise ValidationError(_("已安排的会议须有会议时间和地点。"))
    consultation.starts_at = starts_at
    consultation.place = place.strip()[:200]
    consultation.notice = notice.strip()
    consultation.materials = materials.strip()
    _save(consultation, by, ["starts_at", "place", "notice", "materials"])
    return consultation


@transaction.atomic
def consultation_move(
    *, consultation: Consultation, target: str, by: User, comment: str = ""
) -> Consultation:
    consultation = _locked(consultation)
    CONSULTATION.move(consultation, target, by=by, comment=comment)
    fields = ["status"]
    if target == Consultation.Status.HELD:
        consultation.held_at = min(consultation.starts_at or timezone.now(), timezone.now())
        fields.append("held_at")
    if target == Consultation.Status.SCHEDULED:
        invited = [
            p.member.user
            for p in consultation.participants.filter(member__user__isnull=False).select_related(
                "member__user"
            )
        ]
        url = consultation_url(consultation)
        when = timezone.localtime(consultation.starts_at).strftime("%Y-%m-%d %H:%M")
        key = f"consultations.invite:{consultation.pk}:{when}"
        transaction.on_commit(
            lambda: notify(
                recipients=invited,
                title=_("协商会议通知：%(title)s") % {"title": consultation.title},
                body=_("%(when)s，%(place)s") % {"when": when, "place": consultation.place},
                url=url,
                dedupe_key=key,
            )
        )
    _save(consultation, by, fields)
    return consultation


@transaction.atomic
def consultation_set_follow_up(
    *, consultation: Consultation, follow_up: bool, by: User
) -> Consultation:
    """§9: a poor result is flagged for a follow-up consultation (after the outcome is sent)."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    outcome = Outcome.objects.filter(consultation=consultation).first()
    if outcome is None or outcome.status not in (Outcome.Status.SENT, Outcome.Status.CLOSED):
        raise ValidationError(_("协商成果报送后才能标记跟踪协商。"))
    consultation.follow_up = follow_up
    _save(consultation, by, ["follow_up"])
    return consultation


def _ask(obj: Model, committee: Committee, task: str, what: str) -> None:
    """Ask the vice-chair in charge of committee to decide on obj (after the commit)."""
    role = Role.CHAIR if task == SIGN_TASK else Role.VICE_CHAIR
    where = {"committee": committee} if role == Role.VICE_CHAIR else {"body_id": committee.body_id}
    recipients = _users_with(role, **where)
    consultation = obj if isinstance(obj, Consultation) else obj.consultation
    url = consultation_url(consultation)
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            title=f"{what}：{obj}",
            url=url,
            target=obj,
            task=task,
        )
    )


# ---- participants, attendance, speeches -------------------------------------------------


def _before_meeting(consultation: Consultation) -> None:
    if consultation.status not in (Consultation.Status.RESEARCHING, Consultation.Status.SCHEDULED):
        raise ValidationError(_("协商会议已召开或已取消，不能再邀请。"))


@transaction.atomic
def participants_invite(*, consultation: Consultation, members: Iterable[Member], by: User) -> int:
    """Invite members in office (a member invited twice is invited once). Returns how many
    were added."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    _before_meeting(consultation)
    ids = {m.pk for m in members}
    if not ids:
        raise ValidationError(_("请选择委员。"))
    in_office = set(
        members_in_office_on(consultation.body_id, timezone.localdate())
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    if ids - in_office:
        raise ValidationError(_("只能邀请本级政协在任的委员。"))
    already = set(
        consultation.participants.filter(member_id__in=ids).values_list("member_id", flat=True)
    )
    added = 0
    for pk in sorted(ids - already):
        _save(
            Participant(consultation=consultation, kind=Participant.Kind.MEMBER, member_id=pk), by
        )
        added += 1
    return added


@transaction.atomic
def participant_add_person(
    *,
    consultation: Consultation,
    kind: str,
    name: str,
    by: User,
    department: Department | None = None,
    title: str = "",
) -> Participant:
    """A department official or an expert invited by name."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    _before_meeting(consultation)
    if kind not in (Participant.Kind.OFFICIAL, Participant.Kind.EXPERT):
        raise ValidationError(_("请选择类别。"))
    if department is not None and department.body_id != consultation.body_id:
        raise ValidationError(_("所选单位不属于本级政协。"))
    participant = Participant(
        consultation=consultation,
        kind=kind,
        name=_text(name, _("姓名"), 50),
        department=department,
        title=title.strip()[:100],
    )
    _save(participant, by)
    return participant


@transaction.atomic
def attendance_record(
    *, consultation: Consultation, marks: dict[int, tuple[str, str]], by: User
) -> int:
    """谁组织谁记录: the organisers record attendance after the meeting. `marks` maps a
    participant id to (attendance, leave reason). Returns how many rows changed."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    if consultation.status != Consultation.Status.HELD:
        raise ValidationError(_("会议召开后才能登记考勤。"))
    participants = {p.pk: p for p in consultation.participants.all()}
    if set(marks) - set(participants):
        raise ValidationError(_("参加人员不属于本次协商。"))
    changed = 0
    for pk, (attendance, reason) in marks.items():
        Participant.Attendance(attendance)
        reason = reason.strip()[:200] if attendance == Participant.Attendance.LEAVE else ""
        if attendance == Participant.Attendance.LEAVE and not reason:
            raise ValidationError(
                _("%(name)s请假须填写事由。") % {"name": participants[pk].display_name}
            )
        p = participants[pk]
        if (p.attendance, p.leave_reason) != (attendance, reason):
            p.attendance, p.leave_reason = attendance, reason
            _save(p, by, ["attendance", "leave_reason"])
            changed += 1
    return changed


@transaction.atomic
def speech_add(
    *, consultation: Consultation, participant: Participant, title: str, summary: str, by: User
) -> Speech:
    consultation = _locked(consultation)
    _manages(consultation, by)
    if consultation.status not in (Consultation.Status.SCHEDULED, Consultation.Status.HELD):
        raise ValidationError(_("会议安排后才能登记发言。"))
    if participant.consultation_id != consultation.pk:
        raise ValidationError(_("发言人须是本次协商的参加人员。"))
    speech = Speech(
        consultation=consultation,
        participant=participant,
        title=_text(title, _("发言题目"), 200),
        summary=summary.strip(),
        order=(consultation.speeches.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    _save(speech, by)
    return speech
