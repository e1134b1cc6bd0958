"""文史资料 reminders: calls for manuscripts about to close, reviews waiting too long."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    CollectionPlan,
    Manuscript,
)
from .common import P

# ---- reminders --------------------------------------------------------------------------

CALL_WARNING_DAYS = 7
DEFAULT_REVIEW_WAIT_DAYS = 14


def remind(*, today=None) -> int:
    """Tell the committee's staff of calls that close within a week, and the editors of
    manuscripts waiting in a review step too long. Idempotent (dedupe keys); a few
    queries per run whatever the number of records. Returns notifications created."""
    import datetime as dt

    from django.conf import settings

    from portal.models import Role, RoleAssignment
    from portal.services import Note, notify_many

    today = today or timezone.localdate()
    wait_days = int(getattr(settings, "ARCHIVES_REVIEW_WAIT_DAYS", DEFAULT_REVIEW_WAIT_DAYS))
    notes: list[Note] = []
    plans = list(
        CollectionPlan.objects.filter(
            status=P.OPEN,
            closes_on__gte=today,
            closes_on__lte=today + dt.timedelta(days=CALL_WARNING_DAYS),
        ).only("pk", "title", "closes_on", "committee_id")
    )
    staff: dict[int, list] = {}
    if plans:
        for a in RoleAssignment.objects.filter(
            role=Role.COMMITTEE_STAFF, committee_id__in={p.committee_id for p in plans}
        ).select_related("user"):
            staff.setdefault(a.committee_id, []).append(a.user)
    for plan in plans:
        notes.append(
            Note(
                recipients=staff.get(plan.committee_id, []),
                title=_("征稿即将截止：%(t)s（%(d)s）") % {"t": plan.title, "d": plan.closes_on},
                url=reverse("archives:plan_detail", args=[plan.pk]),
                dedupe_key=f"archives-call-closing-{plan.pk}-{plan.closes_on}",
            )
        )
    cutoff = timezone.now() - dt.timedelta(days=wait_days)
    waiting = list(
        Manuscript.objects.filter(status__in=Manuscript.QUEUE, status_changed_at__lt=cutoff).only(
            "pk", "title", "status", "status_changed_at", "body_id"
        )
    )
    editors: dict[int, list] = {}
    if waiting:
        for a in RoleAssignment.objects.filter(
            role=Role.ARCHIVES_EDITOR, body_id__in={m.body_id for m in waiting}
        ).select_related("user"):
            editors.setdefault(a.body_id, []).append(a.user)
    for m in waiting:
        notes.append(
            Note(
                recipients=editors.get(m.body_id, []),
                title=_("稿件「%(t)s」在「%(s)s」环节已等候超过 %(n)d 天")
                % {"t": m.title, "s": m.get_status_display(), "n": wait_days},
                url=reverse("archives:manuscript_detail", args=[m.pk]),
                dedupe_key=f"archives-waiting-{m.pk}-{m.status}-{m.status_changed_at:%Y%m%d%H%M%S}",
            )
        )
    return notify_many(notes) if notes else 0
