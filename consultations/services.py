"""Writes of 协商. Each runs in one transaction, checks who acts, moves statuses only through
consultations.workflow (which logs the move) and names the actor for the history;
notifications go out with the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from members.selectors import members_in_office_on
from organisation.models import Committee, Department, SectorGroup
from portal.models import Role, RoleAssignment, User
from portal.services import notifications_close, notify
from portal.uploads import check_upload

from .access import manages_consultation, office_of, works_in
from .models import (
    Consultation,
    ConsultationKind,
    Instruction,
    Outcome,
    Participant,
    Plan,
    PlanComment,
    PlanItem,
    Post,
    QualityIndicator,
    QualityScore,
    Recommendation,
    Research,
    ResearchReport,
    Speech,
    Thread,
    Topic,
)
from .selectors import thread_eligible
from .workflow import (
    CONSULTATION,
    OUTCOME,
    PLAN,
    POST,
    RECOMMENDATION,
    REPORT,
    RESEARCH,
    THREAD,
    TOPIC,
    moderates,
)

# Task keys: the to-do kinds (consultations.todos) the notifications ask for.
REVIEW_TASK = "consultations.review"
SIGN_TASK = "consultations.sign"
FEEDBACK_TASK = "consultations.feedback"
REPORT_REVIEW_TASK = "consultations.report_review"
PLAN_TASK = "consultations.plan"

MAX_KEY_TOPICS = 2  # §5: each committee picks 1–2 key topics a year
RESEARCH_REMIND_DAYS = 7


def _save(obj: Model, by: User | None, fields: list[str] | None = None) -> None:
    obj._history_user = by
    obj.save(update_fields=fields)


def _locked(obj: Model) -> Model:
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _text(value: str, label: str, limit: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("请填写%(label)s。") % {"label": label})
    if limit and len(value) > limit:
        raise ValidationError(_("%(label)s不能超过 %(n)d 字。") % {"label": label, "n": limit})
    return value


def _users_with(role: str, **where) -> list[User]:
    return [
        a.user
        for a in RoleAssignment.objects.filter(role=role, user__is_active=True, **where)
        .select_related("user")
        .order_by("pk")
    ]


def consultation_url(consultation: Consultation) -> str:
    return reverse("consultations:consultation_detail", args=[consultation.pk])


# ---- topics ---------------------------------------------------------------------------------


@transaction.atomic
def topic_propose(
    *,
    body_id: int,
    year: int,
    title: str,
    reason: str,
    kind: ConsultationKind,
    by: User,
    department: Department | None = None,
    committee: Committee | None = None,
    sector_group: SectorGroup | None = None,
    member: Member | None = None,
    proposer_name: str = "",
) -> Topic:
    """选题建议 (§5): a committee's staff propose for their committee or one of its sector
    groups, a member for himself, the office in anyone's name (e.g. a party group)."""
    if by.body_id != body_id:
        raise PermissionDenied
    proposers = [p for p in (committee, sector_group, member) if p is not None]
    if proposer_name.strip():
        proposers.append(proposer_name)
    if len(proposers) != 1:
        raise ValidationError(_("请选择一个提出单位（专委会、界别活动组、委员或其他单位）。"))
    office = office_of(_Body(body_id), by)
    if committee is not None and not (office or works_in(committee, by)):
        raise ValidationError(_("只有本专委会的工作人员可以以专委会名义提出选题。"))
    if sector_group is not None and not (office or works_in(sector_group.committee, by)):
        raise ValidationError(_("只有界别活动组所联系专委会的工作人员可以代其提出选题。"))
    if member is not None and not (office or getattr(by, "member", None) == member):
        raise ValidationError(_("委员只能以本人名义提出选题。"))
    if proposer_name.strip() and not office:
        raise ValidationError(_("只有政协办公室可以代其他单位登记选题。"))
    for obj in (committee, sector_group, member, department):
        if obj is not None and obj.body_id != body_id:
            raise ValidationError(_("所选单位或委员不属于本级政协。"))
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(_("计划年度须为去年、今年或明年。"))
    topic = Topic(
        body_id=body_id,
        year=year,
        title=_text(title, _("课题名称"), 200),
        reason=_text(reason, _("选题理由")),
        kind=kind,
        department=department,
        committee=committee,
        sector_group=sector_group,
        member=member,
        proposer_name=proposer_name.strip()[:100],
        created_by=by,
    )
    _save(topic, by)
    return topic


class _Body:
    """Something with a body_id, for the access helpers."""

    def __init__(self, body_id: int) -> None:
        self.body_id = body_id


@transaction.atomic
def topic_decide(
    *, topic: Topic, decision: str, by: User, reason: str = "", into: Topic | None = None
) -> Topic:
    """The office accepts a topic, merges it into another, or declines it with a reason."""
    topic = _locked(topic)
    if decision == Topic.Status.MERGED:
        if into is None or into.pk == topic.pk or into.body_id != topic.body_id:
            raise ValidationError(_("请选择要并入的课题（本级政协的其他课题）。"))
        if into.status not in (Topic.Status.SUBMITTED, Topic.Status.ACCEPTED):
            raise ValidationError(_("只能并入已提交或已采用的课题。"))
        topic.merged_into = into
    TOPIC.move(topic, decision, by=by, comment=reason)
    topic.decision_reason = reason.strip()[:300]
    _save(topic, by, ["status", "merged_into", "decision_reason"])
    return topic


# ---- the annual plan ------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, body_id: int, year: int, by: User) -> Plan:
    if not office_of(_Body(body_id), by):
        raise PermissionDenied
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(_("计划年度须为去年、今年或明年。"))
    if Plan.objects.filter(body_id=body_id, year=year).exists():
        raise ValidationError(_("%(year)d 年的协商计划已经存在。") % {"year": year})
    plan = Plan(body_id=body_id, year=year, title=_("%(year)d年度政协协商计划") % {"year": year})
    _save(plan, by)
    return plan


def _editable_plan(plan: Plan, by: User) -> None:
    if not office_of(plan, by):
        raise PermissionDenied
    if not plan.editable:
        raise ValidationError(_("协商计划已报送，不能再修改课题。"))


@transaction.atomic
def plan_item_add(
    *,
    plan: Plan,
    title: str,
    kind: ConsultationKind,
    committee: Committee,
    month: int,
    by: User,
    topic: Topic | None = None,
    co_committees: Sequence[Committee] = (),
    leader: str = "",
    departments: Sequence[Department] = (),
    is_key: bool = False,
) -> PlanItem:
    plan = _locked(plan)
    _editable_plan(plan, by)
    if committee.body_id != plan.body_id or any(c.body_id != plan.body_id for c in co_committees):
        raise ValidationError(_("所选专委会不属于本级政协。"))
    if any(d.body_id != plan.body_id for d in departments):
        raise ValidationError(_("所选部门不属于本级政协。"))
    if committee in co_committees:
        raise ValidationError(_("牵头专委会不能同时是协办专委会。"))
    if not 1 <= month <= 12:
        raise ValidationError(_("计划月份须在 1 至 12 之间。"))
    if topic is not None:
        topic = Topic.objects.get(pk=topic.pk)  # its current state, not the caller's copy
        if topic.body_id != plan.body_id or topic.status != Topic.Status.ACCEPTED:
            raise ValidationError(_("只能把已采用的选题列入计划。"))
        if topic.plan_items.filter(plan=plan).exists():
            raise ValidationError(_("该选题已列入本计划。"))
    if is_key:
        keys = plan.items.filter(committee=committee, is_key=True).count()
        if keys >= MAX_KEY_TOPICS:
            raise ValidationError(
                _("%(committee)s本年度已有 %(n)d 个重点协商课题（§5：每年1—2个）。")
                % {"committee": committee.name, "n": keys}
            )
    item = PlanItem(
        plan=plan,
        topic=topic,
        title=_text(title, _("协商课题"), 200),
        kind=kind,
        committee=committee,
        leader=leader.strip()[:100],
        month=month,
        is_key=is_key,
        order=(plan.items.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    _save(item, by)
    item.co_committees.set(co_committees)
    item.departments.set(departments)
    return item


@transaction.atomic
def plan_item_remove(*, item: PlanItem, by: User) -> None:
    _editable_plan(_locked(item.plan), by)
    item._history_user = by
    item.delete()


@transaction.atomic
def plan_comment_add(*, plan: Plan, committee: Committee, text: str, by: User) -> PlanComment:
    """A committee's comment on the compiled draft (§5)."""
    plan = _locked(plan)
    if not works_in(committee, by) or committee.body_id != plan.body_id:
        raise PermissionDenied
    if not plan.editable:
        raise ValidationError(_("协商计划已报送，不再征求意见。"))
    comment = PlanComment(plan=plan, committee=committee, text=_text(text, _("意见"), 2000), by=by)
    _save(comment, by)
    return comment


@transaction.atomic
def plan_move(
    *,
    plan: Plan,
    target: str,
    by: User,
    comment: str = "",
    on: dt.date | None = None,
    doc: str = "",
) -> Plan:
    """Submit to the chair meeting, record its review (or return), the party committee's
    approval and the issue: each step with its date and document number."""
    plan = _locked(plan)
    fields = ["status"]
    dated = {
        Plan.Status.REVIEWED: ("reviewed_on", "reviewed_doc"),
        Plan.Status.APPROVED: ("approved_on", "approved_doc"),
        Plan.Status.ISSUED: ("issued_on", "issued_doc"),
    }
    if target in dated:
        day_field, doc_field = dated[target]
        if on is not None and on > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"))
        setattr(plan, day_field, on)
        setattr(plan, doc_field, doc.strip()[:60])
        fields += [day_field, doc_field]
    PLAN.move(plan, target, by=by, comment=comment)
    if target == Plan.Status.SUBMITTED:
        plan.submitted_by = by
        fields.append("submitted_by")
        chairs = _users_with(Role.CHAIR, body_id=plan.body_id)
        url = reverse("consultations:plan_detail", args=[plan.pk])
        transaction.on_commit(
            lambda: notify(
                recipients=chairs,
                title=_("请审议：%(title)s") % {"title": plan.title},
                url=url,
                target=plan,
                task=PLAN_TASK,
            )
        )
    if target in (Plan.Status.REVIEWED, Plan.Status.RETURNED):
        notifications_close(target=plan, task=PLAN_TASK)
    _save(plan, by, fields)
    return plan


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


# ---- research -------------------------------------------------------------------------------


def _researching(consultation: Consultation) -> None:
    if consultation.status != Consultation.Status.RESEARCHING:
        raise ValidationError(_("协商会议已安排或已结束，调研记录不能再变更。"))


@transaction.atomic
def research_add(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    starts_on: dt.date,
    by: User,
    place: str = "",
) -> Research:
    consultation = _locked(consultation)
    _manages(consultation, by)
    _researching(consultation)
    research = Research(
        consultation=consultation,
        kind=Research.Kind(kind),
        title=_text(title, _("调研内容"), 200),
        place=place.strip()[:200],
        starts_on=starts_on,
    )
    _save(research, by)
    return research


@transaction.atomic
def research_move(
    *, research: Research, target: str, by: User, summary: str = "", comment: str = ""
) -> Research:
    research = _locked(research)
    fields = ["status"]
    if target == Research.Status.HELD:
        if research.starts_on > timezone.localdate():
            raise ValidationError(_("调研日期还没到，不能登记为已开展。"))
        research.summary = _text(summary, _("调研情况"))
        fields.append("summary")
    RESEARCH.move(research, target, by=by, comment=comment)
    _save(research, by, fields)
    return research


@transaction.atomic
def report_save(
    *,
    consultation: Consultation,
    title: str,
    text: str,
    by: User,
    report: ResearchReport | None = None,
) -> ResearchReport:
    """Draft (or edit a draft or returned) research report; the committee's staff write it."""
    consultation = _locked(consultation)
    if not works_in(consultation.committee, by):
        raise PermissionDenied
    _researching(consultation)
    if report is None:
        report = ResearchReport(consultation=consultation)
    elif report.consultation_id != consultation.pk or report.status not in (
        ResearchReport.Status.DRAFT,
        ResearchReport.Status.RETURNED,
    ):
        raise ValidationError(_("已报送或已审定的调研报告不能修改。"))
    report.title = _text(title, _("标题"), 200)
    report.text = _text(text, _("正文"))
    _save(report, by)
    return report


@transaction.atomic
def report_move(
    *, report: ResearchReport, target: str, by: User, comment: str = ""
) -> ResearchReport:
    report = _locked(report)
    _researching(report.consultation)
    REPORT.move(report, target, by=by, comment=comment)
    fields = ["status"]
    if target == ResearchReport.Status.SUBMITTED:
        report.submitted_by = by
        fields.append("submitted_by")
        _ask(report, report.consultation.committee, REPORT_REVIEW_TASK, _("请审定调研报告"))
    else:
        notifications_close(target=report, task=REPORT_REVIEW_TASK)
    _save(report, by, fields)
    return report


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


# ---- the outcome ------------------------------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    consultation: Consultation,
    kind: str,
    title: str,
    text: str,
    by: User,
    number: str = "",
    sent_to: str = "",
) -> Outcome:
    """Draft the outcome of a held consultation, or edit it while drafted or returned."""
    consultation = _locked(consultation)
    _manages(consultation, by)
    if consultation.status != Consultation.Status.HELD:
        raise ValidationError(_("协商会议召开后才能起草协商成果。"))
    outcome = Outcome.objects.filter(consultation=consultation).first() or Outcome(
        consultation=consultation
    )
    if outcome.pk and outcome.status not in (Outcome.Status.DRAFT, Outcome.Status.RETURNED):
        raise ValidationError(_("协商成果已报送审核，不能修改。"))
    outcome.kind = Outcome.Kind(kind)
    outcome.title = _text(title, _("标题"), 200)
    outcome.text = _text(text, _("正文"))
    outcome.number = number.strip()[:60]
    outcome.sent_to = sent_to.strip()[:200]
    _save(outcome, by)
    return outcome


def _editable_outcome(outcome: Outcome, by: User) -> None:
    _manages(outcome.consultation, by)
    if outcome.status not in (Outcome.Status.DRAFT, Outcome.Status.RETURNED):
        raise ValidationError(_("协商成果已报送审核，不能修改建议。"))


@transaction.atomic
def recommendation_add(
    *, outcome: Outcome, text: str, department: Department, deadline: dt.date, by: User
) -> Recommendation:
    outcome = _locked(outcome)
    _editable_outcome(outcome, by)
    if department.body_id != outcome.consultation.body_id:
        raise ValidationError(_("所选部门不属于本级政协。"))
    if deadline <= timezone.localdate():
        raise ValidationError(_("反馈期限须晚于今天。"))
    recommendation = Recommendation(
        outcome=outcome,
        number=(outcome.recommendations.aggregate(m=Max("number"))["m"] or 0) + 1,
        text=_text(text, _("建议内容")),
        department=department,
        deadline=deadline,
    )
    _save(recommendation, by)
    return recommendation


@transaction.atomic
def recommendation_remove(*, recommendation: Recommendation, by: User) -> None:
    outcome = _locked(recommendation.outcome)
    _editable_outcome(outcome, by)
    recommendation._history_user = by
    recommendation.delete()


@transaction.atomic
def outcome_move(*, outcome: Outcome, target: str, by: User, comment: str = "") -> Outcome:
    outcome = _locked(outcome)
    OUTCOME.move(outcome, target, by=by, comment=comment)
    fields = ["status"]
    S = Outcome.Status
    committee = outcome.consultation.committee
    if target == S.REVIEWING:
        outcome.submitted_by = by
        fields.append("submitted_by")
        _ask(outcome, committee, REVIEW_TASK, _("请审核协商成果"))
    elif target == S.SIGNING:
        notifications_close(target=outcome, task=REVIEW_TASK)
        _ask(outcome, committee, SIGN_TASK, _("请签发协商成果"))
    elif target == S.RETURNED:
        notifications_close(target=outcome, task=[REVIEW_TASK, SIGN_TASK])
    elif target == S.SENT:
        notifications_close(target=outcome, task=SIGN_TASK)
        outcome.sent_at = timezone.now()
        fields.append("sent_at")
        _ask_departments(outcome)
    elif target == S.CLOSED:
        outcome.closed_at = timezone.now()
        fields.append("closed_at")
    _save(outcome, by, fields)
    return outcome


def _ask_departments(outcome: Outcome) -> None:
    """Each recommendation's department (its logins) is asked for feedback."""
    recommendations = list(outcome.recommendations.select_related("department"))
    units = {}
    for r in recommendations:
        if r.department_id not in units:
            units[r.department_id] = _users_with(Role.HANDLING_UNIT, department_id=r.department_id)

    def send() -> None:
        for r in recommendations:
            notify(
                recipients=units[r.department_id],
                title=_("请反馈协商建议采纳情况：%(title)s") % {"title": outcome.title},
                body=_("第%(n)d条，反馈期限 %(deadline)s")
                % {"n": r.number, "deadline": r.deadline.isoformat()},
                url=reverse("consultations:recommendation_detail", args=[r.pk]),
                target=r,
                task=FEEDBACK_TASK,
            )

    transaction.on_commit(send)


@transaction.atomic
def instruction_add(
    *, outcome: Outcome, leader: str, level: str, on: dt.date, text: str, by: User
) -> Instruction:
    outcome = _locked(outcome)
    _manages(outcome.consultation, by)
    if outcome.status not in (Outcome.Status.SENT, Outcome.Status.CLOSED):
        raise ValidationError(_("协商成果报送后才能登记领导批示。"))
    if on > timezone.localdate() or (outcome.sent_at and on < timezone.localdate(outcome.sent_at)):
        raise ValidationError(_("批示日期须在报送之后、今天之前。"))
    instruction = Instruction(
        outcome=outcome,
        leader=_text(leader, _("批示领导"), 60),
        level=Instruction.Level(level),
        on=on,
        text=_text(text, _("批示内容")),
        recorded_by=by,
    )
    _save(instruction, by)
    return instruction


@transaction.atomic
def recommendation_answer(
    *, recommendation: Recommendation, status: str, answer: str, by: User
) -> Recommendation:
    """The department's feedback (or staff recording it): adopted, partly, not adopted
    (with its reason), in progress, implemented."""
    recommendation = _locked(recommendation)
    answer = _text(answer, _("反馈意见"), 4000)
    RECOMMENDATION.move(recommendation, status, by=by, comment=answer)
    recommendation.answer = answer
    recommendation.answered_at = timezone.now()
    recommendation.answered_by = by
    _save(recommendation, by, ["status", "answer", "answered_at", "answered_by"])
    notifications_close(target=recommendation, task=FEEDBACK_TASK)
    return recommendation


# ---- online deliberation --------------------------------------------------------------------


@transaction.atomic
def thread_create(
    *,
    body_id: int,
    title: str,
    description: str,
    audience: str,
    closes_at: dt.datetime,
    by: User,
    committee: Committee | None = None,
    consultation: Consultation | None = None,
) -> Thread:
    office = office_of(_Body(body_id), by)
    if committee is None and not office:
        raise ValidationError(_("只有政协办公室可以组织面向全体委员的网络议政。"))
    if committee is not None and (
        committee.body_id != body_id or not (office or works_in(committee, by))
    ):
        raise ValidationError(_("只有本专委会的工作人员可以以专委会名义组织网络议政。"))
    if audience == Thread.Audience.ALL and committee is not None and not office:
        raise ValidationError(_("专委会组织的网络议政只能面向本专委会及所联系界别的委员。"))
    if audience == Thread.Audience.COMMITTEE and committee is None:
        raise ValidationError(_("请选择组织专委会。"))
    if consultation is not None and not manages_consultation(consultation, by):
        raise ValidationError(_("只能关联本专委会的协商活动。"))
    if closes_at <= timezone.now():
        raise ValidationError(_("截止时间须晚于现在。"))
    thread = Thread(
        body_id=body_id,
        committee=committee,
        consultation=consultation,
        title=_text(title, _("议题"), 200),
        description=_text(description, _("说明")),
        audience=Thread.Audience(audience),
        closes_at=closes_at,
        created_by=by,
    )
    _save(thread, by)
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, target: str, by: User, summary: str = "") -> Thread:
    thread = _locked(thread)
    fields = ["status"]
    if target == Thread.Status.CLOSED:
        thread.summary = summary.strip()
        fields.append("summary")
    if target == Thread.Status.OPEN:
        if thread.closes_at <= timezone.now():
            raise ValidationError(_("截止时间已过，请先修改截止时间。"))
        thread.opened_at = timezone.now()
        fields.append("opened_at")
    THREAD.move(thread, target, by=by)
    _save(thread, by, fields)
    return thread


@transaction.atomic
def post_add(*, thread: Thread, text: str, by: User, upload: UploadedFile | None = None) -> Post:
    """A member posts his opinion while the thread is open, if he is eligible, with an
    optional attachment (checked by content, stored under a random name)."""
    member = getattr(by, "member", None) if by.is_authenticated else None
    if member is None or member.body_id != thread.body_id:
        raise PermissionDenied
    thread = _locked(thread)
    if not thread.accepts_posts():
        raise ValidationError(_("本次网络议政已结束，不能再发表意见。"))
    if not thread_eligible(thread).filter(pk=member.pk).exists():
        raise ValidationError(_("您不在本次网络议政的参与范围内。"))
    post = Post(thread=thread, member=member, text=_text(text, _("意见建议"), 3000))
    if upload is not None:
        checked = check_upload(upload)
        post.file_name, post.file_type = checked.name, checked.content_type
        post.file.save(checked.name, ContentFile(checked.data), save=False)
    _save(post, by)
    return post


@transaction.atomic
def post_moderate(*, post: Post, target: str, by: User, reason: str = "") -> Post:
    post = _locked(post)
    if not moderates(post.thread, by):
        raise PermissionDenied
    POST.move(post, target, by=by, comment=reason)
    post.hidden_reason = reason.strip()[:200] if target == Post.Status.HIDDEN else ""
    _save(post, by, ["status", "hidden_reason"])
    return post


# ---- reminders ----------------------------------------------------------------------------------


def remind_research(now: dt.datetime | None = None) -> int:
    """Consultations whose meeting is set within RESEARCH_REMIND_DAYS but whose research is
    not done yet (无调研不协商): the lead committee's staff are told once per meeting date."""
    from .workflow import research_missing

    now = now or timezone.now()
    due = (
        Consultation.objects.filter(
            status=Consultation.Status.RESEARCHING,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(days=RESEARCH_REMIND_DAYS),
        )
        .select_related("committee")
        .prefetch_related("research", "reports")
    )
    sent = 0
    staff: dict[int, list[User]] = {}
    for consultation in due:
        missing = research_missing(consultation)
        if not missing:
            continue
        if consultation.committee_id not in staff:
            staff[consultation.committee_id] = _users_with(
                Role.COMMITTEE_STAFF, committee_id=consultation.committee_id
            )
        when = timezone.localtime(consultation.starts_at).strftime("%Y-%m-%d %H:%M")
        sent += len(
            notify(
                recipients=staff[consultation.committee_id],
                title=_("调研尚未完成：%(title)s") % {"title": consultation.title},
                body=_("协商会议拟于 %(when)s 召开，但%(missing)s。")
                % {"when": when, "missing": "；".join(missing)},
                url=consultation_url(consultation),
                dedupe_key=f"consultations.research:{consultation.pk}:{when}",
            )
        )
    return sent


def overdue_recommendations(day: dt.date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        status=Recommendation.Status.PENDING,
        outcome__status=Outcome.Status.SENT,
        deadline__lt=day,
    ).select_related("outcome__consultation", "department")


def remind_overdue_feedback(day: dt.date | None = None) -> int:
    """Recommendations past their feedback deadline: the department's logins and the lead
    committee's staff are reminded, once each."""
    day = day or timezone.localdate()
    sent = 0
    for r in overdue_recommendations(day):
        consultation = r.outcome.consultation
        recipients = _users_with(Role.HANDLING_UNIT, department_id=r.department_id) + _users_with(
            Role.COMMITTEE_STAFF, committee_id=consultation.committee_id
        )
        sent += len(
            notify(
                recipients=recipients,
                title=_("协商建议反馈已逾期：%(title)s") % {"title": r.outcome.title},
                body=_("第%(n)d条（%(department)s），期限 %(deadline)s")
                % {"n": r.number, "department": r.department.name, "deadline": r.deadline},
                url=reverse("consultations:recommendation_detail", args=[r.pk]),
                dedupe_key=f"consultations.overdue:{r.pk}",
            )
        )
    return sent


# ---- quality evaluation (§9) --------------------------------------------------------------------


def quality_indicators() -> list[QualityIndicator]:
    return list(QualityIndicator.objects.filter(is_active=True).order_by("order", "pk"))


@transaction.atomic
def quality_score(
    *, consultation: Consultation, scores: dict[int, tuple[int, str]], by: User
) -> int:
    """The office scores a closed consultation on every active indicator (0–100 each, a
    short comment); scoring again replaces the scores. Returns the weighted total."""
    consultation = _locked(consultation)
    if not office_of(consultation, by):
        raise PermissionDenied
    outcome = Outcome.objects.filter(consultation=consultation).first()
    if outcome is None or outcome.status != Outcome.Status.CLOSED:
        raise ValidationError(_("协商成果反馈完毕（办结）后才能评价协商质量。"))
    indicators = quality_indicators()
    if {i.pk for i in indicators} != set(scores):
        raise ValidationError(_("请为每一项指标打分。"))
    for indicator in indicators:
        score, comment = scores[indicator.pk]
        if not 0 <= score <= 100:
            raise ValidationError(
                _("「%(name)s」的得分须在 0 至 100 之间。") % {"name": indicator.name}
            )
        row = QualityScore.objects.filter(consultation=consultation, indicator=indicator).first()
        row = row or QualityScore(consultation=consultation, indicator=indicator)
        row.score, row.comment = score, comment.strip()[:200]
        row.scored_by, row.scored_at = by, timezone.now()
        _save(row, by)
    return weighted_total(consultation)


def weighted_total(consultation: Consultation) -> int | None:
    """The weighted score of a consultation (None before it is scored)."""
    rows = list(QualityScore.objects.filter(consultation=consultation).select_related("indicator"))
    weight = sum(r.indicator.weight for r in rows)
    if not weight:
        return None
    return round(sum(r.score * r.indicator.weight for r in rows) / weight)
