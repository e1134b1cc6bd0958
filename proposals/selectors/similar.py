"""Similar earlier proposals, shown to the member before he submits (Decidim's check):
trigram similarity of the normalised titles and of the start of the texts on PostgreSQL
(pg_trgm, GIN indexes from migration 0002); on SQLite, the demo's database, shared
character pairs computed in Python over the same candidates."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Greatest

from portal.caching import VersionedCache
from portal.models import User

from .. import conf, text
from .. import permissions as can
from ..models import Proposal
from .visibility import proposals_visible_to


@dataclass(frozen=True)
class Similar:
    proposal: Proposal
    score: float
    openable: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _candidates(user: User, proposal: Proposal) -> Q:
    """Which earlier proposals may be named to this user: all submitted ones for the
    office and reviewers; otherwise the filed ones (whose number, title and proposer are
    public) and his own."""
    years = int(conf.get("PROPOSALS_SIMILAR_YEARS"))
    scope = Q(body_id=proposal.body_id, year__gt=proposal.year - years) & ~Q(pk=proposal.pk)
    if can.powers_of(user).reviews:
        return scope & Q(submitted_at__isnull=False) & ~Q(status=Proposal.Status.WITHDRAWN)
    return (
        scope
        & (Q(serial__isnull=False) | Q(pk__in=proposals_visible_to(user).values("pk")))
        & ~Q(status__in=Proposal.UNSUBMITTED_STATES)
    )


# The reviewers' results: their candidates and scores depend on proposals' own fields
# only, so a saved or deleted proposal of the body makes them stale.
SIMILAR = VersionedCache("proposals:similar", "STATISTICS_CACHE_SECONDS")
SIMILAR_SOURCES = ("proposals.Proposal",)


def similar_proposals(user: User, proposal: Proposal) -> list[Similar]:
    threshold = float(conf.get("PROPOSALS_SIMILARITY_THRESHOLD"))
    limit = int(conf.get("PROPOSALS_SIMILAR_LIMIT"))
    years = int(conf.get("PROPOSALS_SIMILAR_YEARS"))
    if can.powers_of(user).reviews:
        best = SIMILAR.get_or_compute(
            f"{proposal.pk}:{threshold}:{limit}:{years}",
            lambda: _scores(user, proposal, threshold, limit),
            body_id=proposal.body_id,
        )
    else:
        best = _scores(user, proposal, threshold, limit)
    by_pk = Proposal.objects.select_related(
        "first_proposer", "organiser_committee", "organiser_sector_group", "organiser_sector"
    ).in_bulk([pk for pk, _score in best])
    scored = [(by_pk[pk], score) for pk, score in best if pk in by_pk]
    openable = set(
        proposals_visible_to(user)
        .filter(pk__in=[p.pk for p, _s in scored])
        .values_list("pk", flat=True)
    )
    return [Similar(p, score, p.pk in openable) for p, score in scored]


def _scores(
    user: User, proposal: Proposal, threshold: float, limit: int
) -> list[tuple[int, float]]:
    """(id, score) of the most similar candidates, best first."""
    title = text.normalise_title(proposal.title)
    body = text.normalise_text(proposal.reasons, proposal.suggestions)
    pool = Proposal.objects.filter(_candidates(user, proposal))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_limit(%s)", [threshold])
        found = (
            pool.filter(Q(title_norm__trigram_similar=title) | Q(text_norm__trigram_similar=body))
            .annotate(
                score=Greatest(
                    TrigramSimilarity("title_norm", title), TrigramSimilarity("text_norm", body)
                )
            )
            .order_by("-score", "-year", "-serial")
            .values_list("pk", "score")[:limit]
        )
        return [(pk, float(score)) for pk, score in found]
    rows = pool.values_list("pk", "title_norm", "text_norm")
    best = sorted(
        (
            (
                max(
                    text.bigram_similarity(title, t),
                    text.bigram_similarity(body, b) if body and b else 0.0,
                ),
                pk,
            )
            for pk, t, b in rows
        ),
        reverse=True,
    )
    return [(pk, score) for score, pk in best if score >= threshold][:limit]
