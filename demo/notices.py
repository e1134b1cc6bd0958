"""Demo and benchmark data of 通知公告, hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos CPPCC's notices played through the services: the office's meeting
  notice to all members with a reply slip (about 60 % answered, some by phone through the
  office; the demo `member` has not answered yet: it waits on his 待办), an announcement
  with an attachment, 经济委员会's notice to its members from `staff`, a closed notice of
  last month, a withdrawn one and drafts.
- region: two years of notices in every body (about one a month, half with a reply slip),
  each to the body's members, with read and reply receipts, in bulk.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Member
from members.selectors import members_in_office_on
from notices import services
from notices.models import Notice, NoticeAttachment, Receipt
from organisation.models import Body, Committee
from portal.models import Notification, TransitionLog, User

from . import org_data
from .org_build import Stopwatch

PER_BODY_YEAR_REGION = 12
BATCH = 5000
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501

MEETING = """<p>各位委员：</p>
<p>经研究，定于下周召开市政协全体委员学习报告会，传达学习全国政协有关会议精神，通报市政协年度重点工作。现将有关事项通知如下：</p>
<h3>一、参会人员</h3>
<p>市政协全体委员。</p>
<h3>二、有关要求</h3>
<ol><li>请提前15分钟到场，扫描现场二维码签到；</li><li>因故不能参会的，请在回执中写明事由；</li><li>会议材料请携带履职手册。</li></ol>
<p>联系人：市政协办公室 王丽娜，电话 0477-8581234。</p>"""

REPORT = """<p>各位委员：</p>
<p>根据《关于加强和改进专门委员会工作的意见》第十四条，请各位委员于本月底前通过履职通填报年度履职报告表，常委同时提交年度述职报告。</p>
<ul><li>填报内容：参加会议和活动、提交提案和社情民意信息、调研报告等；</li><li>填报说明见附件。</li></ul>
<p>有疑问请与所在专委会联系。</p>"""

RESEARCH = """<p>经济委员会委员：</p>
<p>按照年度工作计划，经济委员会将赴准格尔旗开展“能源产业高质量发展”专题调研，实地考察煤电一体化和新能源项目，并召开座谈会。</p>
<p>请在回执中说明是否参加、是否自驾。集合时间地点另行通知。</p>"""

LEAVE_REASONS = ["外地出差", "单位有重要会议", "身体不适", "参加上级培训", "家中有事"]


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
        with clock.stage("通知公告（经服务层）"):
            return build_demo(rng=rng)
    per_year = org_data.in_proportion(PER_BODY_YEAR_REGION, members_per_body)
    with clock.stage("通知公告（批量）"):
        return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by)


def delete(body_ids: list[int]) -> None:
    notices = Notice.objects.filter(body_id__in=body_ids)
    ids = list(notices.values_list("pk", flat=True))
    kind = ContentType.objects.get_for_model(Notice)
    TransitionLog.objects.filter(content_type=kind, object_id__in=ids).delete()
    Notification.objects.filter(target_type=kind, target_id__in=ids).delete()
    for attachment in NoticeAttachment.objects.filter(notice_id__in=ids):
        attachment.file.delete(save=False)
    Receipt.objects.filter(notice_id__in=ids)._raw_delete(Receipt.objects.db)
    NoticeAttachment.objects.filter(notice_id__in=ids).delete()
    for through in (Notice.committees.through, Notice.sector_groups.through):
        through.objects.filter(notice_id__in=ids).delete()
    Notice.members.through.objects.filter(notice_id__in=ids).delete()
    notices.delete()


# ---- demo ---------------------------------------------------------------------------------


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def _answer_some(
    notice: Notice, *, share: float, rng: random.Random, office: User, skip: set[int]
) -> None:
    """About `share` of the recipients answer: members with a login themselves, the others
    by phone, recorded by the office. Most of those who answered also read it."""
    receipts = list(notice.receipts.select_related("member__user").order_by("member__code"))
    fields = notice.reply_fields
    for receipt in receipts:
        if receipt.member_id in skip:
            continue
        if rng.random() >= share:
            if rng.random() < 0.4 and receipt.member.user_id:
                services.receipt_read(receipt=receipt, by=receipt.member.user)
            continue
        leave = rng.random() < 0.15
        answers = {
            f["label"]: rng.choice(f["choices"]) if f["choices"] else ""
            for f in fields
            if not leave
        }
        reply = services.Reply(
            response="leave" if leave else "attend",
            leave_reason=rng.choice(LEAVE_REASONS) if leave else "",
            answers=answers,
        )
        member_user = receipt.member.user
        services.receipt_answer(receipt=receipt, reply=reply, by=member_user or office)


def build_demo(*, rng: random.Random) -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    office = User.objects.get(username="office")
    staff = User.objects.get(username="staff")
    economy = Committee.objects.get(body=body, kind=Committee.Kind.ECONOMY)
    demo_member = Member.objects.filter(user__username="member").values_list("pk", flat=True)
    now = timezone.now()

    def publish(draft: services.Draft, by: User, *, attach: str = "") -> Notice:
        notice = services.notice_create(body_id=body.pk, draft=draft, by=by)
        if attach:
            services.attachment_add(notice=notice, upload=SimpleUploadedFile(attach, PDF), by=by)
        return services.notice_publish(notice=notice, by=by)

    meeting = publish(
        services.Draft(
            kind=Notice.Kind.MEETING,
            title="关于召开市政协全体委员学习报告会的通知",
            content=MEETING,
            audience=Notice.Audience.ALL,
            meeting_starts_at=(now + _days(8)).replace(hour=9, minute=0, second=0, microsecond=0),
            meeting_place="市政协机关三楼报告厅",
            wants_reply=True,
            reply_deadline=(now + _days(4)).replace(hour=18, minute=0, second=0, microsecond=0),
            reply_fields=[
                {"label": "是否用餐", "choices": ["是", "否"], "required": True},
                {"label": "是否需要住宿", "choices": ["需要", "不需要"], "required": True},
                {"label": "备注", "choices": [], "required": False},
            ],
        ),
        office,
        attach="会议议程.pdf",
    )
    _answer_some(meeting, share=0.6, rng=rng, office=office, skip=set(demo_member))

    report = publish(
        services.Draft(
            kind=Notice.Kind.ANNOUNCEMENT,
            title="关于做好年度履职报告表填报工作的通知",
            content=REPORT,
            audience=Notice.Audience.ALL,
        ),
        office,
        attach="履职报告表填报说明.pdf",
    )
    _answer_some(report, share=0.0, rng=rng, office=office, skip=set())

    research = publish(
        services.Draft(
            kind=Notice.Kind.MEETING,
            title="经济委员会关于开展能源产业高质量发展专题调研的通知",
            content=RESEARCH,
            committee=economy,
            audience=Notice.Audience.COMMITTEES,
            committees=[economy],
            meeting_starts_at=(now + _days(12)).replace(hour=8, minute=30, second=0, microsecond=0),
            meeting_place="准格尔旗（市政协机关门前集合）",
            wants_reply=True,
            reply_deadline=(now + _days(6)).replace(hour=12, minute=0, second=0, microsecond=0),
            reply_fields=[
                {"label": "是否自驾", "choices": ["是", "否"], "required": True},
                {"label": "联系电话", "choices": [], "required": False},
            ],
        ),
        staff,
    )
    _answer_some(research, share=0.5, rng=rng, office=staff, skip=set(demo_member))

    # Last month's notice: answered, then closed (dates moved back, as if it happened then).
    closed = publish(
        services.Draft(
            kind=Notice.Kind.MEETING,
            title="关于参加提案工作培训会的通知",
            content="<p>请各位委员参加提案工作培训，学习提案撰写规范和办理流程。</p>",
            audience=Notice.Audience.ALL,
            meeting_starts_at=now - _days(25),
            meeting_place="市政协机关二楼会议室",
            wants_reply=True,
            reply_deadline=now + _days(1),
        ),
        office,
    )
    _answer_some(closed, share=0.85, rng=rng, office=office, skip=set())
    services.notice_close(notice=closed, by=office)
    Notice.objects.filter(pk=closed.pk).update(
        published_at=now - _days(35), reply_deadline=now - _days(28), closed_at=now - _days(27)
    )

    postponed = publish(
        services.Draft(
            kind=Notice.Kind.MEETING,
            title="关于召开界别协商座谈会的通知",
            content="<p>定于下月召开界别协商座谈会，具体安排见后续通知。</p>",
            audience=Notice.Audience.ALL,
            meeting_starts_at=now + _days(20),
            meeting_place="市政协机关五楼会议室",
        ),
        office,
    )
    services.notice_withdraw(
        notice=postponed, reason="因工作安排调整，座谈会延期举行，时间另行通知。", by=office
    )

    services.notice_create(
        body_id=body.pk,
        draft=services.Draft(
            kind=Notice.Kind.ANNOUNCEMENT,
            title="关于征集年度重点协商课题的通知（草稿）",
            content="<p>请各专委会、各界别活动组推荐年度重点协商课题1—2个。</p>",
            audience=Notice.Audience.ALL,
        ),
        by=office,
    )
    notices = Notice.objects.filter(body=body)
    return (
        f"通知公告：{notices.count()} 条（已发布、已结束、已撤回、草稿各有），"
        f"回执 {Receipt.objects.filter(notice__body=body).count()} 条。"
    )


# ---- region -------------------------------------------------------------------------------


def build_region(*, body_ids: list[int], per_year: int, rng: random.Random, by: User) -> str:
    """Two years of notices in every body, each to the members in office, with receipts:
    about 85 % read, and for the half with a reply slip about 70 % answered."""
    now = timezone.now()
    notices = 0
    receipts: list[Receipt] = []
    total = 0
    for body_id in body_ids:
        members = list(
            members_in_office_on(body_id, timezone.localdate()).values_list("pk", flat=True)
        )
        for n in range(per_year * 2):
            published = now - _days(730 * (n + 1) / (per_year * 2 + 1))
            wants_reply = n % 2 == 0
            notice = Notice.objects.create(
                body_id=body_id,
                kind=Notice.Kind.MEETING if wants_reply else Notice.Kind.ANNOUNCEMENT,
                title=f"{timezone.localtime(published):%Y年%m月}工作通知（第{n + 1}号）",
                content="<p>请各位委员按要求做好相关工作。</p>",
                audience=Notice.Audience.ALL,
                meeting_starts_at=published + _days(10) if wants_reply else None,
                meeting_place="机关会议室" if wants_reply else "",
                wants_reply=wants_reply,
                reply_deadline=published + _days(5) if wants_reply else None,
                status=Notice.Status.CLOSED,
                created_by=by,
                created_at=published,
                published_by=by,
                published_at=published,
                closed_at=published + _days(6),
            )
            notices += 1
            for member_id in members:
                read = rng.random() < 0.85
                answered = wants_reply and read and rng.random() < 0.82
                leave = answered and rng.random() < 0.15
                receipts.append(
                    Receipt(
                        notice=notice,
                        member_id=member_id,
                        read_at=published + _days(rng.random() * 3) if read else None,
                        response=("leave" if leave else "attend") if answered else "",
                        leave_reason=rng.choice(LEAVE_REASONS) if leave else "",
                        answered_at=published + _days(rng.random() * 4) if answered else None,
                    )
                )
            if len(receipts) >= BATCH:
                Receipt.objects.bulk_create(receipts, batch_size=BATCH)
                total += len(receipts)
                receipts = []
    Receipt.objects.bulk_create(receipts, batch_size=BATCH)
    total += len(receipts)
    return f"通知公告：{notices} 条，回执 {total} 条。"
