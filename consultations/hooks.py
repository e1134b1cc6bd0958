"""What 协商 brings to the kernel's shared pages (portal.registry): its menu, its to-do
kinds, its records in the change history, the quota counter of Q7 (key consultation
topics held) and the score sources of the annual scoring (issue 15)."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, F, Value
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import group, link
from portal.registry import (
    Counter,
    HistorySource,
    NavEntry,
    NavItem,
    ScoreSource,
    committee_score_sources,
    history_sources,
    nav_entries,
    quota_counters,
    score_sources,
    todo_kinds,
)

from . import todos

Q7_EXPLANATION = _(
    "每个专委会在统计期内实际召开的重点协商课题数（§5：每个专委会每年精选1—2个重点课题"
    "开展协商议政）。只计状态为“已召开”、召开时间在统计期内、标为重点协商课题且由该专委会"
    "牵头的协商活动；仅列入计划、调研中、已安排会议或已取消的不计。"
)


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items: list[NavItem] = []
    runs = roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF)
    oversight = roles.has(Role.VICE_CHAIR) or roles.has(Role.CHAIR)
    if runs or oversight:
        children = [
            link(_("协商工作"), "consultations:index", "people"),
            link(_("年度协商计划"), "consultations:plan_list", "journal-text"),
        ]
        if runs:
            children += [
                link(_("协商选题"), "consultations:topic_list", "lightbulb"),
                link(_("网络议政"), "consultations:thread_list", "chat-dots"),
            ]
        children.append(link(_("协商统计"), "consultations:statistics", "bar-chart"))
        items.append(group(_("协商"), "people", *children))
    elif roles.member is not None:
        items.append(
            group(
                _("协商"),
                "people",
                link(_("我的协商"), "consultations:index", "people"),
                link(_("网络议政"), "consultations:thread_list", "chat-dots"),
                link(_("提出协商选题"), "consultations:topic_list", "lightbulb"),
            )
        )
    if roles.has(Role.HANDLING_UNIT):
        items.append(link(_("协商建议反馈"), "consultations:recommendation_list", "reply"))
    return items


def key_consultations_held(
    body_id: int, start: dt.datetime, end: dt.datetime, day: dt.date
) -> dict[tuple[str, int], int]:
    """Q7: per committee, the key consultation topics it led that were actually held in
    [start, end) — a planned, researching, scheduled or cancelled one does not count."""
    from .models import Consultation

    rows = (
        Consultation.objects.filter(
            body_id=body_id,
            is_key=True,
            status=Consultation.Status.HELD,
            held_at__gte=start,
            held_at__lt=end,
        )
        .values("committee_id")
        .annotate(n=Count("pk"))
    )
    return {("committee", row["committee_id"]): row["n"] for row in rows}


Q27_EXPLANATION = _(
    "各专委会在统计期内向年度政协协商计划提出的协商选题建议件数（§5），含以其联系的界别"
    "活动组名义提出的；按提交时间计，办公室采用、合并或未采用的都计入。"
)


def topic_proposals(
    body_id: int, start: dt.datetime, end: dt.datetime, day: dt.date
) -> dict[tuple[str, int], int]:
    """Q27: per committee, the topics it (or one of its sector groups) proposed in
    [start, end), whatever the office decided."""
    from django.db.models.functions import Coalesce

    from .models import Topic

    rows = (
        Topic.objects.filter(body_id=body_id, created_at__gte=start, created_at__lt=end)
        .annotate(unit=Coalesce("committee_id", "sector_group__committee_id"))
        .filter(unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
    )
    return {("committee", row["unit"]): row["n"] for row in rows}


def attendance_rows(body_id: int, year: int):
    """Members' part in consultations held in the year: attendance (present / leave /
    absent) and speeches, one row each; the record (and title) is the consultation."""
    from .models import Consultation

    held = Consultation.objects.filter(
        body_id=body_id, status=Consultation.Status.HELD, held_at__year=year
    )
    attendance = (
        # One filter() call: both conditions hold for the same participant row.
        held.filter(
            participants__member__isnull=False,
            participants__attendance__in=["present", "leave", "absent"],
        ).values(
            "title",
            member_id=F("participants__member_id"),
            record_id=F("pk"),
            role=F("participants__attendance"),
            at=F("held_at"),
        )
    )
    speeches = held.filter(speeches__participant__member__isnull=False).values(
        "title",
        member_id=F("speeches__participant__member_id"),
        record_id=F("pk"),
        role=Value("speech", output_field=CharField()),
        at=F("held_at"),
    )
    return attendance.union(speeches, all=True)


def post_rows(body_id: int, year: int):
    """Members' opinions in online deliberation (网络议政) of the year, hidden ones not
    counted; the record is the thread."""
    from .models import Post

    return Post.objects.filter(
        thread__body_id=body_id, created_at__year=year, status=Post.Status.VISIBLE
    ).values(
        "member_id",
        record_id=F("thread_id"),
        role=Value("post", output_field=CharField()),
        at=F("created_at"),
        title=F("thread__title"),
    )


def committee_rows(body_id: int, year: int):
    """What a lead committee's consultations gave in the year (§19, committee evaluation):
    held (kind key / normal), approved research reports of those held, outcomes sent, and
    recommendations the departments adopted (采纳, 部分采纳, 落实中, 已落实) in the year;
    the record is the consultation."""
    from django.db.models import Case, When
    from django.db.models.functions import Coalesce

    from .models import Consultation, Outcome, Recommendation, ResearchReport

    def text(value: str) -> Value:
        return Value(value, output_field=CharField())

    key = Case(When(is_key=True, then=text("key")), default=text("normal"))
    held = Consultation.objects.filter(
        body_id=body_id, status=Consultation.Status.HELD, held_at__year=year
    ).order_by().values(
        unit_id=F("committee_id"), record_id=F("id"), role=text("held"), at=F("held_at"),
        record_title=F("title"), record_kind=key,
    )  # fmt: skip
    reports = ResearchReport.objects.filter(
        consultation__body_id=body_id, consultation__status=Consultation.Status.HELD,
        consultation__held_at__year=year, status=ResearchReport.Status.APPROVED,
    ).order_by().values(
        unit_id=F("consultation__committee_id"), record_id=F("consultation_id"),
        role=text("research_report"), at=F("consultation__held_at"), record_title=F("title"),
        record_kind=text(""),
    )  # fmt: skip
    outcomes = Outcome.objects.filter(
        consultation__body_id=body_id, sent_at__year=year,
        status__in=[Outcome.Status.SENT, Outcome.Status.CLOSED],
    ).order_by().values(
        unit_id=F("consultation__committee_id"), record_id=F("consultation_id"),
        role=text("outcome"), at=F("sent_at"), record_title=F("title"), record_kind=F("kind"),
    )  # fmt: skip
    S = Recommendation.Status
    adopted = Recommendation.objects.filter(
        outcome__consultation__body_id=body_id, answered_at__year=year,
        status__in=[S.ADOPTED, S.PARTLY, S.IN_PROGRESS, S.IMPLEMENTED],
    ).order_by().values(
        unit_id=F("outcome__consultation__committee_id"),
        record_id=F("outcome__consultation_id"), role=text("adopted"),
        at=Coalesce("answered_at", "outcome__sent_at"), record_title=F("outcome__title"),
        record_kind=F("status"),
    )  # fmt: skip
    return held.union(reports, outcomes, adopted, all=True)


def register() -> None:
    from .models import (
        Consultation,
        Outcome,
        Participant,
        Plan,
        PlanItem,
        Post,
        Recommendation,
        ResearchReport,
        Thread,
        Topic,
    )

    nav_entries.register(NavEntry("consultations", nav, order=40))
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    for key, label, model, body_filter, related, order in (
        ("consultation_topic", _("协商选题"), Topic, "body_id", (), 80),
        ("consultation_plan", _("年度协商计划"), Plan, "body_id", (), 81),
        ("consultation_plan_item", _("协商计划课题"), PlanItem, "plan__body_id", ("plan",), 82),
        ("consultation", _("协商活动"), Consultation, "body_id", ("committee",), 83),
        (
            "consultation_participant",
            _("协商参加人员与考勤"),
            Participant,
            "consultation__body_id",
            ("consultation", "member"),
            84,
        ),
        (
            "consultation_report",
            _("协商调研报告"),
            ResearchReport,
            "consultation__body_id",
            ("consultation",),
            85,
        ),
        ("consultation_outcome", _("协商成果"), Outcome, "consultation__body_id", (), 86),
        (
            "consultation_recommendation",
            _("协商建议与反馈"),
            Recommendation,
            "outcome__consultation__body_id",
            ("outcome", "department"),
            87,
        ),
        ("consultation_thread", _("网络议政"), Thread, "body_id", (), 88),
        ("consultation_post", _("网络议政发言"), Post, "thread__body_id", ("thread", "member"), 89),
    ):
        history_sources.register(
            HistorySource(key, label, model.history.model, body_filter, related, order=order)
        )
    quota_counters.register(
        Counter(
            "key_consultations_held",
            _("已召开的重点协商课题"),
            key_consultations_held,
            explanation=Q7_EXPLANATION,
            models=("consultations.Consultation",),
            order=70,
        )
    )
    quota_counters.register(
        Counter(
            "consultation_topic_proposals",
            _("协商选题建议"),
            topic_proposals,
            explanation=Q27_EXPLANATION,
            models=("consultations.Topic",),
            order=71,
        )
    )
    score_sources.register(
        ScoreSource(
            "consultations",
            _("参加协商"),
            attendance_rows,
            lambda pk: reverse("consultations:consultation_detail", args=[pk]),
            roles=(
                ("present", _("出席协商会议")),
                ("leave", _("请假")),
                ("absent", _("缺席")),
                ("speech", _("协商会议发言")),
            ),
            order=70,
        )
    )
    score_sources.register(
        ScoreSource(
            "consultation_posts",
            _("网络议政"),
            post_rows,
            lambda pk: reverse("consultations:thread_detail", args=[pk]),
            roles=(("post", _("网络议政发表意见")),),
            order=71,
        )
    )
    committee_score_sources.register(
        ScoreSource(
            "committee_consultations",
            _("协商"),
            committee_rows,
            lambda pk: reverse("consultations:consultation_detail", args=[pk]),
            roles=(
                ("held", _("牵头召开协商")),
                ("research_report", _("调研报告（已审定）")),
                ("outcome", _("协商成果报送")),
                ("adopted", _("建议被采纳")),
            ),
            kinds=(("key", _("重点协商课题")), ("normal", _("一般协商课题"))),
            order=40,
        )
    )
