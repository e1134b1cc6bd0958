"""Who sees the committees' evaluation, awards and summaries. Deny by default, 404 for what
is not yours:

- the office of a body: every committee of its body, every run, the awards;
- a committee's staff: the ranking of a frozen year and their own committees' lines (any
  year once frozen), their committees' annual summaries (they write them);
- everyone of the body: the awards list (a member also sees his own in his 档案);
- nobody sees another body's committees.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisation.access import WORK_IN_COMMITTEE, committees_where, is_office
from organisation.models import Committee
from portal.models import User

from ..models import CommitteeQuotaResult, CommitteeRun, CommitteeSummary


def staff_committee_ids(user: User) -> set[int]:
    return set(committees_where(user, WORK_IN_COMMITTEE).values_list("pk", flat=True))


def may_see_rankings(user: User) -> bool:
    return is_office(user) or bool(staff_committee_ids(user))


def get_run(user: User, year: int) -> CommitteeRun:
    """The body's committee run of `year`: the office always, staff once frozen."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    if not may_see_rankings(user):
        raise PermissionDenied
    run = (
        CommitteeRun.objects.select_related("rule_set")
        .filter(body_id=user.body_id, year=year)
        .first()
    )
    if run is None or (not is_office(user) and run.status != CommitteeRun.Status.FROZEN):
        raise Http404
    return run


def get_scored_committee(user: User, run: CommitteeRun, pk: int) -> Committee:
    """A committee of the run's body whose lines the user may read."""
    try:
        committee = Committee.objects.get(pk=pk, body_id=run.body_id)
    except Committee.DoesNotExist:
        raise Http404 from None
    if not is_office(user) and committee.pk not in staff_committee_ids(user):
        raise Http404
    return committee


def get_quota_result(user: User, pk: int) -> CommitteeQuotaResult:
    try:
        result = CommitteeQuotaResult.objects.select_related("run").get(
            pk=pk, run__body_id=user.body_id
        )
    except CommitteeQuotaResult.DoesNotExist:
        raise Http404 from None
    get_scored_committee(user, get_run(user, result.run.year), result.committee_id)
    return result


def may_write_summary(user: User, committee: Committee) -> bool:
    return (
        user.is_authenticated
        and user.body_id == committee.body_id
        and committee.pk in staff_committee_ids(user)
    )


def get_summary_committee(user: User, pk: int) -> Committee:
    """A committee whose annual summary the user may open: the office's body's, or one the
    user works in."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    if not may_see_rankings(user):
        raise PermissionDenied
    try:
        committee = Committee.objects.get(pk=pk, body_id=user.body_id)
    except Committee.DoesNotExist:
        raise Http404 from None
    if not is_office(user) and not may_write_summary(user, committee):
        raise Http404
    return committee


def get_summary(user: User, pk: int) -> CommitteeSummary:
    try:
        summary = CommitteeSummary.objects.select_related("committee").get(pk=pk)
    except CommitteeSummary.DoesNotExist:
        raise Http404 from None
    get_summary_committee(user, summary.committee_id)
    return summary
