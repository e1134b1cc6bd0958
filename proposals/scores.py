"""Proposals as a score source for the annual scoring (portal.registry.score_sources): the
first proposer and the confirmed co-signers of every submitted proposal of the year, with
its fate as the kind (filed 立案 / key 重点提案 / merged 并案 / not_filed 不予立案 /
pending 待审查)."""

from __future__ import annotations

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member
from portal.registry import ScoreSource

from .models import Proposal, ProposalSigner

S = Proposal.Status
SUBMITTED_STATES = (*Proposal.FILED_STATES, S.SUBMITTED, S.MERGED, S.NOT_FILED)
KINDS = (
    ("filed", _("立案")),
    ("key", _("立案（重点提案）")),
    ("merged", _("并案")),
    ("not_filed", _("不予立案")),
    ("pending", _("待审查")),
)


def _fate(prefix: str = "") -> Case:
    return Case(
        When(Q(**{f"{prefix}is_key": True, f"{prefix}status__in": Proposal.FILED_STATES}),
             then=Value("key")),
        When(**{f"{prefix}status__in": Proposal.FILED_STATES}, then=Value("filed")),
        When(**{f"{prefix}status": S.MERGED}, then=Value("merged")),
        When(**{f"{prefix}status": S.NOT_FILED}, then=Value("not_filed")),
        default=Value("pending"),
        output_field=CharField(),
    )  # fmt: skip


def proposal_rows(body_id: int, year: int) -> QuerySet:
    """First proposers (role "first") and confirmed co-signers (role "co") of the body's
    submitted proposals of the year. Both halves start from Member, so that the union's
    columns carry the names the score source promises (Proposal has its own `title` and
    `kind`, ProposalSigner its own `member_id`)."""
    first = (
        Member.objects.filter(
            proposals__body_id=body_id,
            proposals__year=year,
            proposals__status__in=SUBMITTED_STATES,
        )
        .order_by()
        .values(
            member_id=F("id"),
            record_id=F("proposals__id"),
            role=Value("first", output_field=CharField()),
            at=Coalesce("proposals__filed_at", "proposals__submitted_at", "proposals__created_at"),
            title=F("proposals__title"),
            kind=_fate("proposals__"),
        )
    )
    co = (
        Member.objects.filter(
            signed_proposals__proposal__body_id=body_id,
            signed_proposals__proposal__year=year,
            signed_proposals__proposal__status__in=SUBMITTED_STATES,
            signed_proposals__status=ProposalSigner.Status.CONFIRMED,
        )
        .order_by()
        .values(
            member_id=F("id"),
            record_id=F("signed_proposals__proposal_id"),
            role=Value("co", output_field=CharField()),
            at=Coalesce(
                "signed_proposals__proposal__filed_at",
                "signed_proposals__proposal__submitted_at",
                "signed_proposals__proposal__created_at",
            ),
            title=F("signed_proposals__proposal__title"),
            kind=_fate("signed_proposals__proposal__"),
        )
    )
    # A union matches columns by position: the keyword arguments above are in one order.
    return first.union(co, all=True)


def proposal_url(record_id: int) -> str:
    return reverse("proposals:proposal_detail", args=[record_id])


SOURCE = ScoreSource(
    key="proposals",
    label=_("提案"),
    rows=proposal_rows,
    url=proposal_url,
    roles=(("first", _("第一提案人")), ("co", _("联名提案人"))),
    kinds=KINDS,
    order=10,
)
