"""Reads of 文史资料, permissions applied in SQL (deny by default):

- editors see every manuscript of their body, restricted ones included;
- the author (the member who wrote it, or whoever registered it) sees his own;
- the office and the culture & history committee's staff see the body's manuscripts that
  are not restricted (they collect them and keep the statistics);
- everyone else of the body sees published, unrestricted manuscripts only.
Digital archive items: everyone of the body, restricted ones only editors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from organisation.access import OVERSEE_COMMITTEE, committees_where
from portal.access import roles_of
from portal.caching import VersionedCache
from portal.models import User

from .access import edits, is_author, is_collector, is_editor
from .models import ArchiveItem, CollectionPlan, Manuscript, ManuscriptFile, Volume

S = Manuscript.Status


def _own(user: User) -> Q:
    member = roles_of(user).member
    own = Q(registered_by_id=user.pk)
    if member is not None:
        own |= Q(contributor_id=member.pk)
    return own


def manuscripts_visible_to(user: User) -> QuerySet[Manuscript]:
    if not user.is_authenticated or user.body_id is None:
        return Manuscript.objects.none()
    qs = Manuscript.objects.filter(body_id=user.body_id)
    if is_editor(user):
        return qs
    public = Q(status=S.PUBLISHED, restricted=False)
    if is_collector(user):
        public = Q(restricted=False) & ~Q(status=S.DRAFT)
    return qs.filter(public | _own(user))


def my_manuscripts(user: User) -> QuerySet[Manuscript]:
    if not user.is_authenticated or user.body_id is None:
        return Manuscript.objects.none()
    return (
        Manuscript.objects.filter(body_id=user.body_id)
        .filter(_own(user))
        .select_related("plan")
        .order_by("-created_at", "-pk")
    )


def get_manuscript_for(user: User, pk: int) -> Manuscript:
    """404 unless the user may read it."""
    m = (
        manuscripts_visible_to(user)
        .filter(pk=pk)
        .select_related("plan", "contributor", "registered_by", "body")
        .first()
    )
    if m is None:
        raise Http404
    return m


def review_queue(user: User) -> QuerySet[Manuscript]:
    """Manuscripts waiting for the editors, longest waiting first."""
    if not is_editor(user):
        return Manuscript.objects.none()
    return (
        Manuscript.objects.filter(body_id=user.body_id, status__in=Manuscript.QUEUE)
        .select_related("plan", "contributor")
        .order_by("status_changed_at", "pk")
    )


def plans_visible_to(user: User) -> QuerySet[CollectionPlan]:
    """The body's plans: drafts only to those who make and approve them; approved and
    open plans (the calls) to everyone of the body."""
    if not user.is_authenticated or user.body_id is None:
        return CollectionPlan.objects.none()
    qs = CollectionPlan.objects.filter(body_id=user.body_id)
    if is_collector(user) or is_editor(user):
        return qs
    overseen = committees_where(user, OVERSEE_COMMITTEE)
    return qs.filter(
        Q(
            status__in=(
                CollectionPlan.Status.APPROVED,
                CollectionPlan.Status.OPEN,
                CollectionPlan.Status.CLOSED,
            )
        )
        | Q(committee__in=overseen)
    )


def get_plan_for(user: User, pk: int) -> CollectionPlan:
    plan = plans_visible_to(user).filter(pk=pk).select_related("committee").first()
    if plan is None:
        raise Http404
    return plan


def open_calls(user: User) -> QuerySet[CollectionPlan]:
    return plans_visible_to(user).filter(
        status=CollectionPlan.Status.OPEN, closes_on__gte=timezone.localdate()
    )


COUNTED = ~Q(manuscripts__status__in=(S.DRAFT, S.REJECTED))


def plans_with_progress(user: User) -> QuerySet[CollectionPlan]:
    """Plans with what was collected against their targets (one query)."""
    return (
        plans_visible_to(user)
        .select_related("committee")
        .annotate(
            n_articles=Count("manuscripts", filter=COUNTED),
            n_words=Sum("manuscripts__word_count", filter=COUNTED, default=0),
            n_oral=Count(
                "manuscripts",
                filter=COUNTED & Q(manuscripts__kind=Manuscript.Kind.ORAL_HISTORY),
            ),
            n_published=Count("manuscripts", filter=Q(manuscripts__status=S.PUBLISHED)),
        )
        .order_by("-year", "-pk")
    )


# The totals of the archive's list (portal.paging).
ITEM_COUNTS = VersionedCache("archives:item-counts", "BOARD_CACHE_SECONDS")


def items_visible_to(user: User) -> QuerySet[ArchiveItem]:
    if not user.is_authenticated or user.body_id is None:
        return ArchiveItem.objects.none()
    qs = ArchiveItem.objects.filter(body_id=user.body_id)
    return qs if is_editor(user) else qs.filter(restricted=False)


def get_item_for(user: User, pk: int) -> ArchiveItem:
    item = items_visible_to(user).filter(pk=pk).select_related("manuscript").first()
    if item is None:
        raise Http404
    return item


def volumes_visible_to(user: User) -> QuerySet[Volume]:
    """Editors: every volume; everyone else: the published ones."""
    if not user.is_authenticated or user.body_id is None:
        return Volume.objects.none()
    qs = Volume.objects.filter(body_id=user.body_id)
    if not is_editor(user):
        qs = qs.filter(status=Volume.Status.PUBLISHED)
    return qs.annotate(n_entries=Count("entries"), n_words=Sum("entries__manuscript__word_count"))


def get_volume_for(user: User, pk: int) -> Volume:
    volume = volumes_visible_to(user).filter(pk=pk).first()
    if volume is None:
        raise Http404
    return volume


def volume_contents(volume: Volume) -> QuerySet:
    return volume.entries.select_related("manuscript").order_by("position", "pk")


def get_file_for(user: User, pk: int) -> ManuscriptFile:
    """A file of a manuscript the user may read; 404 otherwise. Authorisations and consent
    forms carry signatures and addresses: only the author and the editors get them."""
    record = ManuscriptFile.objects.filter(pk=pk).first()
    if record is None:
        raise Http404
    m = get_manuscript_for(user, record.manuscript_id)
    if record.kind in ("authorisation", "consent") and not (edits(m, user) or is_author(m, user)):
        raise Http404
    record.manuscript = m
    return record


# ---- versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Diff:
    html: SafeString
    inserted: int
    deleted: int


def diff(old: str, new: str) -> Diff:
    """Character by character (Chinese has no spaces to split words at): deleted text in
    <del>, inserted in <ins>, everything escaped."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts: list[str] = []
    inserted = deleted = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            deleted += a2 - a1
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            inserted += b2 - b1
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return Diff(mark_safe("".join(parts)), inserted, deleted)  # noqa: S308 - escaped above


# ---- statistics -------------------------------------------------------------------------


def statistics(user: User, year: int | None = None) -> dict:
    """Manuscripts by state, 三亲 type, kind, theme, plan and contributor; volumes. Each a
    GROUP BY in the database."""
    qs = manuscripts_visible_to(user).exclude(status=S.DRAFT)
    if year:
        qs = qs.filter(submitted_at__year=year)
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    by_witness = dict(qs.values_list("witness").annotate(n=Count("pk")).order_by())
    by_kind = dict(qs.values_list("kind").annotate(n=Count("pk")).order_by())
    by_plan = list(
        qs.values("plan_id", "plan__title")
        .annotate(n=Count("pk"), words=Sum("word_count"))
        .order_by("-n", "plan__title")
    )
    by_theme = list(qs.values("theme").annotate(n=Count("pk")).order_by("-n", "theme")[:30])
    by_contributor = list(
        qs.values("author_name", "contributor_id")
        .annotate(
            n=Count("pk"),
            published=Count("pk", filter=Q(status=S.PUBLISHED)),
            words=Sum("word_count"),
        )
        .order_by("-n", "author_name")[:50]
    )
    volumes = volumes_visible_to(user).filter(status=Volume.Status.PUBLISHED)
    if year:
        volumes = volumes.filter(published_on__year=year)
    return {
        "total": sum(by_status.values()),
        "by_status": [(label, by_status.get(value, 0)) for value, label in S.choices[1:]],
        "by_witness": [
            (label, by_witness.get(value, 0)) for value, label in Manuscript.Witness.choices
        ],
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in Manuscript.Kind.choices],
        "by_plan": by_plan,
        "by_theme": by_theme,
        "by_contributor": by_contributor,
        "volumes": volumes.aggregate(n=Count("pk", distinct=True))["n"],
        "items": items_visible_to(user).count(),
    }


def contributions(body_id: int, year: int) -> QuerySet:
    """Rows for the annual scoring (issue 15): each manuscript a member submitted in the
    year (`submitted`) and each published in the year (`published`)."""
    base = Manuscript.objects.filter(body_id=body_id, contributor__isnull=False)
    submitted = (
        base.filter(submitted_at__year=year)
        .annotate(member_id=F("contributor_id"), record_id=F("pk"), at=F("submitted_at"))
        .annotate(role=Value("submitted", output_field=CharField()))
        .values("member_id", "record_id", "role", "at", "title")
    )
    published = (
        base.filter(status=S.PUBLISHED, published_at__year=year)
        .annotate(member_id=F("contributor_id"), record_id=F("pk"), at=F("published_at"))
        .annotate(role=Value("published", output_field=CharField()))
        .values("member_id", "record_id", "role", "at", "title")
    )
    return submitted.union(published, all=True)
