"""The edges of the units' statistics (issue 8: each mutation below left the statistics
tests green): a cancelled assignment is not counted; a reply on the deadline day is on
time, the day after is not; an assignment due today is not overdue yet, one due yesterday
is."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from proposals.models import Assignment
from proposals.selectors.statistics import proposal_statistics

from . import proposals_helpers as h

A = Assignment.Status


def _unit(org, proposal):
    rows = {u.name: u for u in proposal_statistics(body_id=org.body.pk, year=proposal.year).by_unit}
    return rows.get(org.department.name)


def _lead(proposal) -> Assignment:
    return h.lead_assignment(proposal)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def test_a_cancelled_assignment_is_not_counted_for_its_unit(org):
    proposal = h.assigned(org)
    assert _unit(org, proposal).assigned == 1
    Assignment.objects.filter(pk=_lead(proposal).pk).update(status=A.CANCELLED)
    assert _unit(org, proposal) is None


def test_a_reply_on_the_deadline_day_is_on_time_and_the_day_after_is_not(org):
    proposal = h.assigned(org)
    lead = _lead(proposal)
    deadline = dt.date(proposal.year, 6, 30)
    replied = Assignment.objects.filter(pk=lead.pk)
    replied.update(
        status=A.REPLIED,
        deadline=deadline,
        original_deadline=deadline,
        finished_at=_at(deadline, 23),
    )
    row = _unit(org, proposal)
    assert (row.replied, row.on_time) == (1, 1)
    replied.update(finished_at=_at(deadline + dt.timedelta(days=1), 0))
    row = _unit(org, proposal)
    assert (row.replied, row.on_time) == (1, 0)


def test_an_assignment_due_today_is_not_overdue_yet_and_one_due_yesterday_is(org):
    proposal = h.assigned(org)
    today = timezone.localdate()
    active = Assignment.objects.filter(pk=_lead(proposal).pk)
    active.update(status=A.HANDLING, deadline=today, original_deadline=today)
    assert (_unit(org, proposal).active, _unit(org, proposal).overdue) == (1, 0)
    yesterday = today - dt.timedelta(days=1)
    active.update(deadline=yesterday, original_deadline=yesterday)
    assert _unit(org, proposal).overdue == 1
