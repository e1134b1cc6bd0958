"""Cached boards and statistics are versioned per body (portal.caching): a change in one
body makes only that body's results stale; a record without a body makes every body's
stale (the global version)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees.models import ActivityInvitation
from evaluation.cache import BOARDS, cached_board
from members.models import MemberTerm
from portal.caching import VersionedCache, body_of
from portal.models import User
from proposals.selectors.statistics import cached_statistics

from . import committee_work_helpers as work


def _computed(cache: VersionedCache, body_id: int, calls: list[int]) -> None:
    cache.get_or_compute(
        f"probe:{body_id}", lambda: calls.append(body_id) or body_id, body_id=body_id
    )


def test_a_record_is_found_in_its_body_through_its_registered_path(org, other_org):
    activity = work.published_activity(org, members=[org.member])
    invitation = ActivityInvitation.objects.get(activity=activity)
    assert body_of(invitation) == org.body.pk  # activity__body, not loaded yet
    invitation.activity  # noqa: B018 - loaded: walked without a query
    assert body_of(invitation) == org.body.pk
    assert body_of(MemberTerm.objects.filter(member=other_org.member).first()) == (
        other_org.body.pk
    )
    assert body_of(other_org.member) == other_org.body.pk


def test_saving_a_record_in_one_body_leaves_the_other_bodys_board_cached(
    org, other_org, django_assert_num_queries
):
    today = timezone.localdate()
    cached_board(org.body, today)
    cached_board(other_org.body, today)
    with django_assert_num_queries(0):
        cached_board(other_org.body, today)

    org.member.save()  # a watched record of org's body
    with django_assert_num_queries(0):
        cached_board(other_org.body, today)  # still cached
    calls: list[int] = []
    _computed(BOARDS, org.body.pk, calls)
    _computed(BOARDS, other_org.body.pk, calls)
    assert calls == [org.body.pk, other_org.body.pk]  # first probes: computed
    MemberTerm.objects.filter(member=org.member).first().save()  # through term__body
    _computed(BOARDS, org.body.pk, calls)
    _computed(BOARDS, other_org.body.pk, calls)
    assert calls == [org.body.pk, other_org.body.pk, org.body.pk]


def test_saving_a_record_makes_its_own_bodys_board_stale(org):
    today = timezone.localdate()
    cached_board(org.body, today)
    activity = work.published_activity(org, members=[org.member])
    invitation = ActivityInvitation.objects.get(activity=activity)
    calls: list[int] = []
    _computed(BOARDS, org.body.pk, calls)
    invitation.save()  # activity__body -> org
    _computed(BOARDS, org.body.pk, calls)
    assert calls == [org.body.pk, org.body.pk]
    with CaptureQueriesContext(connection) as queries:
        cached_board(org.body, today)
    assert len(queries) > 0  # computed afresh


def test_proposal_statistics_are_per_body_too(org, other_org, django_assert_num_queries):
    year = timezone.localdate().year
    cached_statistics(body_id=org.body.pk, year=year)
    cached_statistics(body_id=other_org.body.pk, year=year)
    org.proposals.save()  # a committee of org's body
    with django_assert_num_queries(0):
        cached_statistics(body_id=other_org.body.pk, year=year)
    with CaptureQueriesContext(connection) as queries:
        cached_statistics(body_id=org.body.pk, year=year)
    assert len(queries) > 0  # org's own statistics are computed afresh


@pytest.mark.django_db
def test_a_record_without_a_body_makes_every_bodys_results_stale(org, other_org):
    probe = VersionedCache("test:probe", "BOARD_CACHE_SECONDS")
    probe.watch("portal.User")
    try:
        calls: list[int] = []
        for body in (org.body, other_org.body):
            _computed(probe, body.pk, calls)
        org.office.save()  # a user of org's body: only org's results
        for body in (org.body, other_org.body):
            _computed(probe, body.pk, calls)
        assert calls == [org.body.pk, other_org.body.pk, org.body.pk]
        User.objects.create(username="system-admin", full_name="系统管理员")  # no body
        for body in (org.body, other_org.body):
            _computed(probe, body.pk, calls)
        assert calls[3:] == [org.body.pk, other_org.body.pk]
    finally:
        from django.db.models.signals import post_delete, post_save

        for signal in (post_save, post_delete):
            signal.disconnect(sender=User, dispatch_uid=f"test:probe-portal.User-{signal}")


class _Clock:
    """portal.caching's clock, moved by hand."""

    def __init__(self, monkeypatch) -> None:
        import portal.caching

        self.now = 1_000_000.0
        monkeypatch.setattr(portal.caching.time, "time", lambda: self.now)


def test_an_old_result_is_refreshed_by_one_request_while_the_others_read_it(settings, monkeypatch):
    from django.core.cache import cache

    settings.BOARD_CACHE_SECONDS = 300
    clock = _Clock(monkeypatch)
    probe = VersionedCache("test:stale", "BOARD_CACHE_SECONDS")
    results = iter(["first", "second", "third"])
    assert probe.get_or_compute("k", lambda: next(results)) == "first"
    clock.now += 299
    assert probe.get_or_compute("k", lambda: next(results)) == "first"  # still fresh

    clock.now += 2  # older than BOARD_CACHE_SECONDS
    key = f"test:stale:{cache.get(probe.version_key)}:k"
    cache.add(f"{key}:computing", 1)  # another request is refreshing it
    assert probe.get_or_compute("k", lambda: next(results)) == "first"  # no wait, no compute
    cache.delete(f"{key}:computing")
    assert probe.get_or_compute("k", lambda: next(results)) == "second"  # this one refreshes
    assert probe.get_or_compute("k", lambda: next(results)) == "second"
    assert cache.get(f"{key}:computing") is None  # the right to compute is given back


def test_a_result_being_computed_is_waited_for_not_computed_again(settings, monkeypatch):
    from django.core.cache import cache

    import portal.caching

    probe = VersionedCache("test:wait", "BOARD_CACHE_SECONDS")
    probe.get_or_compute("other", lambda: 0)  # sets the version
    key = f"test:wait:{cache.get(probe.version_key)}:k"
    cache.add(f"{key}:computing", 1)  # another request computes it…

    def finishes(_seconds: float) -> None:  # …and stores it while this one waits
        cache.set(key, (portal.caching.time.time(), "theirs"))

    monkeypatch.setattr(portal.caching.time, "sleep", finishes)
    calls: list[str] = []
    assert probe.get_or_compute("k", lambda: calls.append("mine") or "mine") == "theirs"
    assert calls == []


def test_a_result_nobody_finishes_is_computed_after_the_wait(settings, monkeypatch):
    from django.core.cache import cache

    import portal.caching

    probe = VersionedCache("test:gone", "BOARD_CACHE_SECONDS")
    probe.get_or_compute("other", lambda: 0)
    key = f"test:gone:{cache.get(probe.version_key)}:k"
    cache.add(f"{key}:computing", 1)  # a request that died computing it
    clock = [0.0]

    def waits(seconds: float) -> None:
        clock[0] += seconds

    monkeypatch.setattr(portal.caching.time, "sleep", waits)
    monkeypatch.setattr(portal.caching.time, "monotonic", lambda: clock[0])
    assert probe.get_or_compute("k", lambda: "mine") == "mine"
    assert clock[0] >= portal.caching.COMPUTE_WAIT_SECONDS
