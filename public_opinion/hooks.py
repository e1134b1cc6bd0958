"""What 社情民意 brings to the kernel's shared pages (portal.registry): menu entries, the
to-do kinds (editors' queue, forwarded items, co-authors' confirmations), its records in
the change history, the quota counter `social_opinion_reports` (Q16/Q17) and the score
source `public_opinion` for the annual scoring."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_save
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from organisation.models import Body
from portal.access import roles_of
from portal.models import Role
from portal.navigation import link
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

from . import counting, todos
from .models import Adoption, Author, Forwarding, Instruction, Issue, Report


def nav(request: HttpRequest) -> list[NavItem]:
    roles = roles_of(request.user)
    items = []
    if roles.member is not None or roles.has(Role.COMMITTEE_STAFF):
        items.append(link(_("社情民意"), "public_opinion:my_list", "chat-square-text"))
    if roles.has(Role.INFO_EDITOR) or roles.has(Role.OFFICE):
        items.append(link(_("社情民意编辑"), "public_opinion:queue", "pencil-square"))
    return items


def _body_created(sender, instance: Body, created: bool, raw: bool, **kwargs) -> None:
    """Every new body starts with the standard rejection reasons and adoption levels."""
    if created and not raw:
        from .services import defaults_create

        defaults_create(body=instance, using=kwargs.get("using") or "default")


def _submitted_in(body_id: int) -> Q:
    return Q(body_id=body_id, submitted_at__isnull=False)


def _of_submitted_in(body_id: int) -> Q:
    return Q(report__body_id=body_id, report__submitted_at__isnull=False)


def register() -> None:
    from portal.caching import register_body_of

    # Whose cached boards and statistics a change of these records makes stale.
    register_body_of("public_opinion.Author", "report__body")
    from django.contrib.postgres.lookups import TrigramSimilar

    # `title_norm__trigram_similar=...` (the pg_trgm `%` operator, served by the GIN
    # indexes of migration 0002) without installing django.contrib.postgres.
    for name in ("title_norm", "text_norm"):
        Report._meta.get_field(name).register_lookup(TrigramSimilar)
    post_save.connect(_body_created, sender=Body, dispatch_uid="public_opinion_body_defaults")
    nav_entries.register(NavEntry("public_opinion", nav, order=25))
    for kind in todos.KINDS:
        todo_kinds.register(kind)
    for key, label, model, body_filter, related, order in (
        ("opinion_report", _("社情民意信息"), Report, _submitted_in, (), 40),
        ("opinion_author", _("社情民意作者"), Author, _of_submitted_in, ("report", "member"), 41),
        ("opinion_adoption", _("社情民意采用"), Adoption, _of_submitted_in, ("report",), 42),
        ("opinion_instruction", _("领导批示"), Instruction, _of_submitted_in, ("report",), 43),
        ("opinion_forwarding", _("社情民意报送"), Forwarding, _of_submitted_in, ("report",), 44),
        ("opinion_issue", _("《社情民意》期刊"), Issue, "body_id", (), 45),
    ):
        history_sources.register(
            HistorySource(key, label, model.history.model, body_filter, related, order=order)
        )
    quota_counters.register(
        Counter(
            "social_opinion_reports",
            _("社情民意信息篇数"),
            counting.count,
            explanation=counting.EXPLANATION,
            models=("public_opinion.Report", "public_opinion.Author"),
            order=60,
        )
    )
    score_sources.register(
        ScoreSource(
            "public_opinion",
            _("社情民意信息"),
            counting.score_rows,
            counting.score_url,
            roles=counting.ROLES,
            order=40,
        )
    )
    committee_score_sources.register(
        ScoreSource("committee_opinions", _("社情民意信息"), committee_opinion_rows,
                    counting.score_url,
                    roles=(("submitted", _("以专委会名义报送")), ("adopted", _("被采用"))),
                    order=30)
    )  # fmt: skip


def committee_opinion_rows(body_id: int, year: int):
    """Items sent in a committee's name or one of its sector groups' (counted as on the
    quota board, role submitted, kind = the item's kind), and their adoptions dated in the
    year (role adopted, kind = the level's code)."""
    from django.db.models import CharField, DateTimeField, F, Value
    from django.db.models.functions import Cast, Coalesce

    unit = Coalesce("organiser_committee_id", "organiser_sector_group__committee_id")
    collective = Q(organiser_committee__isnull=False) | Q(organiser_sector_group__isnull=False)
    sent = Report.objects.filter(
        collective, body_id=body_id, origin__isnull=True, status__in=Report.COUNTED_STATES,
        submitted_at__year=year,
    ).order_by().values(
        unit_id=unit, record_id=F("id"), role=Value("submitted", output_field=CharField()),
        at=F("submitted_at"), record_title=F("title"), record_kind=F("kind"),
    )  # fmt: skip
    adopted = Adoption.objects.filter(
        Q(report__organiser_committee__isnull=False)
        | Q(report__organiser_sector_group__isnull=False),
        report__body_id=body_id, report__origin__isnull=True, adopted_on__year=year,
    ).order_by().values(
        unit_id=Coalesce("report__organiser_committee_id",
                         "report__organiser_sector_group__committee_id"),
        record_id=F("report_id"), role=Value("adopted", output_field=CharField()),
        at=Cast("adopted_on", DateTimeField()), record_title=F("report__title"),
        record_kind=F("level__code"),
    )  # fmt: skip
    return sent.union(adopted, all=True)
