"""The demo logins' proposals (`member`, `unit`, `reviewer`, `office`, `staff`, `vicechair`),
played through the services under a demo clock, so their pages, reminders and notifications
are exactly what the portal produces."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from demo import org_data as org_data
from demo.org_build import Stopwatch
from organisation.models import Body, Committee, Department
from portal.models import Notification, Role, RoleAssignment, TransitionLog, User
from portal.services import role_grant, user_create
from proposals import services
from proposals.deadlines import add_months
from proposals.models import (
    Assignment,
    Proposal,
    ReplyCategory,
)

from .. import proposals_plan as plan
from ..proposals_data import REPLIES
from .bulk import PER_YEAR_DEMO, Actors, context_for, plan_body, write_lives

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
