"""What 文史资料 brings to the kernel's shared pages (portal.registry): the menu, the
editors' and authors' to-dos, the change history, the yearly counts for the quota board
and the contributions for the annual scoring (issue 15)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.navigation import group, link
from portal.registry import (
    Counter,
    HistorySource,
    JobKind,
    NavEntry,
    NavItem,
    ScoreSource,
    history_sources,
    job_kinds,
    nav_entries,
    quota_counters,
    score_sources,
    todo_kinds,
)

from . import todos
from .access import roles_say_collector, roles_say_editor
from .models import ArchiveItem, CollectionPlan, Manuscript, Volume
from .selectors import contributions


def nav(request: HttpRequest) -> list[NavItem]:
    user = request.user
    if not user.is_authenticated or user.body_id is None:
        return []
    children = [
        link(_("文史资料库"), "archives:home", "search"),
        link(_("我的文史稿件"), "archives:my_manuscripts", "pencil-square"),
        link(_("征集计划"), "archives:plan_list", "calendar2-check"),
        link(_("文史资料辑"), "archives:volume_list", "book"),
        link(_("数字档案"), "archives:item_list", "archive"),
    ]
    # Decided from the roles the page frame loaded (no query); the pages check permissions.
    editor, collector = roles_say_editor(user), roles_say_collector(user)
    if editor:
        children.insert(1, link(_("文史审稿队列"), "archives:review_queue", "list-check"))
    if editor or collector:
        children.append(link(_("文史资料统计"), "archives:statistics", "bar-chart"))
    return [group(_("文史资料"), "journal-bookmark", *children)]


def count(body_id: int, start: dt.datetime, end: dt.datetime, day: dt.date) -> dict:
    """Manuscripts registered in the period: per contributing member, per committee of
    the plan they answer, and for the body."""
    rows = Manuscript.objects.filter(
        body_id=body_id, submitted_at__gte=start, submitted_at__lt=end
    ).exclude(status=Manuscript.Status.DRAFT)
    result: dict[tuple[str, int], int] = {}
    for member_id, n in (
        rows.filter(contributor__isnull=False)
        .values_list("contributor_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result[("member", member_id)] = n
    for committee_id, n in (
        rows.filter(plan__isnull=False)
        .values_list("plan__committee_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result[("committee", committee_id)] = n
    total = rows.count()
    if total:
        result[("body", body_id)] = total
    return result


def volume_pdf_job(job, progress):
    from .reports import volume_pdf_job as run

    return run(job, progress)


def register() -> None:
    nav_entries.register(NavEntry("archives", nav, order=60))
    job_kinds.register(JobKind("archives_volume_pdf", _("文史资料辑（PDF）"), volume_pdf_job))
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    for key, label, model in (
        ("archives_manuscript", _("文史稿件"), Manuscript),
        ("archives_plan", _("文史资料征集计划"), CollectionPlan),
        ("archives_volume", _("文史资料辑"), Volume),
        ("archives_item", _("数字档案"), ArchiveItem),
    ):
        history_sources.register(
            HistorySource(key, label, model.history.model, "body_id", order=80)
        )
    quota_counters.register(
        Counter(
            "archives_manuscripts",
            _("文史稿件"),
            count,
            explanation=_(
                "期间内登记（提交）的文史稿件和口述史篇数，按撰稿委员、征集计划所属专委会和本级政协统计。"
            ),
            order=80,
        )
    )
    score_sources.register(
        ScoreSource(
            "archives",
            _("文史资料"),
            contributions,
            lambda pk: reverse("archives:manuscript_detail", args=[pk]),
            roles=(("submitted", _("提交文史稿件")), ("published", _("文史稿件出版"))),
            order=80,
        )
    )
