"""Handling (SPEC §3.4 steps 3–4): assignment (交办) to a lead unit with co-units or to
several units separately, returns of misassigned proposals, deadlines and extensions, the
communication with the proposer (沟通协商, required before a reply), co-units' opinions and
the replies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Department
from portal.models import User
from portal.services import notifications_close

from .. import conf, deadlines, todos
from .. import permissions as can
from ..models import Assignment, Attachment, Communication, Proposal, Reply, ReplyCategory
from ..workflow import ASSIGNMENT, COMMUNICATION, PROPOSAL
from .common import lock, manager_users, proposer_users, save, tell, unit_users
from .submission import store_attachment

S = Proposal.Status
A = Assignment.Status
R = Assignment.Role


@dataclass(frozen=True)
class Plan:
    """Who handles: one lead unit with co-units, or units handling separately (分办)."""

    lead: Department | None = None
    co: Sequence[Department] = field(default_factory=tuple)
    separate: Sequence[Department] = field(default_factory=tuple)
    deadline: dt.date | None = None
    comment: str = ""


def _lock_assignment(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("department", "proposal")
        .get(pk=assignment.pk)
    )


def _live(proposal: Proposal):
    """The assignments of the current round that are not returned or cancelled."""
    return proposal.assignments.filter(round=proposal.round).exclude(
        status__in=[A.RETURNED, A.CANCELLED]
    )


def _open(proposal: Proposal):
    """The assignments of the current round whose unit still owes something."""
    return proposal.assignments.filter(round=proposal.round, status__in=Assignment.ACTIVE_STATES)


def create_assignment(
    proposal: Proposal, *, department: Department, role: str, deadline: dt.date, by: User
) -> Assignment:
    """One routing row, entered into the assignment workflow (logged as 交办)."""
    now = timezone.now()
    assignment = Assignment(
        proposal=proposal,
        department=department,
        role=role,
        round=proposal.round,
        status="",
        assigned_at=now,
        assigned_by=by,
        deadline=deadline,
        original_deadline=deadline,
    )
    assignment._history_user = by
    assignment.save()
    ASSIGNMENT.move(assignment, A.ASSIGNED, by=by, comment=str(role and R(role).label))
    assignment._history_user = by
    assignment.save(update_fields=["status"])
    return assignment


def _check_units(proposal: Proposal, units: Sequence[Department]) -> None:
    seen: set[int] = set()
    taken = set(_live(proposal).values_list("department_id", flat=True))
    for unit in units:
        if unit.body_id != proposal.body_id or not unit.is_handling_unit or not unit.is_active:
            raise ValidationError(_("%(unit)s 不是本级政协的提案承办单位。") % {"unit": unit})
        if unit.pk in seen or unit.pk in taken:
            raise ValidationError(_("%(unit)s 重复交办。") % {"unit": unit})
        seen.add(unit.pk)


@transaction.atomic
def proposal_assign(*, proposal: Proposal, by: User, plan: Plan) -> list[Assignment]:
    """Assign a filed proposal (交办), or add co-units or separate units to one being
    handled. The deadline defaults to three calendar months from today."""
    proposal = lock(proposal)
    if not can.manages(proposal, by):
        raise ValidationError(_("只有提案委员会或办公室可以交办提案。"))
    today = timezone.localdate()
    deadline = plan.deadline or deadlines.default_deadline(today)
    if deadline <= today:
        raise ValidationError(_("办理期限须晚于今天。"))
    if deadline > deadlines.latest_deadline(today):
        raise ValidationError(
            _("办理期限最长为交办后 %(n)d 个月（%(day)s）。")
            % {
                "n": conf.get("PROPOSALS_MAX_DEADLINE_MONTHS"),
                "day": deadlines.latest_deadline(today).isoformat(),
            }
        )
    co, separate = list(plan.co), list(plan.separate)
    live = list(_live(proposal))
    if proposal.status == S.FILED:
        if bool(plan.lead) == bool(separate):
            raise ValidationError(_("请指定一个主办单位（可加协办单位），或指定分办单位。"))
        if separate and co:
            raise ValidationError(_("分办时不设协办单位。"))
    elif proposal.status in Proposal.IN_HANDLING_STATES:
        # Adding units: co-units beside the lead, or another separate unit.
        has_lead = any(a.role == R.LEAD for a in live)
        if plan.lead or (co and not has_lead) or (separate and has_lead):
            raise ValidationError(_("追加交办只能为主办单位增加协办单位，或在分办时增加分办单位。"))
        if not co and not separate:
            raise ValidationError(_("请选择要追加的承办单位。"))
    else:
        raise ValidationError(
            _("该提案当前为「%(state)s」，不能交办。") % {"state": proposal.get_status_display()}
        )
    units = [u for u in [plan.lead, *co, *separate] if u is not None]
    _check_units(proposal, units)
    if proposal.status == S.FILED:
        summary = _("期限 %(day)s") % {"day": deadline.isoformat()}
        PROPOSAL.move(proposal, S.ASSIGNED, by=by, comment=plan.comment.strip() or summary)
        proposal.assigned_at = timezone.now()
        save(proposal, by, ["status", "assigned_at"])
        notifications_close(target=proposal, task=todos.ASSIGN)
    created = []
    if plan.lead:
        created.append(
            create_assignment(proposal, department=plan.lead, role=R.LEAD, deadline=deadline, by=by)
        )
    created += [
        create_assignment(proposal, department=unit, role=R.CO, deadline=deadline, by=by)
        for unit in co
    ]
    created += [
        create_assignment(proposal, department=unit, role=R.SEPARATE, deadline=deadline, by=by)
        for unit in separate
    ]
    for assignment in created:
        tell(
            unit_users([assignment.department_id]),
            proposal,
            _("新交办提案（%(role)s）：%(number)s《%(title)s》，办理期限 %(day)s")
            % {
                "role": assignment.get_role_display(),
                "number": proposal.number,
                "title": proposal.title,
                "day": deadline.isoformat(),
            },
            task=todos.ACCEPT,
            about=assignment,
        )
    return created


def _accept(assignment: Assignment, proposal: Proposal, by: User) -> None:
    ASSIGNMENT.move(assignment, A.HANDLING, by=by)
    notifications_close(target=assignment, task=todos.ACCEPT)
    assignment.accepted_at = timezone.now()
    assignment._history_user = by
    assignment.save(update_fields=["status", "accepted_at"])
    if proposal.status == S.ASSIGNED:
        PROPOSAL.move(proposal, S.HANDLING, by=by, comment=str(assignment.department))
        save(proposal, by, ["status"])


def _check_unit(assignment: Assignment, by: User) -> None:
    if not can.acts_for(assignment, by):
        raise ValidationError(_("您不是该交办单位的工作人员。"))


@transaction.atomic
def assignment_accept(*, assignment: Assignment, by: User) -> Assignment:
    """The unit takes the proposal on (签收); it can no longer return it."""
    assignment = _lock_assignment(assignment)
    proposal = lock(assignment.proposal)
    _check_unit(assignment, by)
    _accept(assignment, proposal, by)
    return assignment


@transaction.atomic
def assignment_return(*, assignment: Assignment, by: User, reason: str) -> Assignment:
    """A unit returns a misassigned proposal within the set number of days, with a reason.
    With no answering unit left, the proposal goes back to the office to be re-assigned."""
    assignment = _lock_assignment(assignment)
    proposal = lock(assignment.proposal)
    _check_unit(assignment, by)
    if assignment.round != 1 or proposal.round != 1:
        raise ValidationError(_("重新办理阶段不能退回。"))
    if assignment.status == A.HANDLING:
        raise ValidationError(_("已签收办理的提案不能退回，请与提案委员会联系。"))
    if assignment.status == A.ASSIGNED:
        ends = deadlines.return_window_ends(assignment.assigned_on)
        if timezone.localdate() > ends:
            raise ValidationError(
                _("已超过退回期限（交办后 %(n)d 天内，即 %(day)s 前）。")
                % {"n": (ends - assignment.assigned_on).days, "day": ends.isoformat()}
            )
    others = _live(proposal).filter(role__in=Assignment.ANSWERING_ROLES).exclude(pk=assignment.pk)
    if assignment.answers_proposer and not others.exists():
        # Back to the office, co-units included. Done while the returning unit still holds
        # the proposal, which is what allows it to make these moves.
        for other in _open(proposal).exclude(pk=assignment.pk).select_for_update():
            ASSIGNMENT.move(other, A.CANCELLED, by=by, comment=_("主办单位退回，待重新交办。"))
            notifications_close(target=other)
            other._history_user = by
            other.save(update_fields=["status"])
        PROPOSAL.move(
            proposal,
            S.FILED,
            by=by,
            comment=_("%(unit)s退回：%(reason)s")
            % {"unit": assignment.department, "reason": reason.strip()},
        )
        save(proposal, by, ["status"])
    elif (
        assignment.answers_proposer
        and proposal.status == S.HANDLING
        and not others.filter(status__in=Assignment.ACTIVE_STATES).exists()
    ):
        # 分办: every other separate unit has replied already.
        PROPOSAL.move(proposal, S.REPLIED, by=by, comment=_("其余分办单位均已答复。"))
        save(proposal, by, ["status"])
        tell(
            proposer_users(proposal),
            proposal,
            _("您的提案《%(title)s》已答复，请查看并评价") % {"title": proposal.title},
            task=todos.RATE,
        )
    ASSIGNMENT.move(assignment, A.RETURNED, by=by, comment=reason)
    notifications_close(target=assignment)
    assignment.returned_at = timezone.now()
    assignment.return_reason = reason.strip()
    assignment._history_user = by
    assignment.save(update_fields=["status", "returned_at", "return_reason"])
    tell(
        manager_users(proposal.body_id),
        proposal,
        _("%(unit)s退回交办：%(number)s《%(title)s》")
        % {"unit": assignment.department, "number": proposal.number, "title": proposal.title},
        reason,
        task=todos.ASSIGN if proposal.status == S.FILED else "",
    )
    return assignment


@transaction.atomic
def assignment_extend(
    *, assignment: Assignment, by: User, deadline: dt.date, reason: str
) -> Assignment:
    """Extend a deadline, with a reason, up to six months from the assignment (§10)."""
    assignment = _lock_assignment(assignment)
    if not can.manages(assignment.proposal, by):
        raise ValidationError(_("只有提案委员会或办公室可以延期。"))
    if not assignment.is_active:
        raise ValidationError(_("该交办已结束，不能延期。"))
    if not reason.strip():
        raise ValidationError(_("延期须说明理由。"))
    if deadline <= assignment.deadline:
        raise ValidationError(_("新的期限须晚于原期限 %(day)s。") % {"day": assignment.deadline})
    latest = deadlines.latest_deadline(assignment.assigned_on)
    if assignment.round == 1 and deadline > latest:
        raise ValidationError(
            _("办理期限最长为交办后 %(n)d 个月，即 %(day)s。")
            % {"n": conf.get("PROPOSALS_MAX_DEADLINE_MONTHS"), "day": latest.isoformat()}
        )
    assignment.deadline = deadline
    assignment.extension_reason = reason.strip()[:300]
    assignment._history_user = by
    assignment.save(update_fields=["deadline", "extension_reason"])
    tell(
        unit_users([assignment.department_id]),
        assignment.proposal,
        _("办理期限已延至 %(day)s：《%(title)s》")
        % {"day": deadline.isoformat(), "title": assignment.proposal.title},
        reason,
    )
    return assignment


@dataclass(frozen=True)
class Contact:
    contacted_on: dt.date
    way: str
    summary: str


@transaction.atomic
def communication_record(*, assignment: Assignment, by: User, contact: Contact) -> Communication:
    """沟通协商: the unit records its contact with the proposer (taking the proposal on if
    it had not yet); the proposer is asked to confirm it."""
    assignment = _lock_assignment(assignment)
    proposal = lock(assignment.proposal)
    _check_unit(assignment, by)
    if not assignment.is_active:
        raise ValidationError(_("该交办已结束，不能再记录沟通。"))
    if contact.way not in Communication.Way.values:
        raise ValidationError(_("请选择沟通方式。"))
    if not contact.summary.strip():
        raise ValidationError(_("请填写沟通情况。"))
    today = timezone.localdate()
    if contact.contacted_on > today:
        raise ValidationError(_("沟通日期不能晚于今天。"))
    if contact.contacted_on < assignment.assigned_on:
        raise ValidationError(_("沟通日期不能早于交办日期。"))
    if assignment.status == A.ASSIGNED:
        _accept(assignment, proposal, by)
    communication = Communication(
        proposal=proposal,
        assignment=assignment,
        contacted_on=contact.contacted_on,
        way=contact.way,
        summary=contact.summary.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    communication._history_user = by
    communication.save()
    tell(
        proposer_users(proposal),
        proposal,
        _("%(unit)s 记录了与您的沟通（%(way)s），请确认")
        % {"unit": assignment.department, "way": communication.get_way_display()},
        communication.summary,
        task=todos.COMMUNICATION,
        about=communication,
    )
    return communication


@transaction.atomic
def communication_answer(
    *, communication: Communication, by: User, confirmed: bool, note: str = ""
) -> Communication:
    """The proposer confirms the contact, or says he was not contacted (then it does not
    count as the required communication)."""
    communication = (
        Communication.objects.select_for_update(of=("self",))
        .select_related("proposal__first_proposer", "proposal__organiser_sector_group")
        .get(pk=communication.pk)
    )
    target = Communication.Answer.CONFIRMED if confirmed else Communication.Answer.DISPUTED
    if not confirmed and not note.strip():
        raise ValidationError(_("请说明实际情况。"))
    COMMUNICATION.move(communication, target, by=by, comment=note)
    notifications_close(target=communication)
    communication.answered_by = by
    communication.answered_at = timezone.now()
    communication.answer_note = note.strip()[:300]
    communication._history_user = by
    communication.save(update_fields=["answer", "answered_by", "answered_at", "answer_note"])
    if not confirmed:
        proposal = communication.proposal
        tell(
            unit_users([communication.assignment.department_id]) + manager_users(proposal.body_id),
            proposal,
            _("提案者反映未沟通：《%(title)s》") % {"title": proposal.title},
            note,
        )
    return communication


@transaction.atomic
def assignment_send_opinion(
    *, assignment: Assignment, by: User, opinion: str, upload: UploadedFile | None = None
) -> Assignment:
    """A co-unit sends its opinion (协办意见) to the lead unit."""
    assignment = _lock_assignment(assignment)
    proposal = lock(assignment.proposal)
    _check_unit(assignment, by)
    if assignment.role != R.CO:
        raise ValidationError(_("只有协办单位提交协办意见。"))
    if not opinion.strip():
        raise ValidationError(_("请填写协办意见。"))
    if assignment.status == A.ASSIGNED:
        _accept(assignment, proposal, by)
    ASSIGNMENT.move(assignment, A.OPINION_SENT, by=by)
    notifications_close(target=assignment)
    assignment.opinion = opinion.strip()
    assignment.opinion_at = assignment.finished_at = timezone.now()
    assignment._history_user = by
    assignment.save(update_fields=["status", "opinion", "opinion_at", "finished_at"])
    if upload is not None:
        store_attachment(
            proposal=proposal,
            by=by,
            upload=upload,
            purpose=Attachment.Purpose.OPINION,
            assignment=assignment,
        )
    leads = _live(proposal).filter(role=R.LEAD).values_list("department_id", flat=True)
    tell(
        unit_users(leads),
        proposal,
        _("%(unit)s 提交了协办意见：《%(title)s》")
        % {"unit": assignment.department, "title": proposal.title},
    )
    return assignment


@dataclass(frozen=True)
class Answer:
    category: ReplyCategory
    text: str
    upload: UploadedFile | None = None


@transaction.atomic
def assignment_reply(*, assignment: Assignment, by: User, answer: Answer) -> Reply:
    """The lead (or a separate) unit's formal reply. It needs a recorded communication
    with the proposer that he has not disputed (§10). When every answering unit of the
    round has replied, the proposal is 已答复 and the proposers are asked to rate it."""
    assignment = _lock_assignment(assignment)
    proposal = lock(assignment.proposal)
    _check_unit(assignment, by)
    if not assignment.answers_proposer:
        raise ValidationError(_("协办单位不直接答复提案者，请向主办单位提交协办意见。"))
    if assignment.status in (A.RETURNED, A.CANCELLED, A.REPLIED):
        raise ValidationError(
            _("该交办当前为「%(state)s」，不能答复。") % {"state": assignment.get_status_display()}
        )
    talked = assignment.communications.exclude(answer=Communication.Answer.DISPUTED).exists()
    if not talked:
        raise ValidationError(_("答复前须先记录与提案者的沟通协商（沟通协商是办理的必经环节）。"))
    category = answer.category
    if category.body_id != proposal.body_id or not category.is_active:
        raise ValidationError(_("请选择有效的答复类别。"))
    if not answer.text.strip():
        raise ValidationError(_("请填写答复内容。"))
    ASSIGNMENT.move(assignment, A.REPLIED, by=by, comment=str(category))
    notifications_close(target=assignment)
    now = timezone.now()
    assignment.finished_at = now
    assignment._history_user = by
    assignment.save(update_fields=["status", "finished_at"])
    reply = Reply(
        proposal=proposal,
        assignment=assignment,
        round=assignment.round,
        category=category,
        text=answer.text.strip(),
        replied_at=now,
        replied_by=by,
    )
    reply._history_user = by
    reply.save()
    if answer.upload is not None:
        store_attachment(
            proposal=proposal,
            by=by,
            upload=answer.upload,
            purpose=Attachment.Purpose.REPLY,
            assignment=assignment,
        )
    if not _open(proposal).filter(role__in=Assignment.ANSWERING_ROLES).exists():
        for co in _open(proposal).filter(role=R.CO).select_for_update():
            ASSIGNMENT.move(co, A.CANCELLED, by=by, comment=_("主办单位已答复，协办结束。"))
            notifications_close(target=co)
            co._history_user = by
            co.save(update_fields=["status"])
        PROPOSAL.move(proposal, S.REPLIED, by=by, comment=str(category))
        save(proposal, by, ["status"])
        tell(
            proposer_users(proposal),
            proposal,
            _("您的提案《%(title)s》已答复，请查看并评价") % {"title": proposal.title},
            task=todos.RATE,
        )
    return reply
