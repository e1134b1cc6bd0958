"""Demo and benchmark data of committee work (plans, activities, attendance, outputs),
hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos CPPCC's work of this year played through the services by each
  committee's staff (every committee gets a staff login; `staff` keeps 经济委员会): plans in
  every state (经济委 and 农业农村委 wait in `vicechair`'s inbox, 教科卫体委's was returned),
  about 150 activities with invitations, attendance and outputs, upcoming ones the demo
  `member` is invited to, a major activity waiting for approval, a held activity whose
  attendance is not recorded (the reminder case); the earlier years of the term (about 600
  activities) are written in bulk, as an import of past records would be.
- region: about 300,000 activities and 3,000,000 invitation/attendance rows over the 12
  bodies and ten years, with bulk_create in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
    OfficePlan,
    PlanItem,
    WorkPlan,
)
from committees.models.types import WITHOUT_OUTPUT
from committees.models.types import ActivityType as T
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on
from organisation.models import Body, Committee, SectorGroup
from portal.models import Role, TransitionLog, User
from portal.services import role_grant, user_create

from . import committee_work_data as text
from . import org_data
from .org_build import Stopwatch

EARLIER_PER_YEAR = 150
REGION_PER_BODY_YEAR = 2500
BATCH = 5000
TZ = timezone.get_current_timezone()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
PLACEHOLDER = "activities/demo/placeholder.pdf"
STAFF_NAMES = ("王丽娜", "张建华", "乌日娜", "刘志刚", "高晓燕", "白玉龙", "赵敏", "孟和")


def build(
    *,
    scale: str,
    body_ids: list[int],
    members_per_body: int,
    rng: random.Random,
    by: User,
    clock: Stopwatch,
) -> str:
    if scale == "demo":
        return build_demo(rng=rng, by=by, clock=clock)
    per_year = org_data.in_proportion(REGION_PER_BODY_YEAR, members_per_body)
    return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by, clock=clock)


def delete(body_ids: list[int]) -> None:
    """Every record of committee work in these bodies. Large sets go by SQL (the region
    has millions of rows; per-row deletion with history would take hours)."""
    activities = Activity.objects.filter(body_id__in=body_ids)
    plans = WorkPlan.objects.filter(committee__body_id__in=body_ids)
    kinds = ContentType.objects.get_for_models(Activity, WorkPlan, OfficePlan)
    TransitionLog.objects.filter(
        content_type=kinds[Activity], object_id__in=activities.values("pk")
    ).delete()
    TransitionLog.objects.filter(
        content_type=kinds[WorkPlan], object_id__in=plans.values("pk")
    ).delete()
    files = list(
        ActivityOutput.objects.filter(activity__body_id__in=body_ids)
        .exclude(file=PLACEHOLDER)
        .values_list("file", flat=True)
    )
    with connection.cursor() as cursor:
        for model in (ActivityOutput, ActivityParticipant, ActivityInvitation):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE activity_id IN "
                f"(SELECT id FROM {Activity._meta.db_table} WHERE body_id IN "
                f"({', '.join(['%s'] * len(body_ids))}))",
                body_ids,
            )
        groups = Activity.sector_groups.through._meta.db_table
        cursor.execute(
            f"DELETE FROM {groups} WHERE activity_id IN (SELECT id FROM "
            f"{Activity._meta.db_table} WHERE body_id IN ({', '.join(['%s'] * len(body_ids))}))",
            body_ids,
        )
    _sql_delete(Activity, "body_id", body_ids)
    PlanItem.objects.filter(plan__in=plans).delete()
    plans.delete()
    OfficePlan.objects.filter(body_id__in=body_ids).delete()
    CalendarFeed.objects.filter(member__body_id__in=body_ids).delete()
    from evaluation.models import Quota, QuotaEvidence

    QuotaEvidence.objects.filter(body_id__in=body_ids).delete()
    Quota.objects.filter(body_id__in=body_ids).delete()
    for name in files:
        default_storage.delete(name)


def _sql_delete(model, column: str, ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {model._meta.db_table} WHERE {column} IN "
            f"({', '.join(['%s'] * len(ids))})",
            ids,
        )


# ---- who sits where, when -------------------------------------------------------------------


@dataclass
class Seats:
    """One body's seats, loaded once (three queries): who may be invited on a day."""

    terms: dict[int, list[tuple[dt.date, dt.date | None]]] = field(default_factory=dict)
    committee: dict[int, list[tuple[int, dt.date, dt.date | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    sector_group: dict[int, int] = field(default_factory=dict)  # member -> group

    @classmethod
    def load(cls, body_id: int) -> Seats:
        seats = cls(terms=defaultdict(list))
        for member_id, start, end in MemberTerm.objects.filter(member__body_id=body_id).values_list(
            "member_id", "start_date", "end_date"
        ):
            seats.terms[member_id].append((start, end))
        for member_id, committee_id, start, end in CommitteeMembership.objects.filter(
            member__body_id=body_id
        ).values_list("member_id", "committee_id", "start_date", "end_date"):
            seats.committee[committee_id].append((member_id, start, end))
        seats.sector_group = dict(
            Member.objects.filter(body_id=body_id).values_list("pk", "sector__group_id")
        )
        return seats

    def in_office(self, member_id: int, day: dt.date) -> bool:
        return any(s <= day and (e is None or day <= e) for s, e in self.terms.get(member_id, ()))

    def of_committee(self, committee_id: int, day: dt.date) -> list[int]:
        return [
            m
            for m, s, e in self.committee.get(committee_id, ())
            if s <= day and (e is None or day <= e) and self.in_office(m, day)
        ]

    def everyone(self, day: dt.date) -> list[int]:
        return [m for m in self.terms if self.in_office(m, day)]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ)


def _topic(rng: random.Random, kind: str, type_: str) -> str:
    return text.TITLES[type_].format(topic=rng.choice(text.TOPICS.get(kind, ("履职工作",))))


def _place(rng: random.Random, type_: str) -> str:
    field_work = (T.RESEARCH, T.INSPECTION, T.STUDY_TOUR, T.MEMBER_VISIT, T.SECTOR_ACTIVITY)
    return rng.choice(text.FIELD_PLACES if type_ in field_work else text.ROOMS)


def _weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    for _ in range(20):
        day = start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))
        if day.weekday() < 5:
            return day
    return start


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
        term_start = org_data.TERM_4.start.year
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
        approver = plan_services.plan_approver(committee)
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
    approver = plan_services.plan_approver(culture)
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
        approver = plan_services.plan_approver(committee)
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
    start = org_data.TERM_4.start
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


# ---- bulk (earlier years of the demo, the region) ----------------------------------------------


def _bulk_activity(
    *,
    body: Body,
    committee: Committee | None,
    type_: str,
    day: dt.date,
    invited: list[int],
    present_share: float,
    rng: random.Random,
    by: User,
    topic: str,
) -> None:
    start = _at(day, 9)
    activity = Activity.objects.create(
        body=body,
        type=type_,
        committee=committee,
        owner_committee=committee,
        topic=topic,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place=rng.choice(text.ROOMS),
        status=Activity.Status.HELD,
        created_by=by,
        announced_at=start - dt.timedelta(days=7),
        held_at=start + dt.timedelta(hours=3),
        attendance_recorded_at=start + dt.timedelta(days=1),
    )
    ActivityInvitation.objects.bulk_create(
        [_invitation(activity, m, rng, present_share) for m in invited], batch_size=BATCH
    )


def _invitation(
    activity: Activity, member_id: int, rng: random.Random, present_share: float = 0.8
) -> ActivityInvitation:
    roll = rng.random()
    if roll < present_share:
        attendance, reason, response = "present", "", "accepted"
    elif roll < present_share + (1 - present_share) * 0.6:
        attendance, reason, response = "excused", rng.choice(text.LEAVE_REASONS), "leave"
    else:
        attendance, reason, response = "absent", "", "pending"
    return ActivityInvitation(
        activity=activity,
        member_id=member_id,
        invited_at=activity.starts_at - dt.timedelta(days=7),
        response=response,
        response_reason=reason if response == "leave" else "",
        attendance=attendance,
        attendance_reason=reason,
        recorded_at=activity.attendance_recorded_at,
    )


def bulk_year(
    *,
    body: Body,
    committees: list[Committee],
    seats: Seats,
    year: int,
    count: int,
    rng: random.Random,
    by: User,
    until: dt.date,
    counts: dict[str, int],
) -> None:
    """`count` activities of one body and year, with their invitations and attendance:
    held before `until`, announced after it. Invitees are members seated in the organising
    committee on the day (the attendance rule holds for every generated row)."""
    weights = list(zip(*text.COMMITTEE_TYPES, strict=True))
    start_of_year, end_of_year = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows: list[Activity] = []
    invitees: list[list[int]] = []
    for _ in range(count):
        committee = rng.choice(committees)
        type_ = rng.choices(*weights)[0]
        day = _weekday(rng, start_of_year, end_of_year)
        pool = seats.of_committee(committee.pk, day)
        if not pool:
            continue
        start = _at(day, rng.choice((9, 10, 14, 15)))
        held = day < until
        cancelled = held and rng.random() < 0.03
        status = (
            Activity.Status.CANCELLED
            if cancelled
            else Activity.Status.HELD
            if held
            else Activity.Status.PUBLISHED
        )
        rows.append(
            Activity(
                body=body,
                type=type_,
                committee=committee,
                owner_committee=committee,
                topic=_topic(rng, committee.kind, type_),
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                place=_place(rng, type_),
                status=status,
                created_by=by,
                announced_at=start - dt.timedelta(days=7),
                held_at=start + dt.timedelta(hours=3) if status == Activity.Status.HELD else None,
                attendance_recorded_at=start + dt.timedelta(days=1)
                if status == Activity.Status.HELD
                else None,
            )
        )
        invitees.append(rng.sample(pool, min(len(pool), rng.randint(6, 14))))
    Activity.objects.bulk_create(rows, batch_size=BATCH)
    invitations = []
    outputs = []
    for activity, members in zip(rows, invitees, strict=True):
        if activity.status == Activity.Status.HELD:
            invitations += [_invitation(activity, m, rng) for m in members]
            if activity.type not in WITHOUT_OUTPUT and rng.random() < 0.9:
                outputs.append(
                    ActivityOutput(
                        activity=activity,
                        kind="report" if activity.type == T.RESEARCH else "minutes",
                        title=f"{activity.topic}成果",
                        file=PLACEHOLDER,
                        original_name="成果.pdf",
                        content_type="application/pdf",
                        size=len(PDF),
                        uploaded_by=by,
                        uploaded_at=activity.ends_at,
                    )
                )
        elif activity.status == Activity.Status.PUBLISHED:
            invitations += [
                ActivityInvitation(activity=activity, member_id=m, invited_at=activity.announced_at)
                for m in members
            ]
        if len(invitations) >= BATCH:
            ActivityInvitation.objects.bulk_create(invitations, batch_size=BATCH)
            counts["invitations"] += len(invitations)
            invitations = []
    ActivityInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    ActivityOutput.objects.bulk_create(outputs, batch_size=BATCH)
    counts["invitations"] += len(invitations)
    counts["activities"] += len(rows)
    counts["outputs"] += len(outputs)


def _placeholder_file() -> None:
    if not default_storage.exists(PLACEHOLDER):
        default_storage.save(PLACEHOLDER, ContentFile(PDF))


# ---- the region ---------------------------------------------------------------------------------


def build_region(
    *, body_ids: list[int], per_year: int, rng: random.Random, by: User, clock: Stopwatch
) -> str:
    """QUALITY.md's region set for committee work: `per_year` activities per body and
    year (2,500 in the full set) over ten years (two terms), ten invitations each, with
    attendance."""
    _placeholder_file()
    today = timezone.localdate()
    counts: dict[str, int] = defaultdict(int)
    years = range(org_data.TERM_3.start.year, org_data.TERM_4.end.year + 1)
    with clock.stage(f"履职活动与考勤（约 {per_year * len(years) * len(body_ids)} 项）"):
        for body in Body.objects.filter(pk__in=body_ids).order_by("pk"):
            committees = list(Committee.objects.filter(body=body))
            seats = Seats.load(body.pk)
            if not seats.terms:
                continue
            for year in years:
                bulk_year(
                    body=body,
                    committees=committees,
                    seats=seats,
                    year=year,
                    count=per_year,
                    rng=rng,
                    by=by,
                    until=today,
                    counts=counts,
                )
    with clock.stage("工作计划（批量）"):
        plans = _region_plans(body_ids, years, by)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner sees millions of rows, not the empty tables it
        # last looked at (autovacuum would catch up later; benchmarks run right away).
        with clock.stage("更新统计信息（ANALYZE）"), connection.cursor() as cursor:
            for model in (Activity, ActivityInvitation, ActivityOutput, WorkPlan, PlanItem):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return (
        f"专委会工作：活动 {counts['activities']} 项，邀请与考勤 {counts['invitations']} 条，"
        f"成果 {counts['outputs']} 件，工作计划 {plans} 份。"
    )


def _region_plans(body_ids: list[int], years: range, by: User) -> int:
    """An approved annual plan per committee and year with five items (one key topic)."""
    now = timezone.now()
    committees = list(Committee.objects.filter(body_id__in=body_ids).select_related("body"))
    terms = {}
    from organisation.models import Term

    for term in Term.objects.filter(body_id__in=body_ids):
        for year in range(term.start_date.year, term.end_date.year + 1):
            terms[(term.body_id, year)] = term.pk
    plans = [
        WorkPlan(
            committee=c,
            term_id=terms[(c.body_id, year)],
            kind=WorkPlan.Kind.ANNUAL_PLAN,
            year=year,
            title=f"{c.name}{year}年年度工作计划",
            status=WorkPlan.Status.APPROVED,
            created_by=by,
            submitted_by=by,
            submitted_at=now,
            decided_by=by,
            decided_at=now,
        )
        for c in committees
        for year in years
        if (c.body_id, year) in terms
    ]
    WorkPlan.objects.bulk_create(plans, batch_size=BATCH)
    items = [
        PlanItem(
            plan=plan,
            activity_type=type_,
            month=n + 3,
            topic=text.TITLES[type_].format(topic=text.TOPICS[plan.committee.kind][0]),
            lead=f"{plan.committee.name}主任",
            is_key_consultation=n == 0,
            order=n,
        )
        for plan in plans
        for n, type_ in enumerate(
            (T.RESEARCH, T.THEORY_STUDY, T.INSPECTION, T.SECTOR_ACTIVITY, T.PARTY_DAY)
        )
    ]
    PlanItem.objects.bulk_create(items, batch_size=BATCH)
    return len(plans)
