"""What the evaluation module brings to the kernel's shared pages (portal.registry): the
quota board in the menu and its settings in the change history."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
from portal.registry import HistorySource, NavEntry, NavItem, history_sources, nav_entries

from .models import Quota, QuotaEvidence
from .scoring import hooks as scoring_hooks


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF) or roles.has(Role.VICE_CHAIR):
        return [link(_("指标完成情况"), "evaluation:board", "speedometer2")]
    return []


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("evaluation.PerformanceReport", "member__body")
    nav_entries.register(NavEntry("evaluation", nav, order=40))
    history_sources.register(
        HistorySource("quota", _("工作指标"), Quota.history.model, "body_id", ("body",), order=60)
    )
    history_sources.register(
        HistorySource(
            "quota_evidence", _("指标完成记录"), QuotaEvidence.history.model, "body_id", order=61
        )
    )
    scoring_hooks.register()  # annual scoring (issue 15): evaluation/scoring/hooks.py
