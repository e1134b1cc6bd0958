"""Quota progress against hand-built data sets: the traffic-light thresholds and periods,
year, half-year and term quotas, and the board's query count.

The board is computed as of DAY = 30 September 2024: 75 % of the year, 50 % of the second
half-year and 55 % of the term (1 January 2022 – 31 December 2026) have passed. Coverage, plans
and evidence are in test_quotas_coverage; other modules' records and member quotas in
test_quotas_members."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.services import activities as activity_services
from evaluation.periods import Light, Period, half_year_period, light_of, year_period
from evaluation.selectors import body_board

from . import committee_work_helpers as h
from .quotas_helpers import (
    DAY,
    T,
    _output,
    _progress,
    _staff_of,
    done,
)

# ---- the traffic lights ----------------------------------------------------------------------


def test_the_thresholds():
    year = year_period(2024)  # 366 days
    mid = dt.date(2024, 7, 1)  # 183/366 = 50 % passed
    assert light_of(value=1, target=1, period=year, day=mid) == Light.MET
    assert light_of(value=2, target=1, period=year, day=dt.date(2025, 1, 1)) == Light.MET
    assert light_of(value=0, target=1, period=year, day=dt.date(2025, 1, 1)) == Light.MISSED
    # On track: the share reached is at least the share of the period passed.
    assert light_of(value=1, target=2, period=year, day=mid) == Light.ON_TRACK
    assert light_of(value=1, target=2, period=year, day=dt.date(2024, 7, 2)) == Light.BEHIND
    assert light_of(value=0, target=1, period=year, day=mid) == Light.BEHIND
    # ... or enough is already scheduled inside the period.
    assert light_of(value=0, target=1, period=year, day=mid, scheduled=1) == Light.ON_TRACK
    assert light_of(value=99, target=100, period=year, day=dt.date(2024, 12, 30)) == Light.BEHIND
    assert light_of(value=99, target=100, period=year, day=dt.date(2024, 12, 31)) == Light.MISSED


def test_periods():
    h1 = half_year_period(dt.date(2024, 3, 1))
    h2 = half_year_period(DAY)
    assert (h1.key, h1.start, h1.end) == ("2024H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert (h2.key, h2.end) == ("2024H2", dt.date(2024, 12, 31))
    assert h2.elapsed(DAY) == 92 / 184
    assert h2.elapsed(dt.date(2024, 6, 1)) == 0
    assert h2.elapsed(dt.date(2025, 6, 1)) == 1
    start, end = year_period(2024).bounds()
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Shanghai"
    assert end - start == dt.timedelta(days=366)


# ---- year ----------------------------------------------------------------------------------------


def test_a_year_quota_counts_held_activities_of_its_type_in_the_year(quota_org):
    org = quota_org
    edu_staff = _staff_of(org, org.education)
    done(org, day=dt.date(2024, 3, 5), type=T.THEORY_STUDY)  # economy: counts
    done(org, day=dt.date(2023, 12, 31), type=T.THEORY_STUDY)  # last year
    done(org, day=dt.date(2024, 4, 1), type=T.POLICY_BRIEFING)  # another type
    cancelled = h.draft_activity(org, starts_at=h.at(dt.date(2024, 5, 1)), type=T.THEORY_STUDY)
    activity_services.activity_cancel(activity=cancelled, reason="取消", by=org.staff)
    # Education: one by a sector group of theirs only, one scheduled for November.
    done(
        org,
        by=edu_staff,
        committee=None,
        groups=[org.education_group],
        day=dt.date(2024, 6, 1),
        type=T.PARTY_DAY,
    )
    h.published_activity(
        org,
        by=edu_staff,
        committee=org.education,
        starts_at=h.at(dt.date(2024, 11, 20)),
        type=T.THEORY_STUDY,
    )
    board = body_board(org.body, DAY)
    assert _progress(board, org.economy, "Q1").value == 1
    assert _progress(board, org.economy, "Q1").scheduled == 0  # the cancelled one is nothing
    assert _progress(board, org.economy, "Q1").light == Light.MET
    q1 = _progress(board, org.education, "Q1")
    assert (q1.value, q1.scheduled, q1.light) == (0, 1, Light.ON_TRACK)
    assert _progress(board, org.education, "Q5").light == Light.MET  # via its sector group
    assert _progress(board, org.economy, "Q5").light == Light.BEHIND  # 75 % passed, nothing
    assert _progress(board, org.culture, "Q1").light == Light.BEHIND
    # The past year: final.
    past = body_board(org.body, dt.date(2023, 12, 31))
    assert _progress(past, org.economy, "Q1").light == Light.MET
    assert _progress(past, org.economy, "Q2").light == Light.MISSED


def test_a_quota_for_two_types_needs_both(quota_org):
    org = quota_org
    staff = _staff_of(org, org.proposals)
    done(
        org, by=staff, committee=org.proposals, day=dt.date(2024, 3, 1), type=T.PROPOSAL_ASSIGNMENT
    )
    done(
        org, by=staff, committee=org.proposals, day=dt.date(2024, 4, 1), type=T.PROPOSAL_ASSIGNMENT
    )
    board = body_board(org.body, DAY)
    q11 = _progress(board, org.proposals, "Q11")
    assert (q11.value, q11.target, q11.light) == (1, 2, Light.BEHIND)
    # Q11 concerns the proposals committee only.
    assert _progress(board, org.economy, "Q11") is None
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 9, 1), type=T.PROPOSAL_SYMPOSIUM)
    assert _progress(body_board(org.body, DAY), org.proposals, "Q11").light == Light.MET


# ---- half-year -------------------------------------------------------------------------------


def test_a_half_year_quota_counts_the_current_half_only(quota_org):
    org = quota_org
    staff = _staff_of(org, org.proposals)
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 3, 1), type=T.COMMITTEE_PLENARY)
    board = body_board(org.body, DAY)
    q12 = _progress(board, org.proposals, "Q12")
    assert q12.period.key == "2024H2"
    assert (q12.value, q12.light) == (0, Light.BEHIND)
    # The first half-year, as of its last day: met.
    assert _progress(body_board(org.body, dt.date(2024, 6, 30)), org.proposals, "Q12").light == (
        Light.MET
    )
    # After July the first half's result stays on the board, next to the second half.
    first = _progress(board, org.proposals, "Q12（上半年）")
    assert (first.period.key, first.value, first.light) == ("2024H1", 1, Light.MET)
    assert (
        _progress(body_board(org.body, dt.date(2024, 6, 30)), org.proposals, "Q12（上半年）")
        is None
    )
    assert _progress(board, org.economy, "Q12（上半年）") is None
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 8, 1), type=T.COMMITTEE_PLENARY)
    assert _progress(body_board(org.body, DAY), org.proposals, "Q12").light == Light.MET
    # A first half without the meeting stays missed.
    missed = _progress(body_board(org.body, dt.date(2025, 9, 30)), org.proposals, "Q12（上半年）")
    assert (missed.value, missed.light) == (0, Light.MISSED)
    # The plenary also counts for the yearly Q20 of the proposals committee.
    assert _progress(body_board(org.body, DAY), org.proposals, "Q20").value == 2


# ---- term ------------------------------------------------------------------------------------


def test_term_quotas_count_the_whole_term(quota_org):
    org = quota_org
    done(org, by=org.office, committee=None, day=dt.date(2022, 5, 1), type=T.COMMITTEE_WORK_MEETING)
    board = body_board(org.body, DAY)
    q19 = board.body_unit.progress["Q19"]
    assert q19.period.key == f"T{org.term.pk}"
    assert (q19.value, q19.light) == (1, Light.MET)
    q18 = board.body_unit.progress["Q18"]  # yearly: nothing this year
    assert (q18.value, q18.light) == (0, Light.BEHIND)


def test_quality_sector_activities_need_a_group_member_present_and_a_written_output(quota_org):
    org = quota_org
    good = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2023, 5, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.member],
    )
    _output(org, good, "report")
    # A photo alone is not a written result.
    photo_only = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2024, 4, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.member],
    )
    _output(org, photo_only, "photo")
    # Minutes, but none of the group's members was there (only a member of another group).
    outsiders = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2024, 5, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.other_member],
    )
    _output(org, outsiders, "minutes")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 1
    assert "另有 2 次" in q9.note
    _output(org, photo_only, "minutes")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 2 and q9.light == Light.MET
    # 2 is the minimum and 3 the expectation: a fourth is never "too many".
    for day in (dt.date(2024, 6, 1), dt.date(2024, 6, 2)):
        extra = h.held_activity(
            org,
            committee=None,
            groups=[org.economy_group],
            day=day,
            type=T.SECTOR_ACTIVITY,
            present=[org.member],
        )
        _output(org, extra, "speech")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 4 and not q9.over_max


def test_a_held_activity_without_attendance_or_output_does_not_count(quota_org):
    org = quota_org
    nobody = h.held_activity(org, day=dt.date(2024, 3, 5), type=T.THEORY_STUDY)
    no_output = h.held_activity(
        org, day=dt.date(2024, 3, 6), type=T.THEORY_STUDY, present=[org.member]
    )
    q1 = _progress(body_board(org.body, DAY), org.economy, "Q1")
    assert (q1.value, q1.light) == (0, Light.BEHIND)
    assert "已举行但未登记考勤/成果" in q1.note and "2 次" in q1.note
    _output(org, nobody, "minutes")  # still nobody present
    assert _progress(body_board(org.body, DAY), org.economy, "Q1").value == 0
    _output(org, no_output, "photo")
    q1 = _progress(body_board(org.body, DAY), org.economy, "Q1")
    assert (q1.value, q1.light) == (1, Light.MET)
    assert "1 次" in q1.note


def test_a_counterpart_symposium_counts_only_with_a_counterpart_committee(quota_org):
    from committees.models import ActivityParticipant

    org = quota_org
    symposium = done(org, day=dt.date(2024, 5, 1), type=T.COUNTERPART_SYMPOSIUM)
    activity_services.participant_add(
        participant=ActivityParticipant(
            activity=symposium, kind="expert", name="刘教授", unit="内蒙古大学"
        ),
        by=org.staff,
    )
    q21 = _progress(body_board(org.body, DAY), org.economy, "Q21")
    assert q21.value == 0 and "1 次" in q21.note
    activity_services.participant_add(
        participant=ActivityParticipant(
            activity=symposium,
            kind=ActivityParticipant.Kind.COUNTERPART,
            name="王主任",
            unit="东胜区政协经济委员会",
        ),
        by=org.staff,
    )
    q21 = _progress(body_board(org.body, DAY), org.economy, "Q21")
    assert (q21.value, q21.light) == (1, Light.MET)


# ---- the database does the counting ----------------------------------------------------------


def test_the_board_is_a_constant_number_of_queries(quota_org):
    org = quota_org

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            body_board(org.body, DAY)
        return len(captured)

    done(org, day=dt.date(2024, 3, 5), present=[org.member])
    few = queries()
    for n in range(10):
        done(
            org,
            day=dt.date(2024, 1, 10 + n),
            type=T.MEMBER_VISIT,
            present=[h.new_member(org, name=f"委员{n}")],
        )
        done(org, day=dt.date(2023, 1, 10 + n), type=T.SECTOR_CONSULTATION)
    assert queries() == few
    # The board's own queries and one or two per registered module counter and period.
    assert few <= 18


def test_period_label_and_key_are_stable():
    period = Period("year", "2024", "2024年", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period.days == 366
    assert period.seated_until(dt.date(2030, 1, 1)) == dt.date(2024, 12, 31)
