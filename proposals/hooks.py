"""What the proposals module brings to the kernel's shared pages (portal.registry): its
menu entries, its home-page sections and its records in the change history."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
from portal.registry import (
    Counter,
    HomeSection,
    NavEntry,
    NavItem,
    ScoreSource,
    committee_score_sources,
    history_sources,
    home_sections,
    nav_entries,
    quota_counters,
    score_sources,
    todo_kinds,
)

from . import scores, todos
from .selectors import collective_proposal_counts, home_context
from .selectors.history import history_sources as proposal_history_sources


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None:
        items.append(link(_("我的提案"), "proposals:proposal_list", "journal-text"))
    if roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF):
        items.append(link(_("提案"), "proposals:proposal_list", "journal-text"))
    if roles.has(Role.REVIEWER):
        items.append(link(_("提案审查"), "proposals:review_queue", "clipboard-check"))
    if roles.has(Role.HANDLING_UNIT):
        items.append(link(_("提案办理"), "proposals:unit_inbox", "inbox"))
    return items


def home(request: HttpRequest) -> dict | None:
    return home_context(request.user, roles_of(request.user)) or None


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("proposals.Assignment", "proposal__body")
    register_body_of("proposals.Evaluation", "proposal__body")
    register_body_of("proposals.Reply", "proposal__body")
    nav_entries.register(NavEntry("proposals", nav, order=20))
    home_sections.register(HomeSection("proposals", "proposals/home_sections.html", home, 50))
    for entry in proposal_history_sources():
        history_sources.register(entry)
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    quota_counters.register(
        Counter(
            "collective_proposals",
            _("集体提案"),
            collective_proposal_counts,
            explanation=_(
                "以集体名义提出、当期提交并已立案（含立案后的交办、办理、答复、办结）的提案件数；"
                "草稿、待审查、不予立案、并案和撤回的不计。专委会只计以本专委会名义提出的，"
                "界别活动组的集体提案计入界别活动组。"
            ),
            models=("proposals.Proposal",),
        )
    )
    score_sources.register(scores.SOURCE)
    committee_score_sources.register(
        ScoreSource("committee_proposals", _("集体提案"), committee_proposal_rows,
                    scores.proposal_url, roles=(("collective", _("以专委会名义提出")),),
                    kinds=scores.KINDS, order=20)
    )  # fmt: skip


def committee_proposal_rows(body_id: int, year: int):
    """Collective proposals of the year submitted in a committee's name or in the name of
    one of its sector groups (role collective, kind = fate as for members)."""
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Coalesce

    from .models import Proposal

    return Proposal.objects.filter(
        body_id=body_id, year=year, kind=Proposal.Kind.COLLECTIVE,
        status__in=scores.SUBMITTED_STATES,
    ).exclude(organiser_committee__isnull=True, organiser_sector_group__isnull=True).order_by(
    ).values(
        unit_id=Coalesce("organiser_committee_id", "organiser_sector_group__committee_id"),
        record_id=F("id"), role=Value("collective", output_field=CharField()),
        at=Coalesce("filed_at", "submitted_at", "created_at"), record_title=F("title"),
        record_kind=scores._fate(),
    )  # fmt: skip
