"""Permission expectations of every URL of 协商, for every role
(tests/test_permission_matrix.py).

Shapes: the office runs its body's consultation work; the economy committee's staff run
its topics, consultations and threads; its vice-chair in charge reads them and reviews
(403 for what only organisers do); a member sees the consultations he is invited to and
the threads he may join; the handling unit answers the recommendations addressed to its
department; everyone else, and other bodies, get 404 for objects and 403 for pages.

The objects are made once per org through the services; the chair's steps are taken
without an actor (the matrix's org has no chair login, and a new role row would upset the
matrix's own bookkeeping)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Plan, Research, Topic
from portal.models import Notification

from .conftest import Org
from .consultations_helpers import (
    consultation,
    held,
    item,
    kind,
    plan,
    sent_outcome,
    thread,
)
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case

_MADE: dict[tuple[int, str], int] = {}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def _quietly():
    before = set(Notification.objects.values_list("pk", flat=True))
    yield
    Notification.objects.exclude(pk__in=before).delete()


def _once(name: str):
    def wrap(build):
        def get(org: Org) -> int:
            key = (org.body.pk, name)
            if key not in _MADE:
                with _quietly():
                    _MADE[key] = build(org)
            return _MADE[key]

        return get

    return wrap


@_once("topic")
def _topic(org: Org) -> int:
    return services.topic_propose(
        body_id=org.body.pk, year=timezone.localdate().year + 1, title="矩阵选题",
        reason="理由", kind=kind(), committee=org.economy, by=org.staff,
    ).pk  # fmt: skip


@_once("sent")
def _sent(org: Org) -> int:
    """A held consultation (org.member invited) with its outcome sent; returns the outcome."""
    return sent_outcome(org, held(org)).pk


def _held(org: Org) -> int:
    from consultations.models import Outcome

    return Outcome.objects.get(pk=_sent(org)).consultation_id


def _recommendation(org: Org) -> int:
    from consultations.models import Recommendation

    return Recommendation.objects.get(outcome_id=_sent(org), number=1).pk


@_once("researching")
def _researching(org: Org) -> int:
    _sent(org)  # the approved plan exists
    c = consultation(org, key=False, title="矩阵调研中")
    services.research_add(
        consultation=c, kind=Research.Kind.RESEARCH, title="调研", by=org.staff,
        starts_on=timezone.localdate(),
    )  # fmt: skip
    services.report_save(consultation=c, title="调研报告", text="正文", by=org.staff)
    return c.pk


def _research(org: Org) -> int:
    return Consultation.objects.get(pk=_researching(org)).research.get().pk


def _report(org: Org) -> int:
    return Consultation.objects.get(pk=_researching(org)).reports.get().pk


@_once("unstarted")
def _unstarted_item(org: Org) -> int:
    """An item of the approved plan nobody has started yet."""
    _sent(org)
    the_plan = plan(org)
    Plan.objects.filter(pk=the_plan.pk).update(status=Plan.Status.DRAFT)
    the_item = item(org, plan(org), title="矩阵未开展", is_key=False)
    Plan.objects.filter(pk=the_plan.pk).update(status=Plan.Status.APPROVED)
    return the_item.pk


@_once("draft_plan")
def _draft_plan(org: Org) -> int:
    the_plan = plan(org, year=timezone.localdate().year + 1)
    item(org, the_plan, title="明年课题")
    return the_plan.pk


def _draft_item(org: Org) -> int:
    return Plan.objects.get(pk=_draft_plan(org)).items.get().pk


@_once("thread")
def _thread(org: Org) -> int:
    return thread(org).pk


@_once("post")
def _post(org: Org) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from consultations.models import Thread

    return services.post_add(
        thread=Thread.objects.get(pk=_thread(org)), text="矩阵意见", by=org.member_user,
        upload=SimpleUploadedFile("材料.pdf", PDF),
    ).pk  # fmt: skip


def _expect(fill: int = GONE, **given: int) -> dict[str, int]:
    table = {role: fill for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


RUNS = {"staff": OK, "office": OK}
RUNS_DONE = {"staff": DONE, "office": DONE}

TABLE: dict[str, Case] = {
    "consultations:index": Case(
        expect=_expect(NO, member=OK, staff=OK, vice_chair=OK, unit=OK, office=OK, outsider=OK)
    ),
    # Topics
    "consultations:topic_list": Case(
        expect=_expect(NO, member=OK, staff=OK, office=OK, outsider=OK)
    ),
    "consultations:topic_create": Case(
        expect=_expect(NO, member=OK, staff=OK, office=OK, outsider=OK)
    ),
    "consultations:topic_detail": Case(args=lambda o: [_topic(o)], expect=_expect(**RUNS)),
    "consultations:topic_decide": Case(
        method="post",
        args=lambda o: [_topic(o)],
        data=lambda o: {"decision": Topic.Status.ACCEPTED},
        expect=_expect(staff=NO, office=DONE),
    ),
    # Plans
    "consultations:plan_list": Case(
        expect=_expect(NO, staff=OK, vice_chair=OK, office=OK, outsider=OK)
    ),
    "consultations:plan_create": Case(
        method="post",
        data=lambda o: {"year": timezone.localdate().year - 1},
        expect=_expect(NO, office=DONE, outsider=DONE),
    ),
    "consultations:plan_detail": Case(
        args=lambda o: [_draft_plan(o)], expect=_expect(**RUNS, vice_chair=OK)
    ),
    "consultations:plan_item_add": Case(
        args=lambda o: [_draft_plan(o)], expect=_expect(staff=NO, vice_chair=NO, office=OK)
    ),
    "consultations:plan_comment": Case(
        method="post",
        args=lambda o: [_draft_plan(o)],
        data=lambda o: {"committee": o.economy.pk, "text": "矩阵意见"},
        expect=_expect(staff=DONE, vice_chair=NO, office=NO),
    ),
    "consultations:plan_move": Case(
        method="post",
        args=lambda o: [_draft_plan(o)],
        data=lambda o: {"target": Plan.Status.SUBMITTED},
        expect=_expect(staff=NO, vice_chair=NO, office=DONE),
    ),
    "consultations:plan_item_delete": Case(
        method="post",
        args=lambda o: [_draft_item(o)],
        expect=_expect(staff=NO, vice_chair=NO, office=DONE),
    ),
    "consultations:consultation_start": Case(
        method="post",
        args=lambda o: [_unstarted_item(o)],
        expect=_expect(**RUNS_DONE, vice_chair=NO),
    ),
    # A consultation
    "consultations:consultation_detail": Case(
        args=lambda o: [_held(o)], expect=_expect(**RUNS, vice_chair=OK, member=OK)
    ),
    "consultations:consultation_meeting": Case(
        args=lambda o: [_researching(o)], expect=_expect(**RUNS, vice_chair=NO)
    ),
    "consultations:consultation_move": Case(
        method="post",
        args=lambda o: [_researching(o)],
        data=lambda o: {"target": Consultation.Status.SCHEDULED},
        expect=_expect(**RUNS_DONE, vice_chair=NO),
    ),
    "consultations:consultation_follow_up": Case(
        method="post",
        args=lambda o: [_held(o)],
        data=lambda o: {"follow_up": "1"},
        expect=_expect(**RUNS_DONE, vice_chair=NO, member=NO),
    ),
    "consultations:research_add": Case(
        method="post",
        args=lambda o: [_researching(o)],
        data=lambda o: {
            "kind": "inspection",
            "title": "矩阵视察",
            "starts_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
        expect=_expect(**RUNS_DONE, vice_chair=NO),
    ),
    "consultations:research_move": Case(
        method="post",
        args=lambda o: [_research(o)],
        data=lambda o: {"target": "held", "summary": "矩阵"},
        expect=_expect(**RUNS_DONE, vice_chair=NO),
    ),
    "consultations:report_create": Case(
        args=lambda o: [_researching(o)], expect=_expect(**RUNS, vice_chair=NO)
    ),
    "consultations:report_edit": Case(
        args=lambda o: [_report(o)], expect=_expect(**RUNS, vice_chair=NO)
    ),
    "consultations:report_move": Case(
        method="post",
        args=lambda o: [_report(o)],
        data=lambda o: {"target": "submitted"},
        expect=_expect(**RUNS_DONE, vice_chair=DONE),
    ),
    "consultations:participants_invite": Case(
        args=lambda o: [_researching(o)], expect=_expect(**RUNS, vice_chair=NO)
    ),
    "consultations:participant_add": Case(
        method="post",
        args=lambda o: [_researching(o)],
        data=lambda o: {"kind": "expert", "name": "矩阵专家"},
        expect=_expect(**RUNS_DONE, vice_chair=NO),
    ),
    "consultations:attendance": Case(
        args=lambda o: [_held(o)], expect=_expect(**RUNS, vice_chair=NO, member=NO)
    ),
    "consultations:speech_add": Case(
        method="post",
        args=lambda o: [_held(o)],
        data=lambda o: {"title": "矩阵发言"},
        expect=_expect(**RUNS_DONE, vice_chair=NO, member=NO),
    ),
    "consultations:outcome_edit": Case(
        args=lambda o: [_held(o)], expect=_expect(**RUNS, vice_chair=NO, member=NO)
    ),
    "consultations:outcome_move": Case(
        method="post",
        args=lambda o: [_sent(o)],
        data=lambda o: {"target": "closed"},
        expect=_expect(**RUNS_DONE, vice_chair=DONE, member=NO),
    ),
    "consultations:recommendation_add": Case(
        method="post",
        args=lambda o: [_sent(o)],
        data=lambda o: {"text": "x"},
        expect=_expect(**RUNS_DONE, vice_chair=NO, member=NO),
    ),
    "consultations:instruction_add": Case(
        method="post",
        args=lambda o: [_sent(o)],
        data=lambda o: {"leader": "王书记"},
        expect=_expect(**RUNS_DONE, vice_chair=NO, member=NO),
    ),
    "consultations:recommendation_delete": Case(
        method="post",
        args=lambda o: [_recommendation(o)],
        expect=_expect(**RUNS_DONE, vice_chair=NO, member=NO),
    ),
    "consultations:quality": Case(
        args=lambda o: [_held(o)],
        expect=_expect(office=OK, staff=NO, vice_chair=NO, member=NO),
    ),
    "consultations:outcome_pdf": Case(
        args=lambda o: [_held(o)], expect=_expect(**RUNS, vice_chair=OK, member=NO)
    ),
    "consultations:plan_pdf": Case(
        args=lambda o: [_draft_plan(o)], expect=_expect(**RUNS, vice_chair=OK)
    ),
    # Departments
    "consultations:recommendation_list": Case(expect=_expect(NO, unit=OK)),
    "consultations:recommendation_detail": Case(
        args=lambda o: [_recommendation(o)], expect=_expect(**RUNS, vice_chair=OK, unit=OK)
    ),
    "consultations:recommendation_answer": Case(
        method="post",
        args=lambda o: [_recommendation(o)],
        # An answer without its text: the form comes back (422) for those who may answer.
        data=lambda o: {"status": "not_adopted", "answer": ""},
        expect=_expect(staff=422, office=422, unit=422, vice_chair=NO),
    ),
    # Online deliberation
    "consultations:thread_list": Case(
        expect=_expect(NO, member=OK, staff=OK, office=OK, outsider=OK)
    ),
    "consultations:thread_create": Case(expect=_expect(NO, staff=OK, office=OK, outsider=OK)),
    "consultations:thread_detail": Case(
        args=lambda o: [_thread(o)], expect=_expect(**RUNS, member=OK)
    ),
    "consultations:post_create": Case(
        method="post",
        args=lambda o: [_thread(o)],
        data=lambda o: {"text": "矩阵发言"},
        expect=_expect(member=DONE, staff=NO, office=NO),
    ),
    "consultations:thread_move": Case(
        method="post",
        args=lambda o: [_thread(o)],
        data=lambda o: {"target": "closed"},
        expect=_expect(**RUNS_DONE, member=NO),
    ),
    "consultations:post_file": Case(args=lambda o: [_post(o)], expect=_expect(**RUNS, member=OK)),
    "consultations:post_moderate": Case(
        method="post",
        args=lambda o: [_post(o)],
        data=lambda o: {"target": "hidden", "reason": "矩阵"},
        expect=_expect(**RUNS_DONE, member=NO),
    ),
    # Statistics
    "consultations:statistics": Case(
        expect=_expect(NO, staff=OK, vice_chair=OK, office=OK, outsider=OK)
    ),
    "consultations:statistics_export": Case(
        expect=_expect(NO, staff=OK, vice_chair=OK, office=OK, outsider=OK)
    ),
}
