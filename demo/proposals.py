"""Demo and benchmark data of the proposals module, hooked into `manage.py seed_demo` by
demo.extensions.

- demo: the Ordos CPPCC's proposals of this year and the two before (about 300 a year) in
  every state, with joint and collective ones, assignments to real departments, replies,
  evaluations and overdue ones. The background is written in bulk from plans
  (demo.proposals_plan); the proposals of the demo logins (`member`, `unit`, `reviewer`,
  `office`, `staff`, `vicechair`) are played through the services under a demo clock, so
  their pages, reminders and notifications are exactly what the portal produces.
- region: about 60,000 proposals over the 12 bodies and ten years, in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q
from django.utils import timezone

from demo import org_data as org_data
from demo.org_build import Stopwatch, bulk
from members.models import CommitteeMembership, Member, MemberTerm
from organisation.models import Body, Committee, Department, SectorGroup
from portal.models import Notification, Role, RoleAssignment, TransitionLog, User
from portal.services import role_grant, user_create
from proposals import services, text
from proposals.deadlines import add_months
from proposals.models import (
    Assignment,
    Attachment,
    Communication,
    Evaluation,
    Proposal,
    ProposalCounter,
    ProposalSigner,
    Reply,
    ReplyCategory,
)
from proposals.services.office import reply_categories_create_defaults

from . import proposals_plan as plan
from .proposals_data import REPLIES

PER_YEAR_DEMO = 300
PER_YEAR_REGION = 500
BATCH = 5000
PLACES = {
    spec.name: spec.place
    for spec in (org_data.MUNICIPAL, *org_data.DISTRICTS, *org_data.REGION_EXTRA)
}


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
    per_year = org_data.in_proportion(PER_YEAR_REGION, members_per_body)
    return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by, clock=clock)


def delete(body_ids: list[int]) -> None:
    """Everything of the proposals module in these bodies, files included."""
    proposals = Proposal.objects.filter(body_id__in=body_ids)
    ids = list(proposals.values_list("pk", flat=True))
    kinds = ContentType.objects.get_for_models(Proposal, ProposalSigner, Assignment, Communication)
    logs = Q(content_type=kinds[Proposal], object_id__in=ids)
    logs |= Q(
        content_type=kinds[ProposalSigner],
        object_id__in=ProposalSigner.objects.filter(proposal_id__in=ids).values("pk"),
    )
    logs |= Q(
        content_type=kinds[Assignment],
        object_id__in=Assignment.objects.filter(proposal_id__in=ids).values("pk"),
    )
    logs |= Q(
        content_type=kinds[Communication],
        object_id__in=Communication.objects.filter(proposal_id__in=ids).values("pk"),
    )
    TransitionLog.objects.filter(logs).delete()
    for attachment in Attachment.objects.filter(proposal_id__in=ids):
        attachment.file.delete(save=False)
    for model in (Evaluation, Reply, Communication, Attachment, Assignment, ProposalSigner):
        model.objects.filter(proposal_id__in=ids)._raw_delete(model.objects.db)
    # One statement: merged proposals and their targets go together (the foreign keys are
    # checked at commit).
    proposals._raw_delete(proposals.db)
    ProposalCounter.objects.filter(body_id__in=body_ids).delete()
    ReplyCategory.objects.filter(body_id__in=body_ids).delete()


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


# ---- the demo -----------------------------------------------------------------------------


def build_demo(*, rng: random.Random, by: User, clock: Stopwatch) -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    now = timezone.now()
    first_notification = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
    with clock.stage("提案：各单位承办人账号"):
        units = demo_unit_logins(body, by)
        staff = demo_staff_logins(body, by)
    ctx = context_for(body)
    year = timezone.localdate(now).year
    with clock.stage(f"提案：{year - 2}—{year} 年约 {PER_YEAR_DEMO * 3} 件（批量）"):
        lives = plan_body(rng, ctx, range(year - 2, year + 1), PER_YEAR_DEMO, now)
        actors = Actors(
            reviewer=User.objects.get(username="reviewer").pk,
            office=User.objects.get(username="office").pk,
            units=units,
        )
        count = write_lives(body, lives, actors, by)
    with clock.stage("提案：演示账号的提案（经由业务服务）"):
        stories = Stories(body, rng, staff)
        stories.play()
    # The demo's notifications are real ones, but nobody should get hundreds of emails
    # when the demo is seeded; older ones are read already.
    made = Notification.objects.filter(pk__gt=first_notification)
    made.update(emailed_at=now)
    made.filter(created_at__lt=now - dt.timedelta(days=20)).update(read_at=now)
    total = Proposal.objects.filter(body=body).count()
    return (
        f"提案：{total} 件（批量 {count} 件，演示账号 {stories.count} 件），"
        f"承办单位账号 {len(units)} 个。"
    )


def demo_unit_logins(body: Body, by: User) -> dict[int, int]:
    """A login for every handling unit the demo assigns to (the `unit` login is
    市发展和改革委员会's). They have no password: the office sets one when needed."""
    units = {}
    for row in RoleAssignment.objects.filter(body=body, role=Role.HANDLING_UNIT):
        units[row.department_id] = row.user_id
    names = {name for theme in plan.texts.THEMES for name in theme.departments}
    for number, department in enumerate(
        Department.objects.filter(body=body, name__in=sorted(names)).order_by("name"), start=1
    ):
        if department.pk in units:
            continue
        user = user_create(
            body=body,
            username=f"unit{number:02d}",
            full_name=f"{department.name}承办人",
            password=None,  # unusable: no login until the office sets a password
            by=by,
        )
        role_grant(user=user, role=Role.HANDLING_UNIT, body=body, department=department, by=by)
        units[department.pk] = user.pk
    return units


def demo_staff_logins(body: Body, by: User) -> dict[str, User]:
    """Staff of the proposals committee (who assign and close, with the office)."""
    committee = Committee.objects.get(body=body, kind="proposals")
    user = user_create(
        body=body, username="tianstaff", full_name="提案委田干事", password=None, by=by
    )
    role_grant(user=user, role=Role.COMMITTEE_STAFF, body=body, committee=committee, by=by)
    return {"proposals": user, "economy": User.objects.get(username="staff")}


@contextmanager
def demo_clock(moment: dt.datetime) -> Iterator[None]:
    """Services run as if at `moment`: timestamps, deadlines and history follow it; the
    transition log's default time is set afterwards."""
    last = TransitionLog.objects.aggregate(m=Max("pk"))["m"] or 0
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
    TransitionLog.objects.filter(pk__gt=last).update(at=moment)


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Stories:
    """The demo logins' proposals, each played through the services at its own dates."""

    def __init__(self, body: Body, rng: random.Random, staff: dict[str, User]) -> None:
        self.body = body
        self.rng = rng
        self.now = timezone.now()
        self.member = User.objects.get(username="member")
        self.reviewer = User.objects.get(username="reviewer")
        self.office = User.objects.get(username="office")
        self.unit = User.objects.get(username="unit")
        self.vicechair = User.objects.get(username="vicechair")
        self.staff = staff
        self.others = list(
            User.objects.filter(member__body=body)
            .exclude(pk=self.member.pk)
            .select_related("member")
            .order_by("username")
        )
        self.ndrc = Department.objects.get(body=body, name="市发展和改革委员会")
        self.energy = Department.objects.get(body=body, name="市能源局")
        self.count = 0

    def ago(self, days: float) -> dt.datetime:
        moment = timezone.localtime(self.now - dt.timedelta(days=days))
        return moment.replace(hour=10, minute=0, second=0, microsecond=0)

    def write(
        self,
        author: User,
        title: str,
        *,
        days: float,
        kind: str = "individual",
        signers=(),
        organiser=None,
        organiser_kind: str = "",
        organiser_name: str = "",
    ) -> Proposal:
        """A draft written `days` ago, its text from the theme its title belongs to."""
        theme = next(
            (t for t in plan.texts.THEMES if any(s in title for s in t.subjects)),
            plan.texts.THEMES[-2],
        )
        problems = self.rng.sample(theme.problems, 2)
        measures = self.rng.sample(theme.measures, 3)
        with demo_clock(self.ago(days)):
            proposal = services.proposal_create(
                body=self.body,
                by=author,
                draft=services.Draft(
                    kind=kind,
                    title=title,
                    reasons=f"当前存在的主要问题：一是{problems[0]}；二是{problems[1]}。",
                    suggestions="".join(f"{'一二三'[i]}、{m}。" for i, m in enumerate(measures)),
                    category=theme.category,
                    organiser=organiser,
                    organiser_kind=organiser_kind,
                    organiser_name=organiser_name,
                ),
                signers=[u.member for u in signers],
            )
        self.count += 1
        return proposal

    def at(self, days: float, call, **kwargs):
        with demo_clock(self.ago(days)):
            return call(**kwargs)

    def submit(self, proposal: Proposal, days: float) -> None:
        self.at(days, services.proposal_submit, proposal=proposal, by=proposal.author)

    def file(self, proposal: Proposal, days: float) -> None:
        self.at(
            days,
            services.proposal_decide,
            proposal=proposal,
            by=self.reviewer,
            review=services.Review("file"),
        )

    def assign(self, proposal: Proposal, days: float, *, lead=None, co=()) -> Assignment:
        self.at(
            days,
            services.proposal_assign,
            proposal=proposal,
            by=self.office,
            plan=services.Plan(lead=lead or self.ndrc, co=list(co)),
        )
        return proposal.assignments.get(department=lead or self.ndrc, round=proposal.round)

    def contact(self, assignment: Assignment, days: float, by: User | None = None):
        with demo_clock(self.ago(days)):
            return services.communication_record(
                assignment=assignment,
                by=by or self.unit,
                contact=services.Contact(
                    contacted_on=timezone.localdate(),
                    way="phone",
                    summary=self.rng.choice(plan.texts.CONTACTS),
                ),
            )

    def reply(
        self, assignment: Assignment, days: float, code: str = "A", by: User | None = None
    ) -> None:
        category = ReplyCategory.objects.get(body=self.body, code=code)
        self.at(
            days,
            services.assignment_reply,
            assignment=assignment,
            by=by or self.unit,
            answer=services.Answer(
                category=category, text=REPLIES[code].format(measure="加强统筹协调")
            ),
        )

    def rate(self, proposal: Proposal, days: float, by: User, result: str, comment=""):
        self.at(
            days,
            services.proposal_evaluate,
            proposal=proposal,
            by=by,
            result=result,
            comment=comment,
        )

    def handled(self, author: User, title: str, start: float, *, contact: bool = True):
        """Written `start` days ago, filed, assigned to 发改委 and (unless `contact` is
        False) contacted, each a few days after the other."""
        proposal = self.write(author, title, days=start + 2)
        self.submit(proposal, start)
        self.file(proposal, start - 8)
        assignment = self.assign(proposal, start - 15)
        if contact:
            self.contact(assignment, start - 30)
        return proposal, assignment

    def start_for_deadline(self, days_left: int) -> int:
        """The `start` of `handled` whose three-month deadline falls `days_left` days from
        today (negative: overdue)."""
        today = timezone.localdate(self.now)
        assigned = add_months(today + dt.timedelta(days=days_left), -3)
        return (today - assigned).days + 15

    def play(self) -> None:
        m, others = self.member, self.others
        # The member's own proposals, one in each state.
        self.write(m, "关于完善康巴什区公共自行车系统的建议", days=2)
        self.write(m, "关于推进煤矸石综合利用的建议", days=1, kind="joint", signers=others[:2])
        joint = self.write(m, "关于发展低空经济的建议", days=7, kind="joint", signers=others[:2])
        self.submit(joint, 6)
        self.at(5, services.signer_answer, proposal=joint, by=others[0], accept=True)
        waiting = self.write(m, "关于加快推进零碳产业园建设的建议", days=12)
        services.attachment_add(
            proposal=waiting,
            by=m,
            upload=SimpleUploadedFile("园区调研报告.pdf", PDF, content_type="application/pdf"),
        )
        self.submit(waiting, 10)
        key, assignment = self.handled(m, "关于推动煤电与新能源联营发展的建议", 85, contact=False)
        self.at(
            60,
            services.proposal_set_key,
            proposal=key,
            by=self.office,
            is_key=True,
            leader="高志远副市长",
            supervisor=self.vicechair,
        )
        self.contact(assignment, 2)
        rate_me, assignment = self.handled(m, "关于完善绿电交易机制的建议", 200)
        self.reply(assignment, 20, "B")
        done, assignment = self.handled(m, "关于加快氢能产业发展的建议", 320)
        self.reply(assignment, 230, "A")
        self.rate(done, 220, m, "satisfied")
        self.at(200, services.proposal_close, proposal=done, by=self.office)
        rejected = self.write(m, "关于解决本单位职工子女入学问题的建议", days=252)
        self.submit(rejected, 250)
        self.at(
            245,
            services.proposal_decide,
            proposal=rejected,
            by=self.reviewer,
            review=services.Review(
                "reject",
                ground="personal",
                conversion="social_info",
                comment="属个人或单位具体问题",
            ),
        )
        again, assignment = self.handled(m, "关于推动现代煤化工高端化发展的建议", 300)
        self.reply(assignment, 120, "C")
        self.rate(again, 24, m, "dissatisfied", "答复未提出具体措施，希望重新研究。")
        # Another member invites the demo member to co-sign.
        inviting = self.write(
            others[2], "关于推进城乡义务教育优质均衡发展的建议", days=3, kind="joint", signers=[m]
        )
        self.submit(inviting, 2)
        # The unit's inbox: new, due soon, overdue, a co-unit's opinion to give.
        fresh = self.write(others[3], "关于推进政务服务“一网通办”的建议", days=20)
        self.submit(fresh, 18)
        self.file(fresh, 10)
        self.assign(fresh, 2)
        self.handled(
            others[4],
            "关于破解中小微企业融资难题的建议",
            self.start_for_deadline(6),
            contact=False,
        )
        self.handled(others[5], "关于清理拖欠民营企业账款的建议", self.start_for_deadline(-12))
        co = self.write(others[6], "关于发展新型储能产业的建议", days=60)
        self.submit(co, 58)
        self.file(co, 50)
        self.assign(co, 40, lead=self.energy, co=[self.ndrc])
        # The reviewer's queue, one with a recommendation for the office to confirm, and one
        # much like a filed proposal (a merge candidate).
        titles = [
            "关于加强黄河鄂尔多斯段生态保护的建议",
            "关于推进城市污水资源化利用的建议",
            "关于提升中小学课后服务质量的建议",
            "关于加强基层医疗卫生人才队伍建设的建议",
            "关于完善城市公共交通线网的建议",
            "关于推动全域旅游发展的建议",
            "关于发展壮大嘎查村集体经济的建议",
            "关于进一步优化营商环境的建议",
        ]
        queue = []
        for index, title in enumerate(titles):
            proposal = self.write(others[(index + 7) % len(others)], title, days=index + 3)
            self.submit(proposal, index + 1)
            queue.append(proposal)
        self.at(
            0.5,
            services.proposal_recommend,
            proposal=queue[0],
            by=self.reviewer,
            review=services.Review("file", comment="内容具体，建议立案。"),
        )
        # Filed, waiting to be assigned.
        for index, title in enumerate(
            ["关于推进矿山地质环境恢复治理的建议", "关于加强职业院校产教融合的建议"]
        ):
            proposal = self.write(others[(index + 15) % len(others)], title, days=15)
            self.submit(proposal, 12)
            self.file(proposal, 3)
        # A collective proposal of the economy committee, handled and closed.
        staff = self.staff["economy"]
        economy = Committee.objects.get(body=self.body, kind="economy")
        collective = self.write(
            staff,
            "关于推进羊绒产业高质量发展的建议",
            days=210,
            kind="collective",
            organiser=economy,
        )
        self.submit(collective, 208)
        self.file(collective, 200)
        assignment = self.assign(collective, 190)
        self.contact(assignment, 170)
        self.reply(assignment, 110, "A")
        self.rate(collective, 100, staff, "satisfied")
        self.at(90, services.proposal_close, proposal=collective, by=self.staff["proposals"])
        # A democratic party's collective proposal, registered by the office (条例 §14),
        # waiting for review.
        party = self.write(
            self.office,
            "关于优化民营企业融资服务的建议",
            days=16,
            kind="collective",
            organiser_kind=Proposal.Organiser.PARTY,
            organiser_name="民盟鄂尔多斯市委员会",
        )
        self.submit(party, 15)


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
