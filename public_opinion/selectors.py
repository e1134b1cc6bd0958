"""Reads of 社情民意, with permissions applied in SQL (deny by default):

- an item: its authors (first and co-authors, also invited ones, who must see what they
  are asked to sign) and its writer; the staff of the committee (or sector group) in whose
  name a collective item goes; the information editors and the office of its body once it
  is submitted. Drafts are only ever the authors';
- a forwarding: the editors of the body it was sent to (they see nothing else of the
  lower body) and those who may see the item;
- an issue: the editors of its body; once published and addressed to members, every
  member of the body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from portal.caching import VersionedCache
from portal.models import User

from . import text
from .access import powers_of
from .models import Adoption, Author, Forwarding, Instruction, Issue, Report

S = Report.Status
SIMILAR_YEARS = 3
SIMILAR_THRESHOLD = 0.3
SIMILAR_LIMIT = 8


def _authored(member_id: int) -> Exists:
    return Exists(Author.objects.filter(report=OuterRef("pk"), member_id=member_id))


def reports_visible_to(user: User) -> QuerySet[Report]:
    powers = powers_of(user)
    if not powers.any:
        return Report.objects.none()
    q = Q(created_by_id=user.pk)
    if powers.member_id is not None:
        q |= _authored(powers.member_id)
    if powers.staff:
        q |= Q(organiser_committee_id__in=powers.staff_committee_ids) | Q(
            organiser_sector_group_id__in=powers.staff_group_ids
        )
    if powers.edits:
        q |= ~Q(status__in=Report.UNSUBMITTED_STATES)
    return Report.objects.filter(Q(body_id=powers.body_id) & q)


def get_report_for(user: User, pk: int) -> Report:
    """The item if the user may see it, else 404 (whether or not it exists)."""
    report = (
        reports_visible_to(user)
        .select_related(
            "organiser_committee",
            "organiser_sector_group",
            "committee",
            "sector_group",
            "key_topic",
            "rejection_reason",
            "merged_into",
            "origin",
            "created_by",
            "edited_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def authors_of(report: Report) -> list[Author]:
    return list(report.authors.select_related("member", "merged_from").order_by("order", "id"))


def _item_or_copies(report: Report) -> Q:
    """Rows of the item or of its copies, by report id: an OR across the join to the
    report would read every adoption; the copies are found by their `origin` index."""
    ids = Report.objects.filter(Q(pk=report.pk) | Q(origin_id=report.pk)).values("pk")
    return Q(report_id__in=ids)


def credited_adoptions(report: Report) -> list[Adoption]:
    """Adoptions of the item and of the copies higher bodies made of it (credited back)."""
    return list(
        Adoption.objects.filter(_item_or_copies(report))
        .select_related("level", "report")
        .order_by("adopted_on", "id")
    )


def credited_instructions(report: Report) -> list[Instruction]:
    return list(
        Instruction.objects.filter(_item_or_copies(report))
        .select_related("report")
        .order_by("instructed_on", "id")
    )


# ---- lists ---------------------------------------------------------------------------------


# The totals of the lists of items (portal.paging): the items and their authors.
REPORT_COUNTS = VersionedCache("public_opinion:list-counts", "BOARD_CACHE_SECONDS")
REPORT_COUNT_SOURCES = ("public_opinion.Report", "public_opinion.Author")


def my_reports(user: User) -> QuerySet[Report]:
    """The member's own items (or the staff's collective ones), newest first."""
    powers = powers_of(user)
    q = Q(created_by_id=user.pk)
    if powers.member_id is not None:
        # His items as a list of ids (tens), not a subquery: every branch of the OR is
        # then an index of its own, where a subquery made PostgreSQL read all the body's.
        authored = Author.objects.filter(member_id=powers.member_id)
        q |= Q(pk__in=list(authored.values_list("report_id", flat=True)))
    if powers.staff:
        q |= Q(organiser_committee_id__in=powers.staff_committee_ids) | Q(
            organiser_sector_group_id__in=powers.staff_group_ids
        )
    return (
        Report.objects.filter(Q(body_id=user.body_id) & q)
        .select_related("organiser_committee", "organiser_sector_group")
        .order_by("-created_at", "-id")
    )


def queue(user: User) -> QuerySet[Report]:
    """The editors' queue: submitted items of the body, oldest first."""
    if not powers_of(user).edits:
        return Report.objects.none()
    return (
        Report.objects.filter(body_id=user.body_id, status=S.SUBMITTED)
        .select_related("organiser_committee", "organiser_sector_group", "origin")
        .prefetch_related(_authors_prefetch())
        .order_by("submitted_at", "id")
    )


def _authors_prefetch() -> Prefetch:
    return Prefetch(
        "authors",
        queryset=Author.objects.filter(status=Author.Status.CONFIRMED)
        .select_related("member")
        .order_by("order", "id"),
        to_attr="confirmed_authors",
    )


def report_list(
    user: User, *, search: str = "", status: str = "", year: int | None = None
) -> QuerySet[Report]:
    """Every submitted item of the body the editors may see, with a search box."""
    qs = reports_visible_to(user).exclude(status__in=Report.UNSUBMITTED_STATES)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(number__startswith=search))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return (
        qs.select_related("organiser_committee", "organiser_sector_group")
        .prefetch_related(_authors_prefetch())
        .order_by("-submitted_at", "-id")
    )


def accepted_for_issue(user: User) -> QuerySet[Report]:
    return (
        Report.objects.filter(body_id=user.body_id, status=S.ACCEPTED)
        .prefetch_related(_authors_prefetch())
        .select_related("organiser_committee", "organiser_sector_group")
        .order_by("serial", "id")
    )


def forwardings_to(user: User) -> QuerySet[Forwarding]:
    """What lower bodies sent up to the user's body (its editors only)."""
    if not powers_of(user).edits:
        return Forwarding.objects.none()
    return (
        Forwarding.objects.filter(to_body_id=user.body_id)
        .select_related("report__body", "copy", "sent_by")
        .order_by("status", "-sent_at")
    )


def get_forwarding_for(user: User, pk: int) -> Forwarding:
    """The receiving editors, or whoever may see the forwarded item; else 404."""
    forwarding = (
        Forwarding.objects.select_related("report__body", "to_body", "copy", "sent_by")
        .filter(pk=pk)
        .first()
    )
    if forwarding is None:
        raise Http404
    powers = powers_of(user)
    receiving = powers.edits and user.body_id == forwarding.to_body_id
    if not receiving and not reports_visible_to(user).filter(pk=forwarding.report_id).exists():
        raise Http404
    return forwarding


def may_open_attachment_of(user: User, report: Report) -> bool:
    if reports_visible_to(user).filter(pk=report.pk).exists():
        return True
    # A higher body's editors read what was forwarded to them.
    return (
        powers_of(user).edits
        and Forwarding.objects.filter(report=report, to_body_id=user.body_id).exists()
    )


def issues_visible_to(user: User) -> QuerySet[Issue]:
    powers = powers_of(user)
    if powers.edits:
        return Issue.objects.filter(body_id=user.body_id)
    if powers.member_id is not None or powers.staff:
        return Issue.objects.filter(
            body_id=user.body_id, status=Issue.Status.PUBLISHED, to_members=True
        )
    return Issue.objects.none()


def get_issue_for(user: User, pk: int) -> Issue:
    issue = issues_visible_to(user).filter(pk=pk).first()
    if issue is None:
        raise Http404
    return issue


# ---- similar items -------------------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    report: Report
    score: float
    openable: bool

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_reports(
    user: User, *, title: str, body_text: str, exclude_pk: int | None = None
) -> list[Similar]:
    """Earlier items of this body (recent years) like the one being written: the editors
    see all submitted ones; others the numbered ones (number, title, state) and their own.
    Trigram similarity (pg_trgm) on PostgreSQL; shared character pairs elsewhere."""
    powers = powers_of(user)
    if not powers.any:
        return []
    title_n = text.normalise_title(title)
    text_n = text.normalise_text(body_text)
    if len(title_n) < 2 and len(text_n) < 4:
        return []
    year = timezone.localdate().year
    pool = Report.objects.filter(body_id=user.body_id, year__gt=year - SIMILAR_YEARS).exclude(
        status__in=(*Report.UNSUBMITTED_STATES, S.WITHDRAWN)
    )
    if exclude_pk:
        pool = pool.exclude(pk=exclude_pk)
    if not powers.edits:
        pool = pool.filter(
            Q(serial__isnull=False) | Q(pk__in=reports_visible_to(user).values("pk"))
        )
    if powers.edits:  # every submitted item of the body: cached until one changes
        key = hashlib.sha256(f"{year}|{exclude_pk}|{title_n}|{text_n}".encode()).hexdigest()
        best = SIMILAR.get_or_compute(
            key, lambda: _similar_scores(pool, title_n, text_n), body_id=user.body_id
        )
    else:
        best = _similar_scores(pool, title_n, text_n)
    by_pk = Report.objects.in_bulk([pk for pk, _s in best])
    scored = [(by_pk[pk], s) for pk, s in best if pk in by_pk]
    openable = set(
        reports_visible_to(user)
        .filter(pk__in=[r.pk for r, _s in scored])
        .values_list("pk", flat=True)
    )
    return [Similar(r, s, r.pk in openable) for r, s in scored]


# The editors' similar items: they depend on the body's items only.
SIMILAR = VersionedCache("public_opinion:similar", "STATISTICS_CACHE_SECONDS")


def _similar_scores(pool: QuerySet[Report], title_n: str, text_n: str) -> list[tuple[int, float]]:
    """(id, score) of the most similar items of the pool, best first: trigram similarity
    (pg_trgm) on PostgreSQL; shared character pairs elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_limit(%s)", [SIMILAR_THRESHOLD])
        match = Q(title_norm__trigram_similar=title_n)
        score = TrigramSimilarity("title_norm", title_n)
        if text_n:
            match |= Q(text_norm__trigram_similar=text_n)
            score = Greatest(score, TrigramSimilarity("text_norm", text_n))
        found = (
            pool.filter(match)
            .annotate(score=score)
            .order_by("-score", "-year", "-serial")
            .values_list("pk", "score")[:SIMILAR_LIMIT]
        )
        return [(pk, float(s)) for pk, s in found]
    rows = pool.values_list("pk", "title_norm", "text_norm")
    best = sorted(
        (
            (
                max(
                    text.bigram_similarity(title_n, t),
                    text.bigram_similarity(text_n, b) if text_n and b else 0.0,
                ),
                pk,
            )
            for pk, t, b in rows
        ),
        reverse=True,
    )
    return [(pk, s) for s, pk in best if s >= SIMILAR_THRESHOLD][:SIMILAR_LIMIT]
