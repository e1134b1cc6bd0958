"""Who sees which scores and 履职档案. Deny by default, 404 for what is not yours:

- the office of a body: every member of its body, every run, the rules;
- a committee's staff: the members seated in their committee during the year, read only,
  once the year's scores are public;
- a member: himself (his 档案 always, his score lines once public);
- nobody sees another body's members.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import CommitteeMembership, Member
from organisation.access import WORK_IN_COMMITTEE, committees_where, is_office
from portal.access import roles_of
from portal.models import User

from ..models import Objection, Rule, RuleSet, ScoringRun


def seated_in_year(year: int) -> Q:
    """Memberships (CommitteeMembership) that overlap the year."""
    return Q(start_date__lte=dt.date(year, 12, 31)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1))
    )


def staff_members(user: User, year: int) -> QuerySet[Member]:
    """Members seated during the year in a committee whose staff the user is."""
    committees = committees_where(user, WORK_IN_COMMITTEE)
    seated = CommitteeMembership.objects.filter(
        seated_in_year(year), committee__in=committees
    ).values("member_id")
    return Member.objects.filter(body_id=user.body_id, pk__in=seated)


def members_scoped(user: User, year: int) -> QuerySet[Member]:
    """The members whose 档案 and scores of `year` the user may see."""
    if not user.is_authenticated or user.body_id is None:
        return Member.objects.none()
    if is_office(user):
        return Member.objects.filter(body_id=user.body_id)
    own = roles_of(user).member
    qs = staff_members(user, year)
    if own is not None:
        qs = Member.objects.filter(Q(pk=own.pk) | Q(pk__in=qs.values("pk")))
    return qs


def get_member_for_years(user: User, pk: int, first: int, last: int) -> Member:
    """A member the user may see in at least one of the years `first`..`last` (the
    whole-term 档案): the office any of its body, staff those seated in their committee
    at some time in those years, a member himself."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    if is_office(user):
        qs = Member.objects.filter(body_id=user.body_id)
    else:
        seated = CommitteeMembership.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=dt.date(first, 1, 1)),
            start_date__lte=dt.date(last, 12, 31),
            committee__in=committees_where(user, WORK_IN_COMMITTEE),
        ).values("member_id")
        own = roles_of(user).member
        test = Q(pk__in=seated) | (Q(pk=own.pk) if own is not None else Q(pk__in=[]))
        qs = Member.objects.filter(test, body_id=user.body_id)
    try:
        return qs.select_related("sector", "body", "user").get(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None


def may_see_scores_of_others(user: User) -> bool:
    return is_office(user) or committees_where(user, WORK_IN_COMMITTEE).exists()


def get_member_for(user: User, pk: int, year: int) -> Member:
    try:
        return members_scoped(user, year).select_related("sector", "body", "user").get(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None


def get_office_rule_set(user: User, pk: int) -> RuleSet:
    """A rule set of the office's body (or the reference scheme, read only)."""
    if not is_office(user):
        raise PermissionDenied
    try:
        return RuleSet.objects.get(Q(body_id=user.body_id) | Q(body__isnull=True), pk=pk)
    except RuleSet.DoesNotExist:
        raise Http404 from None


def get_office_rule(user: User, pk: int) -> Rule:
    if not is_office(user):
        raise PermissionDenied
    try:
        return Rule.objects.select_related("rule_set").get(pk=pk, rule_set__body_id=user.body_id)
    except Rule.DoesNotExist:
        raise Http404 from None


def get_run(user: User, year: int) -> ScoringRun:
    """The run of the user's body for `year` (404 if none)."""
    if not user.is_authenticated or user.body_id is None:
        raise Http404
    try:
        return ScoringRun.objects.select_related("rule_set").get(body_id=user.body_id, year=year)
    except ScoringRun.DoesNotExist:
        raise Http404 from None


def run_visible(user: User, run: ScoringRun) -> bool:
    """The office sees a run at once; everyone else once it is public."""
    return is_office(user) or run.status != ScoringRun.Status.COMPUTED


def get_office_objection(user: User, pk: int) -> Objection:
    if not is_office(user):
        raise PermissionDenied
    try:
        return Objection.objects.select_related("run", "member", "line", "adjustment").get(
            pk=pk, run__body_id=user.body_id
        )
    except Objection.DoesNotExist:
        raise Http404 from None


def may_review(user: User, member: Member, year: int) -> bool:
    """Who confirms or returns a member's 履职报告表: the office of his body, or the staff of
    a committee he sat in during the year."""
    if not user.is_authenticated or user.body_id != member.body_id:
        return False
    if is_office(user):
        return True
    return staff_members(user, year).filter(pk=member.pk).exists()
