"""The Ordos demo: this year's committee work played through the services by each committee's
staff (plans in every state, activities with invitations, attendance and outputs)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityParticipant,
    PlanItem,
    WorkPlan,
)
from committees.models.types import WITHOUT_OUTPUT
from committees.models.types import ActivityType as T
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from members.models import CommitteeMembership, Member
from members.selectors import active_on
from organisation.models import Body, Committee, SectorGroup
from organisation.selectors import vice_chair_of
from portal.models import Role, User
from portal.services import role_grant, user_create

from .. import committee_work_data as text
from .. import org_data
from ..org_build import Stopwatch
from .bulk import _bulk_activity, bulk_year
from .common import EARLIER_PER_YEAR, PDF, PNG, STAFF_NAMES, Seats, _at, _place, _topic, _weekday

# ---- the demo: this year through the services ----------------------------------------------


@dataclass
class Demo:
    body: Body
    rng: random.Random
    seats: Seats
    committees: dict[str, Committee]
    groups: dict[int, list[SectorGroup]]  # committee id -> its groups
    staff: dict[str, User]
    office: User
    today: dt.date
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # (committee id, year, activity type) -> the approved plan's item an activity carries out
    plan_items: dict[tuple[int, int, str], PlanItem] = field(default_factory=dict)


def build_demo(*, rng: random.Random, by: User, clock: Stopwatch) -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    committees = {c.kind: c for c in Committee.objects.filter(body=body)}
    groups: dict[int, list[SectorGroup]] = defaultdict(list)
    for group in SectorGroup.objects.filter(body=body):
        groups[group.committee_id].append(group)
    demo = Demo(
        body=body,
        rng=rng,
        seats=Seats.load(body.pk),
        committees=committees,
        groups=groups,
        staff=_staff_logins(body, committees, by),
        office=User.objects.get(username="office"),
        today=timezone.localdate(),
    )
    with clock.stage("工作计划与总结"):
        _plans(demo, by)
    with clock.stage("本年度履职活动（经服务层）"):
        _this_year(demo)
    with clock.stage("往年履职活动（批量）"):
        term_start = org_data.TERM_5.start.year
        for year in range(term_start, demo.today.year):
            bulk_year(
                body=body,
                committees=list(committees.values()),
                seats=demo.seats,
                year=year,
                count=EARLIER_PER_YEAR,
                rng=rng,
                by=by,
                until=demo.today,
                counts=demo.counts,
            )
        _office_history(demo, by)
    from evaluation.models import QuotaEvidence

    QuotaEvidence.objects.create(
        body=body,
        quota_code="Q22",
        date=dt.date(demo.today.year - 1, 3, 1),
        title=f"{demo.today.year - 1}年《政协委员履职导引》",
        recorded_by=demo.office,
    )
    c = demo.counts
    return (
        f"专委会工作：计划与总结 {WorkPlan.objects.filter(committee__body=body).count()} 份，"
        f"活动 {Activity.objects.filter(body=body).count()} 项，邀请与考勤 "
        f"{ActivityInvitation.objects.filter(activity__body=body).count()} 条，"
        f"成果 {c['outputs']} 件；"
        f"各专委会工作人员账号 staff_<类型>（密码同上）。"
    )


def _staff_logins(body: Body, committees: dict[str, Committee], by: User) -> dict[str, User]:
    """`staff` runs 经济委员会; every other committee gets `staff_<kind>`."""
    staff = {"economy": User.objects.get(username="staff")}
    names = iter(STAFF_NAMES)
    for kind, committee in committees.items():
        if kind in staff:
            continue
        user = user_create(
            body=body,
            username=f"staff_{kind}",
            full_name=next(names, "工作人员"),
            password=org_data.DEMO_PASSWORD,
            email=f"staff_{kind}@{org_data.DEMO_EMAIL_DOMAIN}",
            by=by,
        )
        role_grant(user=user, role=Role.COMMITTEE_STAFF, body=body, committee=committee, by=by)
        staff[kind] = user
    return staff


def _plans(demo: Demo, by: User) -> None:
    """Last year's plans and summaries and this year's plans approved early in their year
    (the board and the plans look like a real year); next year's plans, the work of the
    planning season, in every state; the culture committee's 文史资料 plans (§4)."""
    year = demo.today.year
    states = {
        "economy": "submitted",
        "agriculture": "submitted",
        "education": "returned",
        "social_legal": "draft",
        "hmt_foreign": "draft",
    }
    for kind, committee in demo.committees.items():
        staff = demo.staff[kind]
        approver = vice_chair_of(committee)
        for plan_year, plan_kind in (
            (year - 1, WorkPlan.Kind.ANNUAL_PLAN),
            (year - 1, WorkPlan.Kind.ANNUAL_SUMMARY),
            (year, WorkPlan.Kind.ANNUAL_PLAN),
            (year + 1, WorkPlan.Kind.ANNUAL_PLAN),
        ):
            try:
                plan = plan_services.plan_create(
                    committee=committee,
                    kind=plan_kind,
                    year=plan_year,
                    title=f"{committee.name}{plan_year}年{WorkPlan.Kind(plan_kind).label}",
                    content=_plan_content(committee, plan_year, plan_kind),
                    by=staff,
                )
            except ValidationError:
                continue  # next year lies beyond the terms entered
            if plan.has_items:
                _items(demo, plan, staff)
            state = states.get(kind, "approved") if plan_year > year else "approved"
            if state == "draft":
                continue
            plan_services.plan_submit(plan=plan, by=staff)
            if state == "returned":
                plan_services.plan_decide(
                    plan=plan,
                    approve=False,
                    comment="请进一步精选重点协商课题，明确每项调研的牵头负责人和完成时限。",
                    by=approver,
                )
            elif state == "approved":
                plan_services.plan_decide(plan=plan, approve=True, by=approver)
                if plan_year <= year:
                    # Approved in the first weeks of its year (a summary early the next).
                    on = dt.date(plan_year + (plan_kind == WorkPlan.Kind.ANNUAL_SUMMARY), 1, 20)
                    submitted = _at(on - dt.timedelta(days=6), 10)
                    WorkPlan.objects.filter(pk=plan.pk).update(
                        submitted_at=submitted, decided_at=_at(on, 15)
                    )
                if plan_year == year and plan.has_items:
                    for item in plan.items.all():
                        demo.plan_items.setdefault(
                            (committee.pk, plan_year, item.activity_type), item
                        )
    culture = demo.committees["culture_history"]
    approver = vice_chair_of(culture)
    for plan_kind in (WorkPlan.Kind.ARCHIVES_TERM_PLAN, WorkPlan.Kind.ARCHIVES_ANNUAL_PLAN):
        plan = plan_services.plan_create(
            committee=culture,
            kind=plan_kind,
            year=year,
            title=WorkPlan.Kind(plan_kind).label,
            content="围绕鄂尔多斯革命、建设、改革、发展历程征集原始资料，开展口述史征集。",
            by=demo.staff["culture_history"],
        )
        plan_services.plan_item_save(
            item=PlanItem(
                plan=plan,
                activity_type=T.RESEARCH,
                topic="口述史征集与整理",
                lead="文化文史和学习委员会主任",
            ),
            sector_groups=[],
            by=demo.staff["culture_history"],
        )
        plan_services.plan_submit(plan=plan, by=demo.staff["culture_history"])
        if plan_kind == WorkPlan.Kind.ARCHIVES_TERM_PLAN:
            plan_services.plan_decide(plan=plan, approve=True, by=approver)


def _plan_content(committee: Committee, year: int, kind: str) -> str:
    if kind == WorkPlan.Kind.ANNUAL_SUMMARY:
        return (
            f"{year}年，{committee.name}在市政协党组领导下，围绕全市中心工作，"
            "组织开展理论学习、专题调研、视察考察和界别活动，提交集体提案和社情民意信息，"
            "较好完成了年度工作任务。"
        )
    return f"{committee.name}{year}年工作的总体安排：突出政治引领，聚焦中心工作，深化界别活动。"


def _items(demo: Demo, plan: WorkPlan, staff: User) -> None:
    kind = plan.committee.kind
    topics = list(text.TOPICS.get(kind, ("履职工作",)))
    demo.rng.shuffle(topics)
    plan_types = (
        T.THEORY_STUDY, T.POLICY_BRIEFING, T.RESEARCH, T.INSPECTION, T.SECTOR_ACTIVITY,
        T.COMMITTEE_PLENARY, T.PARTY_DAY,
    )  # fmt: skip
    for n, type_ in enumerate(plan_types):
        plan_services.plan_item_save(
            item=PlanItem(
                plan=plan,
                activity_type=type_,
                month=min(2 + n, 12),
                topic=text.TITLES[type_].format(topic=topics[n % len(topics)]),
                lead=f"{plan.committee.name}主任",
                is_key_consultation=n == 2,
                is_key_information=n == 3,
                order=n,
            ),
            sector_groups=demo.groups.get(plan.committee_id, [])[:1] if n == 4 else [],
            by=staff,
        )


def _this_year(demo: Demo) -> None:
    today, rng = demo.today, demo.rng
    jan1 = dt.date(today.year, 1, 1)
    for kind, committee in demo.committees.items():
        # The yearly duties (Q1–Q5, Q20, Q21): most done, some still missing.
        duties = [T.THEORY_STUDY, T.POLICY_BRIEFING, T.HEART_TO_HEART, T.RESEARCH, T.PARTY_DAY]
        duties += [T.COMMITTEE_PLENARY, T.COUNTERPART_SYMPOSIUM]
        if kind == "proposals":
            duties += [T.PROPOSAL_ASSIGNMENT, T.PROPOSAL_SYMPOSIUM, T.COMMITTEE_PLENARY]
        for type_ in duties:
            if rng.random() < 0.75 and today > jan1 + dt.timedelta(days=7):
                _played(demo, committee, type_, _weekday(rng, jan1, today - dt.timedelta(days=1)))
        # Research, inspections, visits, sector activities and the like through the year.
        for _ in range(8):
            type_ = rng.choices(*zip(*text.COMMITTEE_TYPES, strict=True))[0]
            if today > jan1 + dt.timedelta(days=7):
                _played(demo, committee, type_, _weekday(rng, jan1, today - dt.timedelta(days=1)))
        # Upcoming: announced, invitations out.
        for _ in range(2):
            type_ = rng.choices(*zip(*text.COMMITTEE_TYPES, strict=True))[0]
            day = today + dt.timedelta(days=rng.randrange(3, 40))
            _played(demo, committee, type_, day, upcoming=True)
    economy = demo.committees["economy"]
    member = Member.objects.get(user__username="member")
    # The demo member's invitations: tomorrow (the eve reminder), next week, and a lecture.
    for days, type_ in ((1, T.SYMPOSIUM), (6, T.RESEARCH), (14, T.MEMBER_LECTURE)):
        _played(
            demo, economy, type_, today + dt.timedelta(days=days), upcoming=True, invite=[member.pk]
        )
    # Held five days ago, attendance not recorded yet: staff are reminded.
    _played(
        demo, economy, T.SEMINAR, today - dt.timedelta(days=5), record=False, invite=[member.pk]
    )
    # A major activity in the vice-chair's inbox, and one he approved already.
    _played(
        demo, economy, T.INSPECTION, today + dt.timedelta(days=20), major="pending", hour=9,
        place=text.FIELD_PLACES[0], invite=[member.pk],
    )  # fmt: skip
    # The office's clash report (§13): another committee's inspection, same time and place.
    _played(
        demo, demo.committees["environment"], T.INSPECTION, today + dt.timedelta(days=20),
        upcoming=True, hour=10, place=text.FIELD_PLACES[0], invite=[member.pk], everyone=True,
    )  # fmt: skip
    _played(
        demo, demo.committees["agriculture"], T.STUDY_TOUR, today + dt.timedelta(days=25),
        major="approved", upcoming=True,
    )  # fmt: skip
    # The office: this year's 联席会议 (Q18).
    if today > jan1 + dt.timedelta(days=30):
        _played(demo, None, T.JOINT_MEETING, jan1 + dt.timedelta(days=30), everyone=False)


def _played(
    demo: Demo,
    committee: Committee | None,
    type_: str,
    day: dt.date,
    *,
    upcoming: bool = False,
    record: bool = True,
    invite: list[int] | None = None,
    major: str = "",
    everyone: bool = False,
    hour: int | None = None,
    place: str = "",
) -> Activity:
    """One activity through the services: created, members invited, (approved,) published,
    held, attendance recorded, outputs attached."""
    rng = demo.rng
    by = demo.staff[committee.kind] if committee else demo.office
    start = _at(day, hour or rng.choice((9, 10, 14, 15)))
    groups = demo.groups.get(committee.pk, []) if committee else []
    use_groups = type_ in (T.SECTOR_ACTIVITY, T.SECTOR_CONSULTATION) and groups
    # A held activity of a type the approved plan lists carries out that item (once).
    item = None
    if committee is not None and not upcoming:
        item = demo.plan_items.pop((committee.pk, day.year, type_), None)
    activity = activity_services.activity_save(
        activity=Activity(
            plan_item=item,
            body=demo.body,
            type=type_,
            committee=committee,
            topic=_topic(rng, committee.kind if committee else "", type_),
            description="组织委员围绕主题深入交流，形成意见建议。",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=rng.choice((2, 3, 3, 4))),
            place=place or _place(rng, type_),
            is_major=bool(major),
            is_public=type_ in (T.MEMBER_LECTURE, T.THINK_TANK_LECTURE),
        ),
        sector_groups=groups[:1] if use_groups else [],
        by=by,
    )
    pool = (
        demo.seats.everyone(day)
        if committee is None or everyone
        else demo.seats.of_committee(committee.pk, day)
    )
    chosen = set(rng.sample(pool, min(len(pool), rng.randint(6, 14))))
    chosen |= {m for m in (invite or []) if demo.seats.in_office(m, day)}
    if committee is not None and type_ in WITHOUT_OUTPUT:
        # A visit or a talk is made by the committee's director or a deputy (§3).
        chosen |= set(
            CommitteeMembership.objects.filter(
                active_on(day), committee=committee, role__in=("director", "deputy")
            )
            .order_by("-role")  # the director if there is one
            .values_list("member_id", flat=True)[:1]
        )
    if chosen:
        activity_services.invitations_add(
            activity=activity, members=Member.objects.filter(pk__in=chosen), by=by
        )
    if type_ == T.COUNTERPART_SYMPOSIUM and committee is not None:
        # §15: the banner/district counterpart committees take part (Q21 counts them).
        for district in rng.sample(org_data.DISTRICTS, 2):
            activity_services.participant_add(
                participant=ActivityParticipant(
                    activity=activity,
                    kind=ActivityParticipant.Kind.COUNTERPART,
                    name=rng.choice(org_data.SURNAMES) + rng.choice(org_data.MALE_GIVEN),
                    unit=f"{district.name}{committee.name}",
                ),
                by=by,
            )
    if type_ in (T.RESEARCH, T.SYMPOSIUM, T.INSPECTION) and rng.random() < 0.6:
        name, title = rng.choice(text.OFFICIALS + text.EXPERTS)
        activity_services.participant_add(
            participant=ActivityParticipant(
                activity=activity,
                kind="official" if (name, title) in text.OFFICIALS else "expert",
                name=rng.choice(org_data.SURNAMES) + rng.choice(org_data.MALE_GIVEN),
                unit=f"{name}{title}",
            ),
            by=by,
        )
    if major:
        activity = activity_services.activity_submit(activity=activity, by=by)
        if major == "pending":
            return activity
        approver = vice_chair_of(committee)
        activity = activity_services.activity_decide(activity=activity, approve=True, by=approver)
    activity = activity_services.activity_publish(activity=activity, by=by)
    demo.counts["activities"] += 1
    if upcoming:
        return activity
    activity = activity_services.activity_mark_held(activity=activity, by=by)
    if record and chosen:
        entries = {}
        for invitation in activity.invitations.all():
            roll = rng.random()
            if roll < 0.8:
                entries[invitation.pk] = ("present", "")
            elif roll < 0.93:
                entries[invitation.pk] = ("excused", rng.choice(text.LEAVE_REASONS))
            else:
                entries[invitation.pk] = ("absent", "")
        activity_services.attendance_record(activity=activity, entries=entries, by=by)
    # Nearly every held activity gets its record (issue 9: only those count for a quota);
    # a few stay without one, as in practice, and the board says so.
    if record and type_ not in WITHOUT_OUTPUT and rng.random() < 0.92:
        kind, name, content = (
            ("report", "调研报告.pdf", PDF)
            if type_ == T.RESEARCH
            else ("photo", "现场.png", PNG)
            if type_ in (T.INSPECTION, T.STUDY_TOUR)
            else ("minutes", "会议纪要.pdf", PDF)
        )
        label = {"report": "报告", "photo": "照片", "minutes": "纪要"}[kind]
        activity_services.output_add(
            activity=activity,
            kind=kind,
            title=f"{activity.topic}{label}",
            upload=SimpleUploadedFile(name, content),
            by=by,
        )
        demo.counts["outputs"] += 1
    return activity


def _office_history(demo: Demo, by: User) -> None:
    """Body-wide records of the term: the 专委会工作会议 (Q19) and the proposal training
    (Q10) in its first year, a 联席会议 each past year (Q18)."""
    start = org_data.TERM_5.start
    office_rows = [
        (T.COMMITTEE_WORK_MEETING, dt.date(start.year, 4, 12), 0.9),
        (T.PROPOSAL_TRAINING, dt.date(start.year, 3, 8), 0.85),
        *[(T.JOINT_MEETING, dt.date(y, 2, 20), 1.0) for y in range(start.year, demo.today.year)],
    ]
    for type_, day, share in office_rows:
        members = demo.seats.everyone(day)
        invited = members if type_ == T.PROPOSAL_TRAINING else members[:12]
        _bulk_activity(
            body=demo.body,
            committee=None,
            type_=type_,
            day=day,
            invited=invited,
            present_share=share,
            rng=demo.rng,
            by=by,
            topic=text.TITLES[type_],
        )
