"""Demo and benchmark data of 社情民意, hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos CPPCC through the services. A login `infoeditor` (信息科, role
  社情民意编辑); the economy committee's key information topics; this year's items of
  about thirty members in every state (queue, returned, rejected with a standard reason,
  accepted and numbered, passed on, merged into a 综合 item); an issue of 《社情民意》
  published as PDF and a draft issue; adoptions at several levels and a 批示. The demo
  `member` has a draft, an item in the editors' queue, an adopted item with a 批示, and an
  invitation to co-author waiting on his 待办; `staff` sent a collective item.
- region: about 100,000 items over ten years across the 12 bodies (in proportion to the
  members per body), with authors, numbers and adoptions, in bulk.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from members.models import Member
from members.selectors import members_in_office_on
from organisation.models import Body, Committee
from portal.models import Notification, Role, TransitionLog, User
from portal.services import role_grant, user_create
from public_opinion import services
from public_opinion.models import (
    Adoption,
    AdoptionLevel,
    Attachment,
    Author,
    Forwarding,
    Instruction,
    Issue,
    IssueEntry,
    KeyTopic,
    RejectionReason,
    Report,
    ReportCounter,
)

from . import org_data
from .org_build import Stopwatch

S = Report.Status
PER_BODY_YEAR_REGION = 830  # × 12 bodies × 10 years ≈ 100,000 at 500 members per body
REGION_YEARS = 10
BATCH = 5000

# (title, topic, situation, analysis, suggestions)
SUBJECTS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "关于加快城区老旧小区加装电梯的建议",
        "livelihood",
        "我市城区2000年前建成的老旧小区多为六层以下住宅，老年住户比例高，上下楼困难。",
        "加装电梯涉及业主意见统一、资金分摊和后期维护，协调难度大，审批环节多。",
        "建议简化审批流程，设立市级专项补贴，明确维保责任主体，推广“一梯一策”。",
    ),
    (
        "关于规范共享电单车停放管理的建议",
        "governance",
        "共享电单车投放量快速增长，占用盲道、消防通道现象突出。",
        "企业投放缺乏总量控制，停放区域划定不足，执法力量分散。",
        "建议实行总量控制和电子围栏，划定停放区，建立企业信用考核。",
    ),
    (
        "关于加强牧区中小学寄宿制学校建设的建议",
        "education",
        "牧区学生居住分散，寄宿制学校宿舍、食堂条件有待改善。",
        "生均经费标准偏低，生活教师配备不足。",
        "建议提高寄宿生生均公用经费标准，配齐生活教师，改善宿舍设施。",
    ),
    (
        "关于推进煤矿采空区生态修复的建议",
        "ecology",
        "部分矿区采空区地表塌陷，植被破坏，影响周边农牧民生产生活。",
        "修复责任主体不清，修复资金来源单一。",
        "建议落实企业修复主体责任，建立修复保证金制度，引入社会资本。",
    ),
    (
        "关于提升基层医疗机构服务能力的建议",
        "health",
        "苏木乡镇卫生院人才流失严重，群众就医仍需往返城区。",
        "基层待遇偏低、职称晋升难，设备使用率不高。",
        "建议完善基层医务人员激励机制，推进县域医共体建设和远程医疗。",
    ),
    (
        "关于促进全域旅游与民族文化融合发展的建议",
        "culture",
        "我市民族文化资源丰富，但旅游产品同质化，游客停留时间短。",
        "文旅融合项目缺乏统筹，宣传推广力度不够。",
        "建议打造民族文化精品线路，扶持非遗工坊，加强区域联合营销。",
    ),
    (
        "关于拓宽农牧民增收渠道的建议",
        "rural",
        "部分嘎查村集体经济薄弱，农牧民收入来源单一。",
        "农畜产品加工链条短，品牌影响力不足。",
        "建议发展农畜产品精深加工，培育区域公用品牌，完善利益联结机制。",
    ),
    (
        "关于优化营商环境破解中小企业融资难的建议",
        "economy",
        "中小微企业融资渠道窄、成本高的问题依然存在。",
        "抵押担保要求高，信用信息共享不充分。",
        "建议完善政府性融资担保体系，推动涉企信用信息共享，发展供应链金融。",
    ),
)


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
        with clock.stage("社情民意（经服务层）"):
            return build_demo(rng=rng)
    per_year = org_data.in_proportion(PER_BODY_YEAR_REGION, members_per_body)
    with clock.stage("社情民意（批量）"):
        return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by)


def delete(body_ids: list[int]) -> None:
    reports = Report.objects.filter(Q(body_id__in=body_ids) | Q(origin__body_id__in=body_ids))
    ids = list(reports.values_list("pk", flat=True))
    issue_ids = list(Issue.objects.filter(body_id__in=body_ids).values_list("pk", flat=True))
    author_ids = list(Author.objects.filter(report_id__in=ids).values_list("pk", flat=True))
    forwarding_ids = list(
        Forwarding.objects.filter(Q(report_id__in=ids) | Q(to_body_id__in=body_ids)).values_list(
            "pk", flat=True
        )
    )
    for model, pks in (
        (Report, ids),
        (Issue, issue_ids),
        (Author, author_ids),
        (Forwarding, forwarding_ids),
    ):
        model_type = ContentType.objects.get_for_model(model)
        TransitionLog.objects.filter(content_type=model_type, object_id__in=pks).delete()
        Notification.objects.filter(target_type=model_type, target_id__in=pks).delete()
    IssueEntry.objects.filter(issue__body_id__in=body_ids).delete()
    for issue in Issue.objects.filter(body_id__in=body_ids):
        issue.pdf.delete(save=False)
    Issue.objects.filter(body_id__in=body_ids).delete()
    Adoption.objects.filter(report_id__in=ids)._raw_delete(Adoption.objects.db)
    Instruction.objects.filter(report_id__in=ids).delete()
    Forwarding.objects.filter(Q(report_id__in=ids) | Q(to_body_id__in=body_ids)).delete()
    Attachment.objects.filter(report_id__in=ids).delete()
    Author.objects.filter(report_id__in=ids)._raw_delete(Author.objects.db)
    Report.objects.filter(pk__in=ids)._raw_delete(Report.objects.db)
    ReportCounter.objects.filter(body_id__in=body_ids).delete()
    KeyTopic.objects.filter(body_id__in=body_ids).delete()


# ---- demo ---------------------------------------------------------------------------------


def _draft(subject: tuple[str, str, str, str, str], **extra) -> services.Draft:
    title, topic, situation, analysis, suggestions = subject
    return services.Draft(
        title=extra.pop("title", title),
        topic=topic,
        situation=situation,
        analysis=analysis,
        suggestions=suggestions,
        **extra,
    )


def _editor(body: Body) -> User:
    user = User.objects.filter(username="infoeditor").first()
    if user is None:
        user = user_create(
            body=body,
            username="infoeditor",
            full_name="孙丽（信息科）",
            password=org_data.DEMO_PASSWORD,
            by=None,
        )
        role_grant(user=user, role=Role.INFO_EDITOR, body=body, by=None)
    return user


def build_demo(*, rng: random.Random) -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    services.defaults_create(body=body)
    editor = _editor(body)
    staff = User.objects.get(username="staff")
    member_user = User.objects.get(username="member")
    economy = Committee.objects.get(body=body, kind=Committee.Kind.ECONOMY)
    today = timezone.localdate()
    year = today.year
    topic = services.key_topic_create(
        committee=economy, year=year, title="能源产业转型中的就业问题", by=staff
    )
    services.key_topic_create(committee=economy, year=year, title="民营企业融资环境", by=staff)
    writers = list(
        members_in_office_on(body.pk, today)
        .filter(user__isnull=False, user__is_active=True)
        .exclude(user=member_user)
        .select_related("user")
        .order_by("code")[:30]
    )
    reasons = list(RejectionReason.objects.filter(body=body))
    levels = {lv.code: lv for lv in AdoptionLevel.objects.filter(body=body)}

    def write(user: User, n: int, **extra) -> Report:
        subject = SUBJECTS[n % len(SUBJECTS)]
        title = extra.pop("title", None) or f"{subject[0]}（{user.full_name or user.username}）"
        return services.report_create(
            body_id=body.pk, draft=_draft(subject, title=title, **extra), by=user
        )

    accepted: list[Report] = []
    queue: list[Report] = []
    for n, member in enumerate(writers):
        report = write(member.user, n)
        services.report_submit(report=report, by=member.user)
        fate = n % 6
        if fate == 0:
            queue.append(report)
        elif fate == 1:
            services.report_return(report=report, comment="请补充具体数据和典型案例。", by=editor)
        elif fate == 2:
            services.report_reject(report=report, reason=rng.choice(reasons), by=editor)
        elif fate == 3:
            services.report_pass_on(
                report=report, target=S.TO_DEPARTMENT, comment="转市住房和城乡建设局", by=editor
            )
        else:
            accepted.append(services.report_accept(report=report, by=editor))
    # Two items on one matter become one 综合 item crediting both authors.
    if len(queue) >= 2:
        services.reports_merge(
            reports=queue[:2],
            title="关于统筹推进老旧小区改造的综合建议",
            situation="多位委员反映老旧小区加装电梯、停车和管网改造等问题。",
            analysis="问题集中、诉求相近，需统筹推进。",
            suggestions="建议将加装电梯纳入老旧小区改造统一规划，整合补贴资金。",
            topic=Report.Topic.LIVELIHOOD,
            by=editor,
        )
    # The demo member: an adopted item with a 批示, one in the queue, a draft, and an
    # invitation from a colleague waiting on his 待办.
    own = write(member_user, 0, title="关于加强城市内涝防治的建议", key_topic=None)
    services.report_submit(report=own, by=member_user)
    own = services.report_accept(report=own, by=editor)
    accepted.append(own)
    waiting = write(member_user, 1, title="关于完善社区养老服务设施的建议")
    services.report_submit(report=waiting, by=member_user)
    write(member_user, 2, title="关于推广中小学课后服务的建议（草稿）")
    member = Member.objects.get(user=member_user)
    if writers:
        invite = write(writers[0].user, 3, title="关于发展夜间经济的建议", coauthors=[member])
        services.report_submit(report=invite, by=writers[0].user)
    collective = services.report_create(
        body_id=body.pk,
        draft=_draft(SUBJECTS[7], organiser_committee=economy, key_topic=topic,
                     title="关于稳定能源行业就业的建议（经济委员会）"),
        by=staff,
    )  # fmt: skip
    services.report_submit(report=collective, by=staff)
    accepted.append(services.report_accept(report=collective, by=editor))
    # An issue of 《社情民意》 with four items, published; a draft issue with the rest.
    issue = services.issue_create(
        body_id=body.pk, year=year, signer="高建军",
        recipients="市委、市人大、市政府、市政协领导，市直有关部门", by=editor,
    )  # fmt: skip
    services.issue_set_entries(issue=issue, report_ids=[r.pk for r in accepted[:4]], by=editor)
    services.issue_publish(issue=issue, by=editor)
    nxt = services.issue_create(
        body_id=body.pk, year=year, signer="高建军", recipients="市委、市政府领导", by=editor
    )
    services.issue_set_entries(issue=nxt, report_ids=[r.pk for r in accepted[4:6]], by=editor)
    for report, code in ((accepted[0], "city_party_gov"), (own, "region")):
        report.refresh_from_db()
        services.adoption_record(
            report=report, level=levels[code], adopted_on=today, outlet="《政协信息专报》",
            by=editor,
        )  # fmt: skip
    services.instruction_record(
        report=own,
        data=services.InstructionData(
            leader="市委副书记 张明", level="city", instructed_on=today,
            text="请市住建局会同水务局研究，汛期前拿出具体措施。", department="市住房和城乡建设局",
        ),
        by=editor,
    )  # fmt: skip
    items = Report.objects.filter(body=body)
    return (
        f"社情民意：{items.count()} 条（各状态均有），《社情民意》2 期（1 期已印发），"
        f"采用 {Adoption.objects.filter(report__body=body).count()} 次；信息编辑登录 infoeditor。"
    )


# ---- region -------------------------------------------------------------------------------


def build_region(*, body_ids: list[int], per_year: int, rng: random.Random, by: User) -> str:
    """Ten years of items in every body, with authors (a third joint), numbers for the
    accepted ones and adoptions for about a fifth, in bulk."""
    now = timezone.now()
    this_year = timezone.localdate().year
    states = [S.ACCEPTED] * 3 + [S.PUBLISHED] * 3 + [S.ADOPTED] * 2 + [S.REJECTED, S.SUBMITTED]
    total = adopted = 0
    for body_id in body_ids:
        members = list(
            members_in_office_on(body_id, timezone.localdate()).values_list("pk", flat=True)
        )
        if not members:
            continue
        # Bodies made in bulk had no post_save: their standard reasons and levels.
        services.defaults_create(body=Body(pk=body_id))
        reason = RejectionReason.objects.filter(body_id=body_id).first()
        levels = list(AdoptionLevel.objects.filter(body_id=body_id))
        for year in range(this_year - REGION_YEARS + 1, this_year + 1):
            rows: list[Report] = []
            serial = 0
            for n in range(per_year):
                status = (
                    rng.choice(states)
                    if year < this_year
                    else rng.choice(states + [S.SUBMITTED] * 3)
                )
                numbered = status not in (S.REJECTED, S.SUBMITTED)
                serial += numbered
                title, topic, situation, analysis, suggestions = SUBJECTS[n % len(SUBJECTS)]
                at = min(
                    now,
                    now.replace(year=year, month=1, day=1) + dt.timedelta(days=rng.random() * 360),
                )
                rows.append(
                    Report(
                        body_id=body_id, year=year, kind=Report.Kind.INDIVIDUAL, status=status,
                        created_by=by, title=f"{title}（{year}-{n + 1}）",
                        title_norm=title[2:-3], text_norm=situation[:300], situation=situation,
                        analysis=analysis, suggestions=suggestions, topic=topic,
                        serial=serial if numbered else None,
                        number=f"{year}-{serial:04d}" if numbered else "",
                        rejection_reason=reason if status == S.REJECTED else None,
                        created_at=at, submitted_at=at, accepted_at=at if numbered else None,
                    )
                )  # fmt: skip
            Report.objects.bulk_create(rows, batch_size=BATCH)
            authors: list[Author] = []
            adoptions: list[Adoption] = []
            for report in rows:
                first = rng.choice(members)
                authors.append(
                    Author(report=report, member_id=first, role="first", status="confirmed")
                )
                if rng.random() < 0.33:
                    co = rng.choice(members)
                    if co != first:
                        report.kind = Report.Kind.JOINT
                        authors.append(
                            Author(report=report, member_id=co, role="co", status="confirmed",
                                   order=1)
                        )  # fmt: skip
                if report.status == S.ADOPTED and levels:
                    adoptions.append(
                        Adoption(report=report, level=rng.choice(levels),
                                 adopted_on=report.submitted_at.date(), recorded_by=by)
                    )  # fmt: skip
            Author.objects.bulk_create(authors, batch_size=BATCH)
            Adoption.objects.bulk_create(adoptions, batch_size=BATCH, ignore_conflicts=True)
            Report.objects.filter(
                pk__in=[r.pk for r in rows if r.kind == Report.Kind.JOINT]
            ).update(kind=Report.Kind.JOINT)
            ReportCounter.objects.update_or_create(
                body_id=body_id, year=year, defaults={"last": serial}
            )
            total += len(rows)
            adopted += len(adoptions)
    return f"社情民意：{total} 条，采用 {adopted} 次。"
