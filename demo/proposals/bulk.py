"""Proposals written in bulk from plans (demo.proposals_plan): the demo's background of this year
and the two before, and the region benchmark data set."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from demo import org_data as org_data
from demo.org_build import Stopwatch, bulk
from members.models import CommitteeMembership, Member, MemberTerm
from organisation.models import Body, Committee, Department, SectorGroup
from portal.models import TransitionLog, User
from proposals import text
from proposals.models import (
    Assignment,
    Communication,
    Evaluation,
    Proposal,
    ProposalCounter,
    ProposalSigner,
    Reply,
    ReplyCategory,
)
from proposals.services.office import reply_categories_create_defaults

from .. import proposals_plan as plan

PER_YEAR_DEMO = 300
PER_YEAR_REGION = 500
BATCH = 5000
PLACES = {
    spec.name: spec.place
    for spec in (org_data.MUNICIPAL, *org_data.DISTRICTS, *org_data.REGION_EXTRA)
}


# ---- people and places of a body ----------------------------------------------------------


def context_for(body: Body) -> plan.Context:
    seats: dict[int, list] = defaultdict(list)
    for row in CommitteeMembership.objects.filter(member__body=body).values_list(
        "member_id", "committee_id", "start_date", "end_date"
    ):
        seats[row[0]].append(row[1:])
    members = {
        m["pk"]: m for m in Member.objects.filter(body=body).values("pk", "user_id", "sector_id")
    }
    people = [
        plan.Person(
            member_id=member_id,
            user_id=members[member_id]["user_id"],
            sector_id=members[member_id]["sector_id"],
            start=start,
            end=end,
            seats=seats[member_id],
        )
        for member_id, start, end in MemberTerm.objects.filter(member__body=body).values_list(
            "member_id", "start_date", "end_date"
        )
    ]
    place = PLACES.get(body.name, org_data.CITY)
    local = dict(
        Department.objects.filter(body=body, is_handling_unit=True).values_list("name", "pk")
    )
    departments = {
        spec.name: local[org_data.localise(spec.name, place)]
        for spec in org_data.DEPARTMENTS
        if org_data.localise(spec.name, place) in local
    }
    committees = list(
        Committee.objects.filter(body=body).exclude(kind="proposals").values_list("pk", flat=True)
    )
    groups = dict(SectorGroup.objects.filter(body=body).values_list("pk", "committee_id"))
    return plan.Context(
        body_id=body.pk,
        people=people,
        departments=departments,
        fallback_departments=sorted(local.values()),
        committees=committees,
        groups=groups,
        place=place,
    )


def plan_body(
    rng: random.Random, ctx: plan.Context, years: range, per_year: int, now: dt.datetime
) -> list[plan.Life]:
    lives = []
    for year in years:
        filed: list[plan.Life] = []
        for moment in plan.submission_times(rng, year, per_year, now):
            life = plan.plan_life(rng, ctx, submitted=moment, now=now, filed_same_year=filed)
            if life is not None:
                lives.append(life)
        answered = [life for life in filed if life.status in Proposal.ANSWERED_STATES]
        for life in rng.sample(filed, len(filed) // 30):
            life.is_key = True
        if year < timezone.localdate(now).year:
            for life in rng.sample(answered, len(answered) // 25):
                life.is_excellent = True
    return lives


# ---- writing plans in bulk -----------------------------------------------------------------


@dataclass
class Actors:
    """The logins that acted, where the demo has them; None (imported) elsewhere."""

    reviewer: int | None = None
    office: int | None = None
    units: dict[int, int] = field(default_factory=dict)

    def of(self, life: plan.Life, event: plan.Event) -> int | None:
        if event.actor in ("author", "proposer"):
            return life.person.user_id if life.person else None
        if event.actor == "signer" and event.subject == "signer":
            return life.signers[event.index][0].user_id
        if event.actor == "signer":
            return None
        if event.actor == "reviewer":
            return self.reviewer
        if event.actor == "office":
            return self.office
        if event.actor == "unit" and event.index is not None:
            return self.units.get(life.units[event.index].department_id)
        return None


def write_lives(body: Body, lives: list[plan.Life], actors: Actors, by: User) -> int:
    """Rows for the planned proposals of one body: proposals (numbered per year in the
    order they were filed), co-signers, assignments, communications, replies,
    evaluations and the transition log."""
    counters = dict(
        ProposalCounter.objects.filter(body=body, series="").values_list("year", "last")
    )
    for life in sorted((x for x in lives if x.filed), key=lambda x: x.filed):
        counters[life.year] = counters.get(life.year, 0) + 1
        life.serial = counters[life.year]
    for year, last in counters.items():
        ProposalCounter.objects.update_or_create(
            body=body, year=year, series="", defaults={"last": last}
        )
    categories = dict(ReplyCategory.objects.filter(body=body).values_list("code", "pk"))
    rows: dict[int, Proposal] = {}
    # Merge targets are written before the proposals merged into them.
    for group in ([x for x in lives if not x.merged_into], [x for x in lives if x.merged_into]):
        for start in range(0, len(group), BATCH):
            chunk = group[start : start + BATCH]
            made = [_proposal_row(body, life, actors, rows) for life in chunk]
            bulk(made, by)
            rows.update((id(life), row) for life, row in zip(chunk, made, strict=True))
    signers, assignments, logs_after = [], [], []
    for life in lives:
        proposal = rows[id(life)]
        for index, (person, status, answered) in enumerate(life.signers):
            signers.append(
                ProposalSigner(
                    proposal=proposal,
                    member_id=person.member_id,
                    status=status,
                    order=index + 1,
                    invited_at=life.events[0].at,
                    answered_at=answered,
                )
            )
        for unit in life.units:
            assignments.append(_assignment_row(proposal, unit, actors))
    signers += _merged_co_proposers(lives, rows)
    ProposalSigner.objects.bulk_create(signers, batch_size=BATCH)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    by_life = defaultdict(list)
    for row in signers:
        by_life[row.proposal_id, "signer"].append(row)
    for row in assignments:
        by_life[row.proposal_id, "assignment"].append(row)
    communications, replies, evaluations = [], [], []
    for life in lives:
        proposal = rows[id(life)]
        for unit, row in zip(life.units, by_life[proposal.pk, "assignment"], strict=True):
            if unit.contacted:
                communications.append(
                    Communication(
                        proposal=proposal,
                        assignment=row,
                        contacted_on=unit.contacted,
                        way=("meeting", "phone", "forum", "written")[row.pk % 4],
                        summary=unit.contact_text,
                        recorded_by_id=actors.units.get(unit.department_id),
                        recorded_at=unit.accepted,
                        answer="pending" if unit.status == "handling" else "confirmed",
                        answered_by_id=None if unit.status == "handling" else proposal.author_id,
                        answered_at=None
                        if unit.status == "handling"
                        else unit.accepted + dt.timedelta(days=1),
                    )
                )
            if unit.reply_code:
                replies.append(
                    Reply(
                        proposal=proposal,
                        assignment=row,
                        round=unit.round,
                        category_id=categories[unit.reply_code],
                        text=unit.reply_text,
                        replied_at=unit.finished,
                        replied_by_id=actors.units.get(unit.department_id),
                    )
                )
        for round_, result, at, comment in life.evaluations:
            evaluations.append(
                Evaluation(
                    proposal=proposal,
                    round=round_,
                    evaluator_id=life.person.user_id if life.person else None,
                    is_lead=True,
                    result=result,
                    comment=comment,
                    created_at=at,
                )
            )
    Communication.objects.bulk_create(communications, batch_size=BATCH)
    Reply.objects.bulk_create(replies, batch_size=BATCH)
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH)
    kinds = ContentType.objects.get_for_models(Proposal, ProposalSigner, Assignment)
    for life in lives:
        proposal = rows[id(life)]
        targets = {
            "proposal": lambda _i, p=proposal: p.pk,
            "signer": lambda i, p=proposal: by_life[p.pk, "signer"][i].pk,
            "assignment": lambda i, p=proposal: by_life[p.pk, "assignment"][i].pk,
        }
        model = {"proposal": Proposal, "signer": ProposalSigner, "assignment": Assignment}
        for event in life.events:
            logs_after.append(
                TransitionLog(
                    content_type=kinds[model[event.subject]],
                    object_id=targets[event.subject](event.index),
                    from_state=event.source,
                    to_state=event.target,
                    actor_id=actors.of(life, event),
                    at=event.at,
                    comment=event.comment,
                )
            )
    TransitionLog.objects.bulk_create(logs_after, batch_size=BATCH)
    return len(lives)


def _proposal_row(
    body: Body, life: plan.Life, actors: Actors, rows: dict[int, Proposal]
) -> Proposal:
    last = life.events[-1].at if life.events else life.created
    reviewed = life.status not in (*Proposal.UNSUBMITTED_STATES, "submitted", "withdrawn")
    return Proposal(
        body=body,
        year=life.year,
        kind=life.kind,
        status=life.status,
        first_proposer_id=life.person.member_id if life.person else None,
        organiser_kind=(
            Proposal.Organiser.COMMITTEE
            if life.organiser_committee_id
            else Proposal.Organiser.SECTOR_GROUP
            if life.organiser_group_id
            else ""
        ),
        organiser_committee_id=life.organiser_committee_id,
        organiser_sector_group_id=life.organiser_group_id,
        author_id=life.person.user_id if life.person else None,
        title=life.title,
        reasons=life.reasons,
        suggestions=life.suggestions,
        category=life.category,
        title_norm=text.normalise_title(life.title),
        text_norm=text.normalise_text(life.reasons, life.suggestions),
        committee_id=life.committee_id,
        sector_id=life.sector_id,
        reviewed_by_id=actors.reviewer if reviewed else None,
        reviewed_at=life.reviewed if reviewed else None,
        not_filed_ground=life.ground,
        conversion=life.conversion,
        merged_into=rows[id(life.merged_into)] if life.merged_into else None,
        serial=life.serial,
        number=f"{life.year}-{life.serial:04d}" if life.serial else "",
        round=life.round,
        is_key=life.is_key,
        key_leader="分管副市长" if life.is_key else "",
        is_excellent=life.is_excellent,
        created_at=life.created,
        updated_at=last,
        submitted_at=life.submitted,
        filed_at=life.filed,
        assigned_at=life.assigned,
        closed_at=life.closed,
    )


def _assignment_row(proposal: Proposal, unit: plan.Unit, actors: Actors) -> Assignment:
    return Assignment(
        proposal=proposal,
        department_id=unit.department_id,
        role=unit.role,
        round=unit.round,
        status=unit.status,
        assigned_at=unit.assigned,
        assigned_by_id=actors.office,
        deadline=unit.deadline,
        original_deadline=unit.deadline,
        accepted_at=unit.accepted,
        returned_at=unit.returned,
        return_reason="不属于本单位职责范围。" if unit.returned else "",
        opinion=unit.opinion,
        opinion_at=unit.finished if unit.opinion else None,
        finished_at=unit.finished,
    )


def _merged_co_proposers(lives: list[plan.Life], rows: dict[int, Proposal]):
    """The proposers of a merged proposal become co-proposers of its target."""
    present = defaultdict(set)
    for life in lives:
        row = rows[id(life)]
        present[row.pk] |= {p.member_id for p, _s, _a in life.signers}
        if life.person:
            present[row.pk].add(life.person.member_id)
    extra = []
    for life in lives:
        if life.merged_into is None:
            continue
        target, source = rows[id(life.merged_into)], rows[id(life)]
        joining = [life.person] if life.person else []
        joining += [p for p, status, _a in life.signers if status == "confirmed"]
        for person in joining:
            if person.member_id in present[target.pk]:
                continue
            present[target.pk].add(person.member_id)
            extra.append(
                ProposalSigner(
                    proposal=target,
                    member_id=person.member_id,
                    status="confirmed",
                    order=len(present[target.pk]),
                    invited_at=life.reviewed,
                    answered_at=life.reviewed,
                    merged_from=source,
                    comment="随并案加入",
                )
            )
    return extra


# ---- the region benchmark data set --------------------------------------------------------


def build_region(
    *, body_ids: list[int], per_year: int, rng: random.Random, by: User, clock: Stopwatch
) -> str:
    now = timezone.now()
    year = timezone.localdate(now).year
    years = range(year - 9, year + 1)
    total = 0
    bodies = list(Body.objects.filter(pk__in=body_ids).order_by("pk"))
    with clock.stage(f"提案：{len(bodies)} 个政协组织 × {len(years)} 年（批量）"):
        for body in bodies:
            reply_categories_create_defaults(body=body)
            ctx = context_for(body)
            lives = plan_body(rng, ctx, years, per_year, now)
            total += write_lives(body, lives, Actors(), by)
    return f"提案：{total} 件（{len(bodies)} 个政协组织，{years.start}—{year} 年）。"
