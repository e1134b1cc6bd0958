"""The lists of the proposals app, each in a constant number of queries, and the numbers
other modules read (collective proposals for the quota board, a member's proposals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Member
from portal.access import Roles
from portal.caching import VersionedCache
from portal.models import User
from portal.todos import count_many

from .. import permissions as can
from ..models import Assignment, Communication, Proposal, ProposalSigner
from .visibility import proposals_visible_to

S = Proposal.Status
A = Assignment.Status


def _count_of(queryset: QuerySet, field: str = "proposal") -> Subquery:
    """A correlated COUNT(*) (no join that would multiply the outer rows)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    status: str = ""
    year: int | None = None
    category: str = ""
    kind: str = ""
    flag: str = ""  # "key" or "excellent"

    @classmethod
    def from_query(cls, data) -> ListFilters:
        year = data.get("year", "")
        return cls(
            q=data.get("q", "").strip()[:100],
            status=data.get("status", "") if data.get("status") in S.values else "",
            year=int(year) if year.isdecimal() and 1990 < int(year) < 2200 else None,
            category=data.get("category", "")
            if data.get("category") in Proposal.Category.values
            else "",
            kind=data.get("kind", "") if data.get("kind") in Proposal.Kind.values else "",
            flag=data.get("flag", "") if data.get("flag") in ("key", "excellent") else "",
        )

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


# The totals of the proposal lists (portal.paging): the proposals and what decides who
# sees one (his signature, a unit's assignment, a sector group's committee).
PROPOSAL_COUNTS = VersionedCache("proposals:list-counts", "BOARD_CACHE_SECONDS")
PROPOSAL_COUNT_SOURCES = (
    "proposals.Proposal",
    "proposals.ProposalSigner",
    "proposals.Assignment",
    "organisation.SectorGroup",
)


def proposal_list(user: User, filters: ListFilters) -> QuerySet[Proposal]:
    qs = proposals_visible_to(user)
    if filters.q:
        q = filters.q
        # The proposers first (a few ids), so that the search is an OR of the proposal's
        # own indexed columns (trigram indexes on title and number, the proposer's index):
        # an OR across a join would scan every proposal of the body. The number matches
        # anywhere: "0123" finds 2025-0123 and 四届三次会议第0123号 alike.
        proposers = list(
            Member.objects.filter(body_id=user.body_id, name__icontains=q).values_list(
                "pk", flat=True
            )[:200]
        )
        qs = qs.filter(
            Q(title__icontains=q) | Q(number__contains=q) | Q(first_proposer_id__in=proposers)
        )
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.flag == "key":
        qs = qs.filter(is_key=True)
    elif filters.flag == "excellent":
        qs = qs.filter(is_excellent=True)
    return (
        qs.select_related(
            "first_proposer", "organiser_committee", "organiser_sector_group", "organiser_sector"
        )
        .annotate(
            co_count=_count_of(
                ProposalSigner.objects.filter(status=ProposalSigner.Status.CONFIRMED)
            )
        )
        .order_by(F("submitted_at").desc(nulls_first=True), "-id")
    )


def review_queue(user: User) -> QuerySet[Proposal]:
    """Submitted proposals waiting for review, oldest first."""
    powers = can.powers_of(user)
    if not powers.reviews:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(body_id=powers.body_id, status=S.SUBMITTED)
        .select_related(
            "first_proposer",
            "organiser_committee",
            "organiser_sector_group",
            "organiser_sector",
            "recommended_by",
        )
        .annotate(
            co_count=_count_of(
                ProposalSigner.objects.filter(status=ProposalSigner.Status.CONFIRMED)
            )
        )
        .order_by("submitted_at", "id")
    )


def unit_inbox(user: User, *, done: bool = False) -> QuerySet[Assignment]:
    """The assignments of the user's units: open ones by deadline, or finished ones."""
    powers = can.powers_of(user)
    if not powers.department_ids:
        return Assignment.objects.none()
    states = (A.REPLIED, A.OPINION_SENT) if done else Assignment.ACTIVE_STATES
    qs = Assignment.objects.filter(
        department_id__in=powers.department_ids,
        proposal__body_id=powers.body_id,
        status__in=states,
    )
    qs = qs.select_related(
        "proposal__first_proposer",
        "proposal__organiser_committee",
        "proposal__organiser_sector_group",
        "proposal__organiser_sector",
        "department",
    )
    qs = qs.annotate(
        contact_count=_count_of(
            Communication.objects.exclude(answer=Communication.Answer.DISPUTED), "assignment"
        )
    )
    return qs.order_by("-finished_at", "-id") if done else qs.order_by("deadline", "id")


def handling_progress(user: User, *, show: str = "") -> QuerySet[Assignment]:
    """Open assignments of the body for the office: overdue, due within 30 days, or all."""
    powers = can.powers_of(user)
    if not powers.manages:
        return Assignment.objects.none()
    today = timezone.localdate()
    qs = Assignment.objects.filter(
        proposal__body_id=powers.body_id,
        status__in=Assignment.ACTIVE_STATES,
        proposal__status__in=Proposal.IN_HANDLING_STATES,
    )
    if show == "overdue":
        qs = qs.filter(deadline__lt=today)
    elif show == "soon":
        qs = qs.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=30))
    return qs.select_related("proposal", "department").order_by("deadline", "id")


def collective_proposal_counts(
    body_id: int, since: dt.datetime, until: dt.datetime, day: dt.date | None = None
) -> dict[tuple[str, int], int]:
    """Collective proposals submitted in [since, until) and filed (立案 and every state after
    it), keyed ("committee", id) / ("sector_group", id): drafts, proposals waiting for
    review, 不予立案, merged and withdrawn ones do not count. The quota board (Q13, Q14)
    reads this through the `collective_proposals` quota counter."""
    rows = (
        Proposal.objects.filter(
            body_id=body_id,
            kind=Proposal.Kind.COLLECTIVE,
            submitted_at__gte=since,
            submitted_at__lt=until,
            status__in=Proposal.FILED_STATES,
        )
        .values("organiser_committee_id", "organiser_sector_group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[str, int], int] = {}
    for row in rows:
        if row["organiser_committee_id"]:
            key = ("committee", row["organiser_committee_id"])
        else:
            key = ("sector_group", row["organiser_sector_group_id"])
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def proposals_of_member(*, member_id: int, start: dt.date, end: dt.date) -> QuerySet[Proposal]:
    """Proposals a member submitted in [start, end] as first proposer or co-proposer (the
    later 履职档案), with `as_first` telling which, withdrawn ones left out."""
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    co = ProposalSigner.objects.filter(
        member_id=member_id, status=ProposalSigner.Status.CONFIRMED
    ).values("proposal_id")
    return (
        Proposal.objects.filter(submitted_at__gte=since, submitted_at__lt=until)
        .filter(Q(first_proposer_id=member_id) | Q(pk__in=co))
        .exclude(status=S.WITHDRAWN)
        .annotate(as_first=Q(first_proposer_id=member_id))
        .order_by("submitted_at")
    )


@dataclass
class HomeNumbers:
    """The proposal part of one person's home page."""

    member: dict | None = None
    invitations: list[Proposal] | None = None
    reviews: dict | None = None
    manages: dict | None = None
    unit: dict | None = None
    supervised: int = 0
    collective: int | None = None


def home_context(user: User, roles: Roles) -> dict:
    """Counts for the home page sections (templates/proposals/home_sections.html)."""
    powers = can.powers_of(user)
    if not powers.any and not Proposal.objects.filter(key_supervisor=user).exists():
        return {}
    numbers = HomeNumbers()
    today = timezone.localdate()
    single: dict[str, QuerySet] = {}
    if powers.member_id is not None:
        mine = proposals_visible_to(user).filter(
            Q(author=user) | Q(first_proposer_id=powers.member_id)
        )
        numbers.member = mine.aggregate(
            drafts=Count("pk", filter=Q(status=S.DRAFT)),
            in_review=Count("pk", filter=Q(status__in=[S.AWAITING_SIGNERS, S.SUBMITTED])),
            handling=Count("pk", filter=Q(status__in=Proposal.IN_HANDLING_STATES)),
            to_rate=Count("pk", filter=Q(status=S.REPLIED)),
            total=Count("pk"),
        )
        proposed = Proposal.objects.filter(
            Q(first_proposer_id=powers.member_id)
            | Q(
                pk__in=ProposalSigner.objects.filter(
                    member_id=powers.member_id, status=ProposalSigner.Status.CONFIRMED
                ).values("proposal_id")
            )
        )
        single["to_confirm"] = Communication.objects.filter(
            proposal__in=proposed, answer=Communication.Answer.PENDING
        )
        numbers.invitations = list(
            Proposal.objects.filter(
                status=S.AWAITING_SIGNERS,
                signers__member_id=powers.member_id,
                signers__status=ProposalSigner.Status.INVITED,
            ).select_related("first_proposer")[:5]
        )
    if powers.reviews:
        week_ago = timezone.now() - dt.timedelta(days=7)
        numbers.reviews = Proposal.objects.filter(
            body_id=powers.body_id, status=S.SUBMITTED
        ).aggregate(
            waiting=Count("pk"),
            late=Count("pk", filter=Q(submitted_at__lte=week_ago)),
            recommended=Count("pk", filter=~Q(recommendation="")),
        )
    if powers.manages:
        numbers.manages = Proposal.objects.filter(body_id=powers.body_id).aggregate(
            to_assign=Count("pk", filter=Q(status=S.FILED)),
            handling=Count("pk", filter=Q(status__in=Proposal.IN_HANDLING_STATES)),
        )
        active = Assignment.objects.filter(
            proposal__body_id=powers.body_id,
            status__in=Assignment.ACTIVE_STATES,
            proposal__status__in=Proposal.IN_HANDLING_STATES,
        )
        numbers.manages.update(
            active.aggregate(
                overdue=Count("pk", filter=Q(deadline__lt=today)),
                soon=Count(
                    "pk",
                    filter=Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=30)),
                ),
            )
        )
    if powers.department_ids:
        numbers.unit = unit_inbox(user).aggregate(
            open=Count("pk"),
            new=Count("pk", filter=Q(status=A.ASSIGNED)),
            soon=Count(
                "pk", filter=Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=7))
            ),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
        )
    single["supervised"] = Proposal.objects.filter(key_supervisor=user, is_key=True)
    if powers.staff_committee_ids:
        ids = powers.staff_committee_ids
        single["collective"] = (
            Proposal.objects.filter(kind=Proposal.Kind.COLLECTIVE, body_id=powers.body_id)
            .filter(
                Q(organiser_committee_id__in=ids) | Q(organiser_sector_group__committee_id__in=ids)
            )
            .exclude(status=S.DRAFT)
        )
    found = count_many(single)  # the counts of different tables: one query for them all
    if "to_confirm" in found:
        numbers.member["to_confirm"] = found["to_confirm"]
    numbers.supervised = found["supervised"]
    numbers.collective = found.get("collective", numbers.collective)
    return {"proposals_home": numbers}
