"""Reads of 协商, permissions applied in SQL: the office sees its body; committee staff and
the vice-chair in charge their committees; the chair the whole body; a member the
consultations he is invited to and the threads he may join; a department the
recommendations addressed to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import CommitteeMembership, Member
from members.selectors import active_on, members_in_office_on
from organisation.access import (
    ACT_FOR_DEPARTMENT,
    OVERSEE_COMMITTEE,
    WORK_IN_COMMITTEE,
    committees_where,
    departments_where,
)
from portal.access import is_office, roles_of
from portal.models import User

from .access import is_chair, manages_consultation, reviews_consultation
from .models import (
    Consultation,
    Outcome,
    Participant,
    Plan,
    PlanItem,
    Post,
    Recommendation,
    Thread,
    Topic,
)

# ---- topics and plans ---------------------------------------------------------------------


def topics_visible_to(user: User) -> QuerySet[Topic]:
    """The office: all of its body; staff: their committees' (and its groups') topics and
    their own; anyone else: the topics he proposed."""
    if not user.is_authenticated or user.body_id is None:
        return Topic.objects.none()
    qs = Topic.objects.filter(body_id=user.body_id)
    if not is_office(user):
        committees = committees_where(user, WORK_IN_COMMITTEE)
        qs = qs.filter(
            Q(created_by=user)
            | Q(committee__in=committees)
            | Q(sector_group__committee__in=committees)
        )
    return qs.select_related("kind", "committee", "sector_group", "member", "department")


def get_topic_for(user: User, pk: int) -> Topic:
    try:
        return topics_visible_to(user).select_related("merged_into").get(pk=pk)
    except Topic.DoesNotExist:
        raise Http404 from None


def sees_plans(user: User) -> bool:
    """Plans are read by the office, the chair, vice-chairs and committee staff."""
    if not user.is_authenticated or user.body_id is None:
        return False
    return (
        is_office(user)
        or is_chair(user)
        or committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE).exists()
    )


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if not sees_plans(user):
        return Plan.objects.none()
    return Plan.objects.filter(body_id=user.body_id).annotate(item_count=Count("items"))


def get_plan_for(user: User, pk: int) -> Plan:
    try:
        return plans_visible_to(user).get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


# The state of a plan item at a glance (the office's plan view).
STAGES = {
    "planned": "待开展",
    "researching": "调研中",
    "scheduled": "已安排会议",
    "held": "已召开",
    "reviewing": "成果审核中",
    "sent": "成果已报送",
    "instructed": "已获批示",
    "complete": "反馈完毕",
    "cancelled": "已取消",
}


def stage_of(item: PlanItem) -> str:
    consultation = getattr(item, "consultation_or_none", None)
    if consultation is None:
        return "planned"
    if consultation.status != Consultation.Status.HELD:
        return consultation.status
    outcome = consultation.outcome_or_none
    if outcome is None:
        return "held"
    if outcome.status == Outcome.Status.CLOSED:
        return "complete"
    if outcome.status == Outcome.Status.SENT:
        return "instructed" if outcome.instruction_count else "sent"
    return "reviewing"


def plan_items(plan: Plan) -> list[PlanItem]:
    """The plan's items with their committees, departments, consultation and outcome
    state, in a constant number of queries."""
    outcomes = Outcome.objects.annotate(
        instruction_count=Count("instructions", distinct=True),
        recommendation_count=Count("recommendations", distinct=True),
        answered_count=Count(
            "recommendations",
            filter=~Q(recommendations__status=Recommendation.Status.PENDING),
            distinct=True,
        ),
    )
    items = list(
        plan.items.select_related("kind", "committee", "topic")
        .prefetch_related("co_committees", "departments")
        .order_by("month", "order", "pk")
    )
    by_item = {
        c.plan_item_id: c
        for c in Consultation.objects.filter(plan_item__in=[i.pk for i in items]).select_related(
            "committee"
        )
    }
    outcome_rows = {
        o.consultation_id: o for o in outcomes.filter(consultation__in=by_item.values())
    }
    for item in items:
        consultation = by_item.get(item.pk)
        if consultation is not None:
            consultation.outcome_or_none = outcome_rows.get(consultation.pk)
        item.consultation_or_none = consultation
        item.stage = stage_of(item)
        item.stage_label = STAGES[item.stage]
    return items


# ---- consultations ----------------------------------------------------------------------------


def consultations_visible_to(user: User) -> QuerySet[Consultation]:
    if not user.is_authenticated or user.body_id is None:
        return Consultation.objects.none()
    qs = Consultation.objects.filter(body_id=user.body_id)
    if is_office(user) or is_chair(user):
        return qs
    committees = committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE)
    member = roles_of(user).member
    invited = Q(pk__in=[])
    if member is not None:
        invited = Q(
            Exists(Participant.objects.filter(consultation=OuterRef("pk"), member_id=member.pk)),
            status__in=[Consultation.Status.SCHEDULED, Consultation.Status.HELD],
        )
    return qs.filter(Q(committee__in=committees) | invited)


def consultation_list(user: User) -> QuerySet[Consultation]:
    return (
        consultations_visible_to(user)
        .select_related("committee", "kind", "outcome")
        .order_by("-created_at", "-pk")
    )


@dataclass
class ConsultationAccess:
    consultation: Consultation
    manage: bool  # the organisers
    review: bool  # the vice-chair in charge, the chair
    participant: Participant | None  # the member's own invitation

    @property
    def full(self) -> bool:
        """Organisers and reviewers see everything; an invited member the meeting."""
        return self.manage or self.review


def get_consultation_for(user: User, pk: int) -> ConsultationAccess:
    """The consultation if the user may open it (404 otherwise), with what he may do."""
    try:
        consultation = (
            consultations_visible_to(user)
            .select_related("committee", "kind", "plan_item__plan", "body")
            .get(pk=pk)
        )
    except Consultation.DoesNotExist:
        raise Http404 from None
    member = roles_of(user).member
    participant = None
    if member is not None:
        participant = Participant.objects.filter(
            consultation=consultation, member_id=member.pk
        ).first()
    return ConsultationAccess(
        consultation=consultation,
        manage=manages_consultation(consultation, user),
        review=reviews_consultation(consultation, user) or is_office(user),
        participant=participant,
    )


def participants_of(consultation: Consultation) -> list[Participant]:
    return list(
        consultation.participants.select_related("member__sector", "department").order_by(
            "kind", "member__code", "pk"
        )
    )


def invitable_members(consultation: Consultation) -> QuerySet[Member]:
    """Members in office not yet invited, the lead committee's first."""
    day = timezone.localdate()
    seated = CommitteeMembership.objects.filter(
        active_on(day), committee_id=consultation.committee_id
    ).values("member_id")
    return (
        members_in_office_on(consultation.body_id, day)
        .exclude(consultation_seats__consultation=consultation)
        .annotate(in_committee=Exists(seated.filter(member_id=OuterRef("pk"))))
        .order_by("-in_committee", "code")
    )


# ---- recommendations for departments --------------------------------------------------------


def recommendations_for_unit(user: User) -> QuerySet[Recommendation]:
    """Recommendations addressed to the departments the user acts for, once sent."""
    return (
        Recommendation.objects.filter(
            department__in=departments_where(user, ACT_FOR_DEPARTMENT),
            outcome__status__in=[Outcome.Status.SENT, Outcome.Status.CLOSED],
        )
        .select_related("outcome__consultation__committee", "department")
        .order_by("status", "deadline", "pk")
    )


@dataclass
class RecommendationAccess:
    recommendation: Recommendation
    answer: bool


def get_recommendation_for(user: User, pk: int) -> RecommendationAccess:
    from .workflow import answers_for

    rec = (
        Recommendation.objects.filter(pk=pk)
        .select_related("outcome__consultation__committee", "department")
        .first()
    )
    if rec is None or not user.is_authenticated or user.body_id != rec.department.body_id:
        raise Http404
    consultation = rec.outcome.consultation
    unit = departments_where(user, ACT_FOR_DEPARTMENT).filter(pk=rec.department_id).exists()
    sent = rec.outcome.status in (Outcome.Status.SENT, Outcome.Status.CLOSED)
    if not (
        (unit and sent)
        or manages_consultation(consultation, user)
        or reviews_consultation(consultation, user)
        or is_office(user)
    ):
        raise Http404
    return RecommendationAccess(rec, answers_for(rec, user))


# ---- threads --------------------------------------------------------------------------------


def thread_eligible(thread: Thread, day: dt.date | None = None) -> QuerySet[Member]:
    """Members who may post: in office, and (a committee's thread) seated in the committee
    or in one of its sector groups."""
    day = day or timezone.localdate()
    members = members_in_office_on(thread.body_id, day)
    if thread.audience == Thread.Audience.ALL:
        return members
    seated = CommitteeMembership.objects.filter(active_on(day), committee_id=thread.committee_id)
    return members.filter(
        Q(pk__in=seated.values("member_id")) | Q(sector__group__committee_id=thread.committee_id)
    )


def threads_for_member(user: User) -> QuerySet[Thread]:
    """Open and closed threads the member is eligible for, newest first."""
    member = roles_of(user).member
    if member is None:
        return Thread.objects.none()
    day = timezone.localdate()
    seated = CommitteeMembership.objects.filter(active_on(day), member_id=member.pk).values(
        "committee_id"
    )
    group_committee = (
        member.sector.group.committee_id if member.sector_id and member.sector.group_id else None
    )
    return (
        Thread.objects.filter(
            body_id=member.body_id, status__in=[Thread.Status.OPEN, Thread.Status.CLOSED]
        )
        .filter(
            Q(audience=Thread.Audience.ALL)
            | Q(committee_id__in=seated)
            | Q(committee_id=group_committee)
        )
        .select_related("committee")
        .annotate(post_count=Count("posts", filter=Q(posts__status=Post.Status.VISIBLE)))
        .order_by("-opened_at", "-pk")
    )


def threads_managed(user: User) -> QuerySet[Thread]:
    if not user.is_authenticated or user.body_id is None:
        return Thread.objects.none()
    qs = Thread.objects.filter(body_id=user.body_id)
    if not is_office(user):
        qs = qs.filter(committee__in=committees_where(user, WORK_IN_COMMITTEE))
    return (
        qs.select_related("committee")
        .annotate(post_count=Count("posts"))
        .order_by("-created_at", "-pk")
    )


@dataclass
class ThreadAccess:
    thread: Thread
    moderate: bool
    may_post: bool


def get_thread_for(user: User, pk: int) -> ThreadAccess:
    from .workflow import moderates

    thread = Thread.objects.filter(pk=pk).select_related("committee", "consultation").first()
    if thread is None or not user.is_authenticated or user.body_id != thread.body_id:
        raise Http404
    moderate = moderates(thread, user)
    member = roles_of(user).member
    eligible = (
        member is not None
        and thread.status != Thread.Status.DRAFT
        and thread_eligible(thread).filter(pk=member.pk).exists()
    )
    if not (moderate or eligible):
        raise Http404
    return ThreadAccess(thread, moderate, eligible and thread.accepts_posts())


def thread_posts(thread: Thread, *, moderate: bool) -> QuerySet[Post]:
    posts = thread.posts.select_related("member__sector").order_by("created_at", "pk")
    return posts if moderate else posts.filter(status=Post.Status.VISIBLE)
