"""Demo and benchmark data of 协商, hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos CPPCC's consultation year played through the services. A `chair` login
  (主席) is added. This year's plan is issued; 经济委员会's key topic has gone all the way
  (research, meeting with attendance and speeches, outcome signed off and sent, a 批示,
  feedback: the one addressed to 市发展和改革委员会 waits for `unit`); its second key topic is
  in research (无调研不协商: the page says what is missing); 农业和农村委员会's outcome waits
  for `vicechair`'s review; an open 网络议政 of the economy committee with members' posts
  (one hidden by moderation) and a closed body-wide one with its summary. Next year: topics
  proposed by staff, a member and the office (one accepted, one declined), a draft plan
  with the economy committee's comment.
- region: ten years of consultations in every body (held, with outcomes, recommendations
  in every state and attendance), and one thread with a long list of posts, in bulk."""

from __future__ import annotations

import random

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from consultations.models import (
    Consultation,
    Instruction,
    Outcome,
    Participant,
    Plan,
    PlanComment,
    PlanItem,
    Post,
    Recommendation,
    Research,
    ResearchReport,
    Speech,
    Thread,
    Topic,
)
from portal.models import Notification, TransitionLog, User

from .. import org_data
from ..org_build import Stopwatch
from .region import CONSULTATIONS_PER_BODY_YEAR_REGION, THREAD_POSTS_REGION, build_region
from .story import build_demo

MODELS = (
    Post,
    Thread,
    Instruction,
    Recommendation,
    Outcome,
    Speech,
    Participant,
    ResearchReport,
    Research,
    Consultation,
    PlanComment,
    PlanItem,
    Plan,
    Topic,
)


def build(
    *,
    scale: str,
    body_ids: list[int],
    members_per_body: int,
    rng: random.Random,
    by: User,
    clock: Stopwatch,
) -> str:
    if scale == "demo":
        with clock.stage("协商（经服务层）"):
            return build_demo(rng=rng, by=by)
    per_year = org_data.in_proportion(CONSULTATIONS_PER_BODY_YEAR_REGION, members_per_body)
    posts = org_data.in_proportion(THREAD_POSTS_REGION, members_per_body)
    with clock.stage("协商（批量）"):
        return build_region(body_ids=body_ids, per_year=per_year, posts=posts, rng=rng, by=by)


def delete(body_ids: list[int]) -> None:
    in_bodies = {
        Post: Q(thread__body_id__in=body_ids),
        Thread: Q(body_id__in=body_ids),
        Instruction: Q(outcome__consultation__body_id__in=body_ids),
        Recommendation: Q(outcome__consultation__body_id__in=body_ids),
        Outcome: Q(consultation__body_id__in=body_ids),
        Speech: Q(consultation__body_id__in=body_ids),
        Participant: Q(consultation__body_id__in=body_ids),
        ResearchReport: Q(consultation__body_id__in=body_ids),
        Research: Q(consultation__body_id__in=body_ids),
        Consultation: Q(body_id__in=body_ids),
        PlanComment: Q(plan__body_id__in=body_ids),
        PlanItem: Q(plan__body_id__in=body_ids),
        Plan: Q(body_id__in=body_ids),
        Topic: Q(body_id__in=body_ids),
    }
    for model in MODELS:
        rows = model.objects.filter(in_bodies[model])
        kind = ContentType.objects.get_for_model(model)
        ids = list(rows.values_list("pk", flat=True))
        TransitionLog.objects.filter(content_type=kind, object_id__in=ids).delete()
        Notification.objects.filter(target_type=kind, target_id__in=ids).delete()
        if model is PlanItem:
            PlanItem.co_committees.through.objects.filter(planitem_id__in=ids).delete()
            PlanItem.departments.through.objects.filter(planitem_id__in=ids).delete()
        rows._raw_delete(rows.db) if model in (Post, Participant) else rows.delete()
