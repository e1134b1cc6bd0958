"""Builds the demo data planned by `demo.org_plan` for `manage.py seed_demo`.

The demo (`build_demo`) goes through the services, as the office would, so every rule and
permission is the one production applies. The region benchmark set (`build_region`) is
written with `bulk_create`. Logins always go through the services (`create_logins`).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.models import Model
from simple_history.utils import bulk_create_with_history

from members.models import CommitteeMembership, Member, MemberTerm
from members.services import (
    member_create,
    member_open_account,
    membership_end,
    membership_transfer,
    party_group_save,
)
from organisation.models import (
    Body,
    Committee,
    Department,
    PartyGroup,
    PlenarySession,
    Sector,
    SectorGroup,
    Term,
)
from organisation.services import committee_set_vice_chair, org_record_save
from portal.models import Role, User
from portal.services import role_grant, user_create

from . import org_data as data
from . import org_plan as plan

BATCH = 2000


@dataclass
class Org:
    """One body's organisation records, keyed the way the plan names them."""

    body: Body
    place: str
    terms: dict[int, Term] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)  # by municipal name
    committees: dict[str, Committee] = field(default_factory=dict)  # by kind
    groups: dict[str, SectorGroup] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    people: list[plan.PersonPlan] = field(default_factory=list)
    members: dict[str, Member] = field(default_factory=dict)  # by code


class Stopwatch:
    """Times the stages of a run and prints each as it ends."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.started = time.perf_counter()
        self.stages: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.stages.append((label, seconds))
        self.write(f"  {label}：{seconds:.1f} 秒")

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started


# ---- organisation rows (unsaved; shared by both scales) -------------------------------


def new_body(spec: data.BodySpec, parent: Body | None) -> Body:
    level = Body.Level.MUNICIPAL if spec.parent is None else Body.Level.DISTRICT
    return Body(name=spec.name, short_name=spec.short_name, level=level, parent=parent)


def new_terms(org: Org, specs: tuple[data.TermSpec, ...]) -> dict[int, Term]:
    return {
        s.number: Term(
            body=org.body, number=s.number, name=s.name, start_date=s.start, end_date=s.end
        )
        for s in specs
    }


def new_sessions(term: Term) -> list[PlenarySession]:
    """The term's plenary sessions so far: one a year, the first opening the term."""
    sessions = []
    for number in range(1, data.SESSIONS_PER_TERM + 1):
        opens = term.start_date.replace(year=term.start_date.year + number - 1)
        if opens >= term.end_date:
            break
        sessions.append(
            PlenarySession(
                term=term,
                number=number,
                start_date=opens,
                end_date=opens + dt.timedelta(days=data.SESSION_DAYS - 1),
                proposals_from=opens - dt.timedelta(days=data.SESSION_PROPOSALS_DAYS_BEFORE),
            )
        )
    return sessions


def new_departments(org: Org, rng: random.Random) -> dict[str, Department]:
    rows = {}
    for spec in data.DEPARTMENTS:
        contact = rng.choice(data.SURNAMES) + rng.choice(data.MALE_GIVEN + data.FEMALE_GIVEN)
        rows[spec.name] = Department(
            body=org.body,
            name=data.localise(spec.name, org.place),
            kind=spec.kind,
            is_handling_unit=spec.is_handling_unit,
            contact_person=contact,
            contact_phone=f"0477-83{rng.randrange(10**5):05d}",
        )
    return rows


def new_committees(org: Org) -> dict[str, Committee]:
    address = data.localise(f"{data.CITY}{data.OFFICE_BUILDING}", org.place)
    return {
        spec.kind: Committee(
            body=org.body,
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            phone=spec.phone,
            office_address=f"{address}{spec.room}室",
            order=order,
        )
        for order, spec in enumerate(data.COMMITTEES, start=1)
    }


def new_groups(org: Org) -> dict[str, SectorGroup]:
    return {
        spec.name: SectorGroup(
            body=org.body,
            name=spec.name,
            committee=org.committees[spec.committee_kind],
            order=order,
        )
        for order, spec in enumerate(data.GROUPS, start=1)
    }


def new_sectors(org: Org) -> dict[str, Sector]:
    return {
        spec.name: Sector(body=org.body, name=spec.name, group=org.groups[spec.group], order=order)
        for order, spec in enumerate(data.SECTORS, start=1)
    }


def new_party_groups(org: Org, term: data.TermSpec) -> list[PartyGroup]:
    leaders = plan.party_group_leaders(org.people, term)
    rows = []
    for name, group in org.groups.items():
        leader, appointed = leaders[name]
        rows.append(
            PartyGroup(
                sector_group=group,
                name=name.removesuffix("活动组") + "功能型党小组",
                leader=org.members[leader.code] if leader else None,
                leader_appointed_by_chair_meeting=appointed,
            )
        )
    return rows


def new_member(org: Org, person: plan.PersonPlan) -> Member:
    return Member(
        body=org.body, code=person.code, sector=org.sectors[person.sector], **person.fields
    )


# ---- the demo: through the services ---------------------------------------------------


def build_demo(rng: random.Random, *, by: User, clock: Stopwatch) -> Org:
    with clock.stage("政协组织与专委会"):
        municipal = Org(org_record_save(instance=new_body(data.MUNICIPAL, None), by=by), data.CITY)
        for spec in data.DISTRICTS:  # banner/district bodies: no members of their own here
            org_record_save(instance=new_body(spec, municipal.body), by=by)
        save_structure(municipal, rng, by=by)
    with clock.stage(f"委员 {data.MUNICIPAL_MEMBER_COUNT} 名（含任期与专委会任职）"):
        municipal.people = plan.plan_body(
            rng,
            size=data.MUNICIPAL_MEMBER_COUNT,
            terms=(data.TERM_5,),
            place=data.CITY,
            phones=set(),
        )
        for person in municipal.people:
            municipal.members[person.code] = enrol(municipal, person, by=by)
    with clock.stage("功能型党小组"):
        for party_group in new_party_groups(municipal, data.TERM_5):
            party_group_save(party_group=party_group, by=by)
    return municipal


def save_structure(org: Org, rng: random.Random, *, by: User) -> None:
    for number, term in new_terms(org, (data.TERM_5, data.TERM_4)).items():
        org.terms[number] = org_record_save(instance=term, by=by)
    for term in sorted(org.terms.values(), key=lambda t: t.start_date):
        for session in new_sessions(term):
            org_record_save(instance=session, by=by)
    for name, department in new_departments(org, rng).items():
        org.departments[name] = org_record_save(instance=department, by=by)
    for kind, committee in new_committees(org).items():
        links = [org.departments[name] for name in data.COUNTERPARTS[kind]]
        org.committees[kind] = org_record_save(
            instance=committee, by=by, m2m={"counterpart_departments": links}
        )
    for name, group in new_groups(org).items():
        org.groups[name] = org_record_save(instance=group, by=by)
    for name, sector in new_sectors(org).items():
        org.sectors[name] = org_record_save(instance=sector, by=by)


def enrol(org: Org, person: plan.PersonPlan, *, by: User) -> Member:
    """Create one planned member with the services: seat, committee (全员入委), leader
    role, moves to an open committee, departure."""
    term = org.terms[data.TERM_5.number]
    first, *moves = person.seats
    data_ = {"code": person.code, "sector": org.sectors[person.sector], **person.fields}
    member = member_create(
        body_id=org.body.pk,
        data=data_,
        term=term,
        joined_on=person.term_seats[0].start,
        committee=org.committees[first.kind],
        by=by,
    )
    if first.role != plan.MEMBER:
        seat = member.memberships.get()
        seat.role = first.role
        org_record_save(instance=seat, by=by)
    for move in moves:
        membership_transfer(
            member=member,
            committee=org.committees[move.kind],
            on_date=move.start,
            reason=data.TRANSFER_REASON,
            by=by,
        )
    last, term_seat = person.seats[-1], person.term_seats[0]
    if term_seat.end is not None:  # left during the term
        current = member.memberships.get(end_date__isnull=True)
        membership_end(membership=current, end_date=last.end, reason=last.end_reason, by=by)
        seat = member.terms.get(term=term)
        seat.end_date, seat.end_reason = term_seat.end, term_seat.end_reason
        org_record_save(instance=seat, by=by)
    return member


# ---- the region benchmark: bulk ---------------------------------------------------------


def build_region(rng: random.Random, *, per_body: int, by: User, clock: Stopwatch) -> Org:
    """QUALITY.md's "region" data set, organisation part: 12 bodies × (2 terms, 9
    committees, 30 sectors, 11 groups, 66 departments, `per_body` members).

    Rows are written with bulk_create in batches, not through the per-row services: that
    is safe because the plan (demo.org_plan) generates them consistent with the
    rules the services check — each seat in the member's sector-group committee or an open
    one, seats inside the member's term seats and never overlapping. On PostgreSQL the
    exclusion constraint `membership_no_overlap` still checks every inserted row."""
    terms = (data.TERM_4, data.TERM_5)
    with clock.stage("政协组织与专委会"):
        orgs = save_region_bodies(by)
        region_structure(orgs, rng, by=by)
    with clock.stage(f"委员 {per_body * len(orgs)} 名"):
        phones: set[str] = set()
        members = []
        for org in orgs:
            org.people = plan.plan_body(
                rng, size=per_body, terms=terms, place=org.place, phones=phones
            )
            members += [new_member(org, person) for person in org.people]
        bulk(members, by)
        by_body = {org.body.pk: org for org in orgs}
        for member in members:
            by_body[member.body_id].members[member.code] = member
    with clock.stage("任期与专委会任职"):
        seats, memberships = [], []
        for org in orgs:
            for person in org.people:
                member = org.members[person.code]
                seats += [
                    MemberTerm(
                        member=member,
                        term=org.terms[s.number],
                        start_date=s.start,
                        end_date=s.end,
                        end_reason=s.end_reason,
                    )
                    for s in person.term_seats
                ]
                memberships += [
                    CommitteeMembership(
                        member=member,
                        committee=org.committees[s.kind],
                        role=s.role,
                        start_date=s.start,
                        end_date=s.end,
                        end_reason=s.end_reason,
                    )
                    for s in person.seats
                ]
        bulk(seats, by)
        bulk(memberships, by)
    with clock.stage("功能型党小组"):
        bulk([row for org in orgs for row in new_party_groups(org, data.TERM_5)], by)
    return orgs[0]


def bulk(rows: list[Model], by: User) -> list[Model]:
    """bulk_create in batches, with one history row each attributed to `by`."""
    if not rows:
        return rows
    return bulk_create_with_history(rows, type(rows[0]), batch_size=BATCH, default_user=by)


def save_region_bodies(by: User) -> list[Org]:
    roots = [spec for spec in (data.MUNICIPAL, *data.REGION_EXTRA) if spec.parent is None]
    children = [spec for spec in (*data.DISTRICTS, *data.REGION_EXTRA) if spec.parent]
    root_bodies = {spec.name: new_body(spec, None) for spec in roots}
    bulk(list(root_bodies.values()), by)
    child_bodies = [new_body(spec, root_bodies[spec.parent]) for spec in children]
    bulk(child_bodies, by)
    places = {spec.name: spec.place for spec in (*roots, *children)}
    bodies = [*root_bodies.values(), *child_bodies]
    return [Org(body, places[body.name]) for body in bodies]


def region_structure(orgs: list[Org], rng: random.Random, *, by: User) -> None:
    """Terms, departments, committees (with counterpart departments and, §15, their
    counterparts in the parent body), groups and sectors of every body, level by level."""
    for org in orgs:
        org.terms = new_terms(org, (data.TERM_5, data.TERM_4))
        org.departments = new_departments(org, rng)
        org.committees = new_committees(org)
    bulk([t for org in orgs for t in org.terms.values()], by)
    bulk([d for org in orgs for d in org.departments.values()], by)
    bulk([c for org in orgs for c in org.committees.values()], by)
    # Many-to-many links go straight into their through tables (no history rows: the
    # committees' own creation is in history, attributed to `by`).
    links = Committee.counterpart_departments.through
    links.objects.bulk_create(
        [
            links(committee_id=org.committees[kind].pk, department_id=org.departments[name].pk)
            for org in orgs
            for kind, names in data.COUNTERPARTS.items()
            for name in names
        ],
        batch_size=BATCH,
    )
    by_body = {org.body.pk: org for org in orgs}
    pairs = Committee.counterparts.through
    rows = []
    for org in orgs:
        parent = by_body.get(org.body.parent_id)
        for kind, committee in org.committees.items() if parent else ():
            other = parent.committees[kind]
            rows += [  # symmetrical: one row each way, as Django's own add() writes
                pairs(from_committee_id=committee.pk, to_committee_id=other.pk),
                pairs(from_committee_id=other.pk, to_committee_id=committee.pk),
            ]
    pairs.objects.bulk_create(rows, batch_size=BATCH)
    for org in orgs:
        org.groups = new_groups(org)
    bulk([g for org in orgs for g in org.groups.values()], by)
    for org in orgs:
        org.sectors = new_sectors(org)
    bulk([s for org in orgs for s in org.sectors.values()], by)


# ---- logins -------------------------------------------------------------------------


def create_logins(
    rng: random.Random, org: Org, *, extra: int, by: User
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """One login per role in the municipal body, through the services so that the
    django-guardian permissions are those production gives; vice-chairs for every
    committee; `extra` member accounts named after their phone numbers."""
    password, body = data.DEMO_PASSWORD, org.body
    rows: list[tuple[str, ...]] = [
        ("系统管理员（超级用户）", "admin", password, "系统管理员", "/admin/")
    ]
    demo_member, others = plan.pick_accounts(
        rng, org.people, data.TERM_5, kind="economy", extra=extra
    )
    for spec in data.LOGINS:
        if spec.role == "superuser":
            continue
        if spec.role == "vice_chair":
            rows += create_vice_chairs(org, by=by)
            continue
        if spec.role == "member":
            member = org.members[demo_member.code]
            member_open_account(member=member, username=spec.username, password=password, by=by)
            scope = org.committees[spec.target].name
            rows.append((str(Role.MEMBER.label), spec.username, password, member.name, scope))
            continue
        user = user_create(
            body=body,
            username=spec.username,
            full_name=spec.full_name,
            password=password,
            email=f"{spec.username}@{data.DEMO_EMAIL_DOMAIN}",
            by=by,
        )
        committee = org.committees.get(spec.target)
        department = org.departments.get(spec.target)
        role_grant(
            user=user, role=spec.role, body=body, committee=committee, department=department, by=by
        )
        scope = (committee or department or body).name
        rows.append((str(Role(spec.role).label), spec.username, password, spec.full_name, scope))
    accounts = []
    for person in others:
        member = org.members[person.code]
        member_open_account(member=member, username=member.phone, password=password, by=by)
        seat = plan.current_seat(person, data.TERM_5)
        accounts.append((member.name, member.phone, org.committees[seat.kind].name))
    return rows, accounts


def create_vice_chairs(org: Org, *, by: User) -> list[tuple[str, ...]]:
    """The vice-chairs in charge (§12): every committee gets one."""
    rows = []
    for username, full_name, kinds in data.VICE_CHAIRS:
        user = user_create(
            body=org.body,
            username=username,
            full_name=full_name,
            password=data.DEMO_PASSWORD,
            email=f"{username}@{data.DEMO_EMAIL_DOMAIN}",
            by=by,
        )
        for kind in kinds:
            committee_set_vice_chair(committee=org.committees[kind], user=user, by=by)
        scope = "、".join(org.committees[kind].name for kind in kinds)
        rows.append((str(Role.VICE_CHAIR.label), username, data.DEMO_PASSWORD, full_name, scope))
    return rows
