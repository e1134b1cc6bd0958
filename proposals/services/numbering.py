"""Proposal numbers (案号) as the body's setting says (organisation.Body.proposal_numbering):

- by year (the default): `2025-0123`, one series per body and year;
- by session, as practice writes them: a proposal submitted during a plenary session's
  proposal window (from its collection start, or its opening day, to its closing day) gets
  the session's number, `四届三次会议第0123号`; one submitted between sessions gets a number
  of that year's separate series, `2025年闭会期间第0012号`.

The proposal is placed by the day it was submitted (not the day it was filed: the
review of a session's proposals often ends after the session closed)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from organisation.models import Body, PlenarySession

from ..models import Proposal, ProposalCounter

RECESS = "recess"


def session_of(body_id: int, day: dt.date) -> PlenarySession | None:
    """The plenary session whose proposal window holds `day`, if any."""
    return (
        PlenarySession.objects.filter(term__body_id=body_id, end_date__gte=day)
        .filter(Q(proposals_from__lte=day) | Q(proposals_from__isnull=True, start_date__lte=day))
        .select_related("term")
        .order_by("start_date")
        .first()
    )


def _series(proposal: Proposal) -> tuple[str, str]:
    """The counter series of the proposal and the pattern of its number ({n} = serial)."""
    scheme = Body.objects.values_list("proposal_numbering", flat=True).get(pk=proposal.body_id)
    if scheme != Body.ProposalNumbering.SESSION:
        return "", f"{proposal.year}-{{n:04d}}"
    submitted = proposal.submitted_at or timezone.now()
    session = session_of(proposal.body_id, timezone.localdate(submitted))
    if session is not None:
        return f"session:{session.pk}", f"{session}第{{n:04d}}号"
    return RECESS, f"{proposal.year}年闭会期间第{{n:04d}}号"


def allocate_number(proposal: Proposal) -> None:
    """The next number of the proposal's series: the counter row is locked, so concurrent
    filings wait for each other instead of taking the same number."""
    series, pattern = _series(proposal)
    counter, _created = ProposalCounter.objects.get_or_create(
        body_id=proposal.body_id, year=proposal.year, series=series
    )
    counter = ProposalCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    proposal.serial = counter.last
    proposal.number = pattern.format(n=counter.last)
