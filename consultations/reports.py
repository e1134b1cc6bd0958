"""Statistics and the export of 协商: per committee for a year, counted in the database
(one grouped query per measure, so the page costs the same for 2 committees or 20)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from organisation.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, committees_where
from organisation.models import Committee
from portal.access import is_office
from portal.models import User
from portal.spreadsheets import Column, xlsx_response

from .access import is_chair
from .models import Consultation, PlanItem, Post, Recommendation
from .selectors import consultations_visible_to

ADOPTED = [
    Recommendation.Status.ADOPTED,
    Recommendation.Status.PARTLY,
    Recommendation.Status.IN_PROGRESS,
    Recommendation.Status.IMPLEMENTED,
]
MEASURES = [
    ("planned", "计划课题"),
    ("key_planned", "其中重点课题"),
    ("held", "已召开协商"),
    ("key_held", "其中重点课题"),
    ("outcomes_sent", "成果已报送"),
    ("recommendations", "建议条数"),
    ("answered", "已反馈"),
    ("adopted", "采纳（含部分采纳、落实）"),
    ("posts", "网络议政发言"),
]


@dataclass
class Row:
    committee: Committee
    values: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> list[int]:
        return [self.values.get(key, 0) for key, _label in MEASURES]


def _committees(user: User) -> QuerySet[Committee]:
    if is_office(user) or is_chair(user):
        return Committee.objects.filter(body_id=user.body_id, is_active=True)
    return committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)


def statistics_rows(user: User, year: int) -> list[Row]:
    committees = list(_committees(user).order_by("order", "pk"))
    ids = [c.pk for c in committees]
    values: dict[int, dict[str, int]] = defaultdict(dict)

    def put(rows, key_field: str = "committee_id") -> None:
        for row in rows:
            cid = row.pop(key_field)
            values[cid].update(row)

    put(
        PlanItem.objects.filter(plan__year=year, committee_id__in=ids)
        .values("committee_id")
        .annotate(planned=Count("pk"), key_planned=Count("pk", filter=Q(is_key=True)))
    )
    held = Consultation.objects.filter(
        committee_id__in=ids, status=Consultation.Status.HELD, held_at__year=year
    )
    put(
        held.values("committee_id").annotate(
            held=Count("pk"),
            key_held=Count("pk", filter=Q(is_key=True)),
            outcomes_sent=Count("pk", filter=Q(outcome__sent_at__isnull=False)),
        )
    )
    put(
        Recommendation.objects.filter(
            outcome__consultation__committee_id__in=ids,
            outcome__consultation__held_at__year=year,
            outcome__sent_at__isnull=False,
        )
        .values("outcome__consultation__committee_id")
        .annotate(
            recommendations=Count("pk"),
            answered=Count("pk", filter=~Q(status=Recommendation.Status.PENDING)),
            adopted=Count("pk", filter=Q(status__in=ADOPTED)),
        ),
        "outcome__consultation__committee_id",
    )
    put(
        Post.objects.filter(thread__committee_id__in=ids, created_at__year=year)
        .values("thread__committee_id")
        .annotate(posts=Count("pk")),
        "thread__committee_id",
    )
    return [Row(c, values.get(c.pk, {})) for c in committees]


def statistics_totals(rows: list[Row]) -> list[int]:
    return [sum(column) for column in zip(*(r.cells for r in rows), strict=False)] if rows else []


def consultations_export(user: User, year: int) -> HttpResponse:
    """The year's consultations (in the year's plan or held in the year) as .xlsx."""
    rows = (
        consultations_visible_to(user)
        .filter(Q(plan_item__plan__year=year) | Q(held_at__year=year))
        .select_related("committee", "kind", "outcome")
        .annotate(
            recommendation_count=Count("outcome__recommendations", distinct=True),
            answered_count=Count(
                "outcome__recommendations",
                filter=~Q(outcome__recommendations__status=Recommendation.Status.PENDING),
                distinct=True,
            ),
            attendance_count=Count(
                "participants", filter=Q(participants__attendance="present"), distinct=True
            ),
        )
        .order_by("committee__order", "pk")
    )
    columns = [
        Column(_("协商课题"), lambda c: c.title),
        Column(_("协商形式"), lambda c: c.kind.name),
        Column(_("牵头专委会"), lambda c: c.committee.name),
        Column(_("重点协商课题"), lambda c: c.is_key),
        Column(_("状态"), lambda c: c.get_status_display()),
        Column(_("召开时间"), lambda c: c.held_at),
        Column(_("出席人数"), lambda c: c.attendance_count),
        Column(_("协商成果"), lambda c: _outcome(c, "title")),
        Column(_("成果状态"), lambda c: _outcome(c, "get_status_display")),
        Column(_("建议条数"), lambda c: c.recommendation_count),
        Column(_("已反馈"), lambda c: c.answered_count),
    ]
    return xlsx_response(f"协商统计-{year}.xlsx", columns, rows, title=_("协商统计"))


def _outcome(consultation: Consultation, attr: str) -> str:
    try:
        outcome = consultation.outcome
    except Consultation.outcome.RelatedObjectDoesNotExist:
        return ""
    value = getattr(outcome, attr)
    return value() if callable(value) else value


def plan_pdf(plan) -> HttpResponse:
    """The year's consultation plan as printed, each item with its stage."""
    from django.utils import timezone

    from portal.pdf import pdf_response

    from .selectors import plan_items

    context = {"plan": plan, "items": plan_items(plan), "today": timezone.localdate()}
    return pdf_response("consultations/plan_pdf.html", context, filename=f"{plan.title}.pdf")


def outcome_pdf(outcome) -> HttpResponse:
    """An outcome with its recommendations, instructions and feedback."""
    from django.utils import timezone

    from portal.pdf import pdf_response

    context = {
        "outcome": outcome,
        "c": outcome.consultation,
        "recommendations": outcome.recommendations.select_related("department"),
        "instructions": outcome.instructions.all(),
        "today": timezone.localdate(),
    }
    return pdf_response(
        "consultations/outcome_pdf.html", context, filename=f"{outcome.title[:40]}.pdf"
    )
