"""The life of each demo proposal, planned in advance (pure, seeded): when it was written,
submitted, signed, reviewed, assigned, contacted, replied to, rated and closed, stopping
wherever "now" falls. proposals.demo writes the plans as rows (bulk) or plays some of them
through the services."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from proposals.deadlines import add_months, rehandling_deadline
from proposals.models import Proposal

from . import org_data
from . import proposals_data as texts

S = Proposal.Status


@dataclass
class Person:
    """A member who may propose on a day: his seat and sector then."""

    member_id: int
    user_id: int | None
    sector_id: int
    start: dt.date
    end: dt.date | None
    seats: list[tuple[int, dt.date, dt.date | None]]  # (committee, start, end)

    def in_office(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def committee_on(self, day: dt.date) -> int | None:
        for committee_id, start, end in self.seats:
            if start <= day and (end is None or day <= end):
                return committee_id
        return None


@dataclass
class Context:
    """What a body offers the planner."""

    body_id: int
    people: list[Person]
    departments: dict[str, int]  # municipal name -> id of the body's department
    fallback_departments: list[int]
    committees: list[int]  # committees that propose collectively
    groups: dict[int, int]  # sector group -> its committee
    place: str


@dataclass
class Event:
    """One transition: of the proposal (unit None), a signer (signer index) or an
    assignment/communication (unit index)."""

    at: dt.datetime
    subject: str  # "proposal", "signer", "assignment", "communication"
    index: int | None
    source: str
    target: str
    actor: str  # "author", "reviewer", "office", "unit", "signer", "proposer"
    comment: str = ""


@dataclass
class Unit:
    department_id: int
    role: str
    round: int
    assigned: dt.datetime
    deadline: dt.date
    status: str = "assigned"
    accepted: dt.datetime | None = None
    contacted: dt.date | None = None
    contact_text: str = ""
    returned: dt.datetime | None = None
    finished: dt.datetime | None = None
    opinion: str = ""
    reply_code: str = ""
    reply_text: str = ""


@dataclass
class Life:
    year: int
    kind: str
    category: str
    title: str
    reasons: str
    suggestions: str
    measure: str
    person: Person | None
    organiser_committee_id: int | None = None
    organiser_group_id: int | None = None
    committee_id: int | None = None
    sector_id: int | None = None
    signers: list[tuple[Person, str, dt.datetime | None]] = field(default_factory=list)
    created: dt.datetime | None = None
    submitted: dt.datetime | None = None
    status: str = S.DRAFT
    reviewed: dt.datetime | None = None
    ground: str = ""
    conversion: str = ""
    merged_into: Life | None = None
    filed: dt.datetime | None = None
    serial: int | None = None
    assigned: dt.datetime | None = None
    units: list[Unit] = field(default_factory=list)
    evaluations: list[tuple[int, str, dt.datetime, str]] = field(default_factory=list)
    round: int = 1
    closed: dt.datetime | None = None
    is_key: bool = False
    is_excellent: bool = False
    events: list[Event] = field(default_factory=list)

    def move(self, at: dt.datetime, target: str, actor: str, comment: str = "") -> None:
        self.events.append(Event(at, "proposal", None, self.status, target, actor, comment))
        self.status = target


def _days(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(days=rng.uniform(low, high))


def _at_office_hours(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=9 + local.minute % 8, second=0, microsecond=0)


def submission_times(rng: random.Random, year: int, count: int, now: dt.datetime):
    """Most proposals come during the plenary session in January, the rest all year."""
    zone = timezone.get_current_timezone()
    session = dt.datetime.combine(org_data.session_opening(year), dt.time(9), tzinfo=zone)
    end_of_year = dt.datetime(year, 12, 20, 9, tzinfo=zone)
    last = min(end_of_year, now - dt.timedelta(days=1))
    times = []
    for _ in range(count):
        if rng.random() < 0.7:
            moment = session + _days(rng, 0, 18)
        else:
            moment = session + _days(rng, 25, max(26, (last - session).days))
        if moment < last:
            times.append(_at_office_hours(moment))
    return sorted(times)


def _text(rng: random.Random, ctx: Context) -> tuple[texts.Theme, str, str, str, str]:
    theme = rng.choice(texts.THEMES)
    subject = rng.choice(theme.subjects)
    place = rng.choice(texts.PLACES) if ctx.place == "鄂尔多斯市" else ""
    verb = rng.choice(texts.VERBS) if rng.random() < 0.5 else ""
    suffix = "的提案" if rng.random() < 0.15 else "的建议"
    title = f"关于{place}{verb}{subject}{suffix}"
    first, second = rng.sample(theme.problems, 2)
    reasons = (
        f"近年来，{place or '我市'}{subject}工作取得积极进展，但仍存在一些问题：一是{first}；"
        f"二是{second}。这些问题制约了相关工作的深入推进，群众反映较为集中。"
    )
    measures = rng.sample(theme.measures, 3)
    suggestions = "".join(f"{'一二三'[i]}、{m}。" for i, m in enumerate(measures))
    return theme, title, reasons, suggestions, measures[0]


def _department(rng: random.Random, ctx: Context, theme: texts.Theme, exclude=()) -> int:
    choices = [ctx.departments[n] for n in theme.departments if n in ctx.departments]
    choices = [d for d in choices if d not in exclude] or [
        d for d in ctx.fallback_departments if d not in exclude
    ]
    return rng.choice(choices)


def plan_life(
    rng: random.Random,
    ctx: Context,
    *,
    submitted: dt.datetime,
    now: dt.datetime,
    filed_same_year: list[Life],
) -> Life | None:
    """One proposal submitted at `submitted`, played forward until `now`."""
    day = timezone.localdate(submitted)
    theme, title, reasons, suggestions, measure = _text(rng, ctx)
    roll = rng.random()
    seated = [p for p in ctx.people if p.in_office(day)]
    if not seated:
        return None
    life = Life(
        year=day.year,
        kind=Proposal.Kind.INDIVIDUAL,
        category=theme.category,
        title=title,
        reasons=reasons,
        suggestions=suggestions,
        measure=measure,
        person=None,
    )
    if roll < 0.08 and ctx.committees:
        life.kind = Proposal.Kind.COLLECTIVE
        if rng.random() < 0.5 and ctx.groups:
            life.organiser_group_id = rng.choice(sorted(ctx.groups))
            life.committee_id = ctx.groups[life.organiser_group_id]
        else:
            life.organiser_committee_id = rng.choice(ctx.committees)
            life.committee_id = life.organiser_committee_id
    else:
        life.person = rng.choice(seated)
        life.committee_id = life.person.committee_on(day)
        life.sector_id = life.person.sector_id
        if roll < 0.38:
            life.kind = Proposal.Kind.JOINT
            others = [p for p in seated if p is not life.person]
            for person in rng.sample(others, min(len(others), rng.randint(1, 4))):
                life.signers.append((person, "invited", None))
    life.created = submitted - _days(rng, 0.1, 4)
    t = submitted
    if life.kind == Proposal.Kind.JOINT:
        life.move(t, S.AWAITING_SIGNERS, "author")
        answered = []
        for index, (person, _s, _at) in enumerate(life.signers):
            at = t + _days(rng, 0.2, 4)
            if at > now:
                continue
            status = "declined" if rng.random() < 0.08 else "confirmed"
            life.signers[index] = (person, status, at)
            life.events.append(Event(at, "signer", index, "invited", status, "signer"))
            answered.append(at)
        if len(answered) < len(life.signers):
            return life
        if all(s == "declined" for _p, s, _a in life.signers):
            life.signers[0] = (life.signers[0][0], "confirmed", life.signers[0][2])
            life.events[-1].target = "confirmed"
        t = max(answered)
        life.submitted = t
        life.move(t, S.SUBMITTED, "signer", "联名人均已答复，提案进入审查。")
    else:
        life.submitted = t
        life.move(t, S.SUBMITTED, "author")
    if rng.random() < 0.03:
        at = t + _days(rng, 0.5, 3)
        if at <= now:
            life.move(at, S.WITHDRAWN, "author", "与已有提案重复，撰写人撤回。")
        return life
    reviewed = t + _days(rng, 3, 22)
    if reviewed > now:
        return life
    life.reviewed = reviewed
    fate = rng.random()
    candidates = [
        o for o in filed_same_year if o.filed and o.filed < reviewed and o.category == life.category
    ]
    if fate < 0.06 and candidates:
        life.merged_into = rng.choice(candidates)
        life.move(reviewed, S.MERGED, "reviewer", "内容相近，并案办理。")
        return life
    if fate < 0.15:
        life.ground = rng.choice(
            [
                Proposal.Ground.PERSONAL,
                Proposal.Ground.NO_SUGGESTION,
                Proposal.Ground.ACADEMIC,
                Proposal.Ground.MULTIPLE_ISSUES,
                Proposal.Ground.LITIGATION,
            ]
        )
        life.conversion = rng.choice(["", "opinion", "social_info"])
        life.move(reviewed, S.NOT_FILED, "reviewer", str(Proposal.Ground(life.ground).label))
        return life
    life.filed = reviewed
    life.move(reviewed, S.FILED, "reviewer")
    filed_same_year.append(life)
    assigned = reviewed + _days(rng, 3, 25)
    if assigned > now:
        return life
    _assign(rng, ctx, life, theme, assigned)
    life.assigned = assigned
    if rng.random() < 0.04 and len(life.units) == 1:
        lead = life.units[0]
        lead.returned = assigned + _days(rng, 0.5, 5)
        if lead.returned > now:
            lead.returned = None
        else:
            lead.status = "returned"
            life.events.append(
                Event(
                    lead.returned,
                    "assignment",
                    0,
                    "assigned",
                    "returned",
                    "unit",
                    "不属于本单位职责范围。",
                )
            )
            life.move(lead.returned, S.FILED, "unit", "承办单位退回：不属于本单位职责范围。")
            again = lead.returned + _days(rng, 1, 6)
            if again > now:
                return life
            life.units.append(
                Unit(
                    _department(rng, ctx, theme, exclude={lead.department_id}),
                    "lead",
                    1,
                    again,
                    add_months(timezone.localdate(again), 3),
                )
            )
            life.events.append(Event(again, "assignment", 1, "", "assigned", "office", "主办"))
            life.move(again, S.ASSIGNED, "office")
    if not _handle(rng, life, round_=1, now=now):
        return life
    replied = max(u.finished for u in life.units if u.round == 1 and u.status == "replied")
    rated = replied + _days(rng, 3, 25)
    if rng.random() < 0.1 or rated > now:
        closed = replied + _days(rng, 40, 70)
        if closed <= now:
            life.move(closed, S.CLOSED, "office", "提案者逾期未评价。")
            life.closed = closed
        return life
    result = rng.choices(["satisfied", "basically", "dissatisfied"], [72, 21, 7])[0]
    label = {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"}[result]
    comment = "答复针对性不强，措施不具体。" if result == "dissatisfied" else ""
    life.evaluations.append((1, result, rated, comment))
    life.move(rated, S.EVALUATED, "proposer", "：".join(filter(None, [label, comment])))
    last = rated
    if result == "dissatisfied":
        life.move(rated, S.REHANDLING, "proposer", comment)
        life.round = 2
        for old in [
            u for u in life.units if u.round == 1 and u.status in ("replied", "opinion_sent")
        ]:
            life.units.append(
                Unit(
                    old.department_id,
                    old.role,
                    2,
                    rated,
                    rehandling_deadline(timezone.localdate(rated)),
                )
            )
            life.events.append(
                Event(
                    rated, "assignment", len(life.units) - 1, "", "assigned", "proposer", old.role
                )
            )
        if not _handle(rng, life, round_=2, now=now, fast=True):
            return life
        replied = max(u.finished for u in life.units if u.round == 2 and u.status == "replied")
        rated = replied + _days(rng, 3, 15)
        if rated > now:
            return life
        result = rng.choices(["satisfied", "basically", "dissatisfied"], [40, 45, 15])[0]
        life.evaluations.append((2, result, rated, ""))
        label = {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"}[result]
        life.move(rated, S.EVALUATED, "proposer", label)
        last = rated
    closed = last + _days(rng, 20, 160)
    if closed <= now:
        life.move(closed, S.CLOSED, "office")
        life.closed = closed
    return life


def _assign(rng, ctx: Context, life: Life, theme, assigned: dt.datetime) -> None:
    deadline = add_months(timezone.localdate(assigned), 3)
    roll = rng.random()
    lead = _department(rng, ctx, theme)
    if roll < 0.1:
        other = _department(rng, ctx, theme, exclude={lead})
        life.units += [
            Unit(lead, "separate", 1, assigned, deadline),
            Unit(other, "separate", 1, assigned, deadline),
        ]
    else:
        life.units.append(Unit(lead, "lead", 1, assigned, deadline))
        if roll < 0.3:
            life.units.append(
                Unit(_department(rng, ctx, theme, exclude={lead}), "co", 1, assigned, deadline)
            )
    life.move(assigned, S.ASSIGNED, "office", f"期限 {deadline.isoformat()}")
    for index, unit in enumerate(life.units):
        life.events.append(
            Event(assigned, "assignment", index, "", "assigned", "office", unit.role)
        )


def _handle(rng, life: Life, *, round_: int, now: dt.datetime, fast: bool = False) -> bool:
    """Contacts, opinions and replies of one round; True when every answering unit replied
    before `now`."""
    done = True
    for index, unit in enumerate(life.units):
        if unit.round != round_ or unit.status == "returned":
            continue
        accepted = unit.assigned + _days(rng, 2, 10 if fast else 25)
        if accepted > now:
            done = done and unit.role == "co"
            continue
        unit.accepted, unit.status = accepted, "handling"
        life.events.append(Event(accepted, "assignment", index, "assigned", "handling", "unit"))
        if life.status in (S.ASSIGNED,):
            life.move(accepted, S.HANDLING, "unit")
        unit.contacted = timezone.localdate(accepted)
        unit.contact_text = rng.choice(texts.CONTACTS)
        if unit.role == "co":
            at = accepted + _days(rng, 5, 30)
            if at <= now:
                unit.status, unit.finished = "opinion_sent", at
                unit.opinion = "同意主办单位办理意见，我单位将在职责范围内积极配合落实。"
                life.events.append(
                    Event(at, "assignment", index, "handling", "opinion_sent", "unit")
                )
            continue
        slow = rng.random() < 0.08
        gap = _days(rng, 7, 30) if fast else (_days(rng, 95, 160) if slow else _days(rng, 15, 75))
        replied = accepted + gap
        if replied > now:
            done = False
            continue
        unit.status, unit.finished = "replied", replied
        unit.reply_code = rng.choices(["A", "B", "C"], [55, 35, 10])[0]
        unit.reply_text = texts.REPLIES[unit.reply_code].format(measure=life.measure)
        life.events.append(Event(replied, "assignment", index, "handling", "replied", "unit"))
    if not done:
        return False
    answering = [
        u for u in life.units if u.round == round_ and u.role != "co" and u.status != "returned"
    ]
    if not answering or any(u.status != "replied" for u in answering):
        return False
    at = max(u.finished for u in answering)
    for index, unit in enumerate(life.units):
        if unit.round == round_ and unit.role == "co" and unit.status in ("assigned", "handling"):
            life.events.append(
                Event(at, "assignment", index, unit.status, "cancelled", "unit", "主办单位已答复。")
            )
            unit.status = "cancelled"
    life.move(at, S.REPLIED, "unit", "")
    return True
