"""What the quota progress tests share: the fixed day (the quota_org
fixture is in conftest), building held
activities and reading the board."""

from __future__ import annotations

import datetime as dt

from committees.models import Activity
from portal.models import Role
from portal.services import role_grant

from . import committee_work_helpers as h
from .factories import UserFactory

T = Activity.Type
DAY = dt.date(2024, 9, 30)


def _output(org, activity, kind="minutes"):
    h.add_output(activity, kind)


done = h.done_activity


def _staff_of(org, committee):
    user = UserFactory(body=org.body)
    role_grant(user=user, role=Role.COMMITTEE_STAFF, body=org.body, committee=committee, by=None)
    return user


def _committee(board, committee):
    return next(u for u in board.committees if u.pk == committee.pk)


def _progress(board, committee, code):
    return _committee(board, committee).progress.get(code)


# ---- coverage --------------------------------------------------------------------------------


def _leader(org, committee, name="经济委主任", role="director", start=None):
    from members.models import CommitteeMembership

    leader = h.new_member(org, name=name, committee=committee)
    seat = CommitteeMembership.objects.get(member=leader, committee=committee)
    seat.role = role
    if start is not None:
        seat.start_date = start
    seat.save()
    return leader
