"""Proposal numbers: race-free when two reviewers file at the same moment; by year
(`<year>-<serial>`, the default) or, as the body sets, by plenary session with a separate
series between sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from proposals import services
from proposals.models import Proposal, ProposalCounter

from . import proposals_helpers as h


def _by_session(org, **session):
    """The body numbers by session; the term's 3rd plenary session is open today."""
    from django.utils import timezone

    from organisation.models import Body, PlenarySession

    Body.objects.filter(pk=org.body.pk).update(proposal_numbering=Body.ProposalNumbering.SESSION)
    today = timezone.localdate()
    defaults = {
        "start_date": today - dt.timedelta(days=1),
        "end_date": today + dt.timedelta(days=2),
    }
    return PlenarySession.objects.create(term=org.term, number=3, **{**defaults, **session})


def _file(org, proposal: Proposal, *, submitted_on: dt.date | None = None) -> Proposal:
    from django.utils import timezone

    if submitted_on is not None:
        at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10)))
        Proposal.objects.filter(pk=proposal.pk).update(submitted_at=at)
        proposal.refresh_from_db()
    services.proposal_decide(proposal=proposal, by=org.reviewer, review=services.Review("file"))
    proposal.refresh_from_db()
    return proposal


@pytest.mark.django_db
def test_the_default_keeps_the_yearly_numbers(org):
    proposal = _file(org, h.submitted(org))
    assert proposal.number == f"{proposal.year}-0001"


@pytest.mark.django_db
def test_a_sessions_proposals_get_its_number_and_the_others_the_recess_series(org):
    session = _by_session(org)
    assert str(session) == "四届三次会议"
    during = _file(org, h.submitted(org, title="大会期间一"))
    before = _file(
        org,
        h.submitted(org, title="闭会期间一"),
        submitted_on=session.start_date - dt.timedelta(days=40),
    )
    during_too = _file(org, h.submitted(org, title="大会期间二"))
    year = during.year
    assert during.number == "四届三次会议第0001号"
    assert during_too.number == "四届三次会议第0002号"
    assert before.number == f"{year}年闭会期间第0001号"
    # Separate counters: one per series.
    series = dict(ProposalCounter.objects.filter(body=org.body).values_list("series", "last"))
    assert series == {f"session:{session.pk}": 2, "recess": 1}


@pytest.mark.django_db
def test_the_collection_before_the_session_counts_for_the_session(org):
    from django.utils import timezone

    today = timezone.localdate()
    _by_session(
        org,
        start_date=today + dt.timedelta(days=5),
        end_date=today + dt.timedelta(days=8),
        proposals_from=today - dt.timedelta(days=10),
    )
    assert _file(org, h.submitted(org)).number == "四届三次会议第0001号"


@pytest.mark.django_db
def test_search_and_merge_find_numbers_of_both_schemes(org, client):
    from django.urls import reverse

    yearly = _file(org, h.submitted(org, title="按年度编号的提案"))
    _by_session(org)
    by_session = _file(org, h.submitted(org, title="按会议编号的提案"))
    client.force_login(org.office)
    for q, title in (("0001号", "按会议编号的提案"), (yearly.number, "按年度编号的提案")):
        page = client.get(reverse("proposals:proposal_list"), {"q": q}).content.decode()
        assert title in page
    page = client.get(reverse("proposals:proposal_list"), {"q": "0001"}).content.decode()
    assert "按年度编号的提案" in page and "按会议编号的提案" in page
    duplicate = h.submitted(org, title="重复的提案")
    from proposals.forms import ReviewForm

    for number, target in ((f" {by_session.number} ", by_session), (yearly.number, yearly)):
        form = ReviewForm(
            {"decision": "merge", "target_number": number, "conversion": ""}, proposal=duplicate
        )
        assert form.is_valid(), form.errors
        assert form.review().target == target
    services.proposal_decide(
        proposal=duplicate, by=org.reviewer, review=services.Review("merge", target=by_session)
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == by_session
