"""Proposal numbers under concurrent filings: a transactional test (two threads, two
connections), in a file of its own so that --dist loadfile runs it after the other tests of
its worker (its flush empties the tables the others read)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from proposals import services
from proposals.models import Proposal, ProposalCounter

from . import proposals_helpers as h


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_filings_get_different_numbers():
    from .conftest import build_org

    org = build_org()
    first, second = h.submitted(org, title="第一件"), h.submitted(org, title="第二件")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def file(proposal: Proposal) -> None:
        try:
            start.wait(timeout=10)
            services.proposal_decide(
                proposal=proposal, by=org.reviewer, review=services.Review("file")
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    numbers = sorted(Proposal.objects.values_list("number", flat=True))
    year = first.year
    assert numbers == [f"{year}-0001", f"{year}-0002"]
    assert ProposalCounter.objects.get(body=org.body, year=year).last == 2
    assert connection.vendor == "postgresql"


# Numbering by session (the body's setting) -------------------------------------------------
