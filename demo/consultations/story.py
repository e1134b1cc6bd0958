"""The Ordos demo of 协商: this year's topics, plan, consultations with their research, meetings
and outcomes, played through the services."""

from __future__ import annotations

import datetime as dt
import random
from importlib import import_module

from django.db.models import F
from django.utils import timezone

from consultations import services
from consultations.models import (
    Consultation,
    ConsultationKind,
    Instruction,
    Outcome,
    Participant,
    Plan,
    Post,
    Recommendation,
    Research,
    ResearchReport,
    Thread,
    Topic,
)
from consultations.selectors import thread_eligible
from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from organisation.models import Body, Committee, Department
from portal.models import Role, User
from portal.services import role_grant, user_create

from .. import org_data

CHAIR = ("chair", "郝建平")


# ---- demo -----------------------------------------------------------------------------------


def _chair(body: Body, by: User) -> User:
    existing = User.objects.filter(username=CHAIR[0]).first()
    if existing is not None:
        return existing
    chair = user_create(
        body=body,
        username=CHAIR[0],
        full_name=CHAIR[1],
        password=org_data.DEMO_PASSWORD,
        email=f"{CHAIR[0]}@{org_data.DEMO_EMAIL_DOMAIN}",
        by=by,
    )
    role_grant(user=chair, role=Role.CHAIR, body=body, by=by)
    return chair


def _kind(code: str) -> ConsultationKind:
    """A form of consultation seeded by migration 0002 (made again if a test's flush
    removed the seeded rows)."""
    seeds = import_module("consultations.migrations.0002_kinds_and_reminders").KINDS
    for order, (seed, name, online) in enumerate(seeds, start=1):
        if seed == code:
            return ConsultationKind.objects.get_or_create(
                code=code, defaults={"name": name, "is_online": online, "order": order}
            )[0]
    return ConsultationKind.objects.get(code=code)


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def _seated(committee: Committee, day: dt.date, n: int) -> list[Member]:
    seated = CommitteeMembership.objects.filter(active_on(day), committee=committee)
    return list(
        members_in_office_on(committee.body_id, day)
        .filter(pk__in=seated.values("member_id"))
        .order_by(F("user").desc(nulls_last=True), "code")[:n]
    )


def _research(c: Consultation, staff: User, vice_chair: User, *, title: str, days_ago: int) -> None:
    research = services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title=title, place="准格尔旗、达拉特旗",
        starts_on=timezone.localdate() - _days(days_ago), by=staff,
    )  # fmt: skip
    services.research_move(
        research=research, target=Research.Status.HELD, by=staff,
        summary="实地走访企业8家，召开座谈会2场，听取部门和企业意见建议。",
    )  # fmt: skip
    report = services.report_save(
        consultation=c, title=f"关于{c.title}的调研报告", by=staff,
        text="一、基本情况\n二、存在的主要问题\n三、对策建议",
    )  # fmt: skip
    services.report_move(report=report, target=ResearchReport.Status.SUBMITTED, by=staff)
    services.report_move(report=report, target=ResearchReport.Status.APPROVED, by=vice_chair)


def _hold(
    c: Consultation, staff: User, members: list[Member], rng: random.Random, days_ago: int
) -> None:
    services.participants_invite(consultation=c, members=members, by=staff)
    for department in Department.objects.filter(body_id=c.body_id).order_by("pk")[:2]:
        services.participant_add_person(
            consultation=c, kind=Participant.Kind.OFFICIAL, name=f"{department.name}负责同志",
            department=department, title="副局长", by=staff,
        )  # fmt: skip
    services.consultation_prepare(
        consultation=c,
        starts_at=(timezone.now() - _days(days_ago)).replace(hour=9, minute=0, second=0),
        place="市政协机关五楼协商议政厅",
        notice="请受邀委员和部门负责同志准时参加，围绕课题发言交流。",
        materials="调研报告、部门情况通报材料",
        by=staff,
    )
    services.consultation_move(consultation=c, target=Consultation.Status.SCHEDULED, by=staff)
    services.consultation_move(consultation=c, target=Consultation.Status.HELD, by=staff)
    marks = {}
    for p in c.participants.all():
        roll = rng.random()
        if roll < 0.8 or p.kind != Participant.Kind.MEMBER:
            marks[p.pk] = ("present", "")
        elif roll < 0.95:
            marks[p.pk] = ("leave", "外地出差")
        else:
            marks[p.pk] = ("absent", "")
    services.attendance_record(consultation=c, marks=marks, by=staff)
    speakers = [p for p in c.participants.all() if marks[p.pk][0] == "present"][:4]
    for n, p in enumerate(speakers, start=1):
        services.speech_add(
            consultation=c, participant=p, title=f"关于{c.title}的发言（{n}）",
            summary="结合本职工作提出意见建议。", by=staff,
        )  # fmt: skip


def _outcome(c: Consultation, staff: User, departments: list[Department]) -> Outcome:
    outcome = services.outcome_save(
        consultation=c, kind=Outcome.Kind.BRIEFING, title=f"关于{c.title}的协商专报",
        number=f"协商专报〔{timezone.localdate().year}〕{c.pk}号", sent_to="市委、市政府",
        text="市政协围绕该课题深入调研、开展专题协商，形成如下建议。", by=staff,
    )  # fmt: skip
    texts = [
        "加快重点项目审批，建立项目服务专班。",
        "完善产业链配套政策，支持本地企业参与配套。",
        "加强专业人才培养和引进。",
    ]
    for text, department in zip(texts, departments, strict=False):
        services.recommendation_add(
            outcome=outcome, text=text, department=department,
            deadline=timezone.localdate() + _days(45), by=staff,
        )  # fmt: skip
    return outcome


def build_demo(*, rng: random.Random, by: User) -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    office = User.objects.get(username="office")
    staff = User.objects.get(username="staff")
    staff_agri = User.objects.get(username="staff_agriculture")
    vice_chair = User.objects.get(username="vicechair")
    chair = _chair(body, by)
    unit = User.objects.get(username="unit")
    economy = Committee.objects.get(body=body, kind=Committee.Kind.ECONOMY)
    agriculture = Committee.objects.get(body=body, kind=Committee.Kind.AGRICULTURE)
    education = Committee.objects.get(body=body, kind=Committee.Kind.EDUCATION)
    proposals = Committee.objects.get(body=body, kind=Committee.Kind.PROPOSALS)
    unit_department = unit.role_assignments.get(role=Role.HANDLING_UNIT).department
    others = list(
        Department.objects.filter(body=body, is_active=True)
        .exclude(pk=unit_department.pk)
        .order_by("pk")[:4]
    )
    year = timezone.localdate().year
    today = timezone.localdate()

    # This year's plan, issued.
    plan = services.plan_create(body_id=body.pk, year=year, by=office)
    energy = services.plan_item_add(
        plan=plan, title="推动能源产业高质量发展", kind=_kind("topic"), committee=economy,
        month=max(1, today.month - 1), is_key=True, leader="分管副市长",
        departments=[unit_department, *others[:1]], by=office,
    )  # fmt: skip
    business = services.plan_item_add(
        plan=plan, title="持续优化营商环境", kind=_kind("counterpart"), committee=economy,
        month=min(12, today.month + 1), is_key=True, departments=[unit_department], by=office,
    )  # fmt: skip
    farming = services.plan_item_add(
        plan=plan, title="推进现代农牧业高质量发展", kind=_kind("topic"), committee=agriculture,
        co_committees=[economy], month=max(1, today.month - 1), is_key=True,
        leader="分管副市长", by=office,
    )  # fmt: skip
    services.plan_item_add(
        plan=plan, title="办好人民满意的教育", kind=_kind("sector"), committee=education,
        month=min(12, today.month + 2), by=office,
    )  # fmt: skip
    services.plan_item_add(
        plan=plan, title="重点提案办理协商：城乡供水一体化", kind=_kind("proposal_handling"),
        committee=proposals, month=min(12, today.month + 3), by=office,
    )  # fmt: skip
    services.plan_move(plan=plan, target=Plan.Status.SUBMITTED, by=office)
    services.plan_move(
        plan=plan, target=Plan.Status.REVIEWED, on=today - _days(60),
        doc=f"主席会议纪要〔{year}〕2号", by=chair,
    )  # fmt: skip
    services.plan_move(
        plan=plan, target=Plan.Status.APPROVED, on=today - _days(50),
        doc=f"鄂党办字〔{year}〕8号", by=office,
    )  # fmt: skip
    services.plan_move(
        plan=plan, target=Plan.Status.ISSUED, on=today - _days(45),
        doc=f"鄂政协发〔{year}〕5号", by=office,
    )  # fmt: skip

    # 经济委员会's key topic, all the way.
    c1 = services.consultation_start(item=energy, by=staff)
    _research(c1, staff, vice_chair, title="能源产业链专题调研", days_ago=40)
    _hold(c1, staff, _seated(economy, today, 10), rng, days_ago=25)
    o1 = _outcome(c1, staff, [unit_department, *others[:2]])
    services.outcome_move(outcome=o1, target=Outcome.Status.REVIEWING, by=staff)
    services.outcome_move(outcome=o1, target=Outcome.Status.SIGNING, by=vice_chair)
    services.outcome_move(outcome=o1, target=Outcome.Status.SENT, by=chair)
    services.instruction_add(
        outcome=o1, leader="市政府市长", level=Instruction.Level.GOV_MAIN, on=today,
        text="请市发改委牵头，认真研究吸纳市政协建议，抓好落实。", by=staff,
    )  # fmt: skip
    for rec in o1.recommendations.exclude(department=unit_department):
        services.recommendation_answer(
            recommendation=rec, status=Recommendation.Status.IN_PROGRESS, by=staff,
            answer="已纳入年度工作要点，正在推进（部门书面反馈，专委会代为登记）。",
        )  # fmt: skip

    # Its second key topic: in research, report not yet written.
    c2 = services.consultation_start(item=business, by=staff)
    services.research_add(
        consultation=c2, kind=Research.Kind.INSPECTION, title="政务服务大厅视察",
        starts_on=today + _days(7), place="市政务服务中心", by=staff,
    )  # fmt: skip
    services.consultation_prepare(
        consultation=c2, starts_at=(timezone.now() + _days(20)).replace(hour=9, minute=0),
        place="市政协机关五楼协商议政厅", notice="", materials="", by=staff,
    )  # fmt: skip

    # 农业和农村委员会: held, outcome waiting for the vice-chair.
    c3 = services.consultation_start(item=farming, by=staff_agri)
    _research(c3, staff_agri, vice_chair, title="现代农牧业园区调研", days_ago=35)
    _hold(c3, staff_agri, _seated(agriculture, today, 8), rng, days_ago=15)
    o3 = _outcome(c3, staff_agri, others[:2])
    services.outcome_move(outcome=o3, target=Outcome.Status.REVIEWING, by=staff_agri)

    # Online deliberation: the economy committee's open thread, a closed body-wide one.
    thread = services.thread_create(
        body_id=body.pk, committee=economy, consultation=c2, title="如何持续优化营商环境",
        description="请委员围绕政务服务、要素保障、法治环境等方面发表意见建议。",
        audience=Thread.Audience.COMMITTEE, closes_at=timezone.now() + _days(14), by=staff,
    )  # fmt: skip
    services.thread_move(thread=thread, target=Thread.Status.OPEN, by=staff)
    opinions = [
        "建议推行“一件事一次办”，减少企业跑腿。",
        "建议设立企业服务专员，点对点解决问题。",
        "建议加强涉企执法检查统筹，避免多头检查。",
        "建议降低中小企业融资成本。",
    ]
    posters = list(
        thread_eligible(thread)
        .filter(user__isnull=False)
        .exclude(user__username="member")
        .select_related("user")
        .order_by("code")[:4]
    )
    posts = []
    for member, text in zip(posters, opinions, strict=False):
        posts.append(services.post_add(thread=thread, text=text, by=member.user))
    if posts:
        advert = services.post_add(thread=thread, text="（广告）代办执照", by=posters[0].user)
        services.post_moderate(
            post=advert, target=Post.Status.HIDDEN, reason="与议题无关的广告", by=staff
        )
    closed = services.thread_create(
        body_id=body.pk, title="年度重点协商课题网络征集", audience=Thread.Audience.ALL,
        description="请委员推荐下一年度重点协商课题。", closes_at=timezone.now() + _days(1),
        by=office,
    )  # fmt: skip
    services.thread_move(thread=closed, target=Thread.Status.OPEN, by=office)
    for member in posters[:2]:
        services.post_add(thread=closed, text="建议关注新能源汽车产业发展。", by=member.user)
    services.thread_move(
        thread=closed, target=Thread.Status.CLOSED, by=office,
        summary="委员共推荐课题若干，集中在新能源、营商环境、乡村振兴等方面，已汇总供选题参考。",
    )  # fmt: skip

    # Next year: topics and a draft plan.
    member_user = User.objects.get(username="member")
    t1 = services.topic_propose(
        body_id=body.pk, year=year + 1, title="加快发展新能源汽车产业", kind=_kind("topic"),
        reason="新能源汽车产业链条短，配套不足。", committee=economy,
        department=unit_department, by=staff,
    )  # fmt: skip
    services.topic_propose(
        body_id=body.pk, year=year + 1, title="发展夜间经济、促进消费", kind=_kind("online"),
        reason="夜间消费场景少。", member=member_user.member, by=member_user,
    )  # fmt: skip
    t3 = services.topic_propose(
        body_id=body.pk, year=year + 1, title="加强基层医疗卫生服务", kind=_kind("sector"),
        reason="基层医疗人才缺乏。", proposer_name="民盟鄂尔多斯市委员会", by=office,
    )  # fmt: skip
    services.topic_propose(
        body_id=body.pk, year=year + 1, title="推进黄河流域生态保护", kind=_kind("topic"),
        reason="生态修复任务重。", committee=agriculture, by=staff_agri,
    )  # fmt: skip
    services.topic_decide(topic=t1, decision=Topic.Status.ACCEPTED, by=office)
    services.topic_decide(
        topic=t3, decision=Topic.Status.DECLINED, reason="已列入今年提案办理协商", by=office
    )
    next_plan = services.plan_create(body_id=body.pk, year=year + 1, by=office)
    services.plan_item_add(
        plan=next_plan, topic=t1, title=t1.title, kind=t1.kind, committee=economy, month=5,
        is_key=True, departments=[unit_department], by=office,
    )  # fmt: skip
    services.plan_comment_add(
        plan=next_plan, committee=economy, text="建议将新能源汽车课题安排在二季度。", by=staff
    )
    return (
        f"协商：{Consultation.objects.filter(body=body).count()} 项协商活动"
        f"（已报送成果1项，待审核1项，调研中1项），网络议政 2 个，选题 4 条；主席登录 chair。"
    )
