"""Demo and benchmark data of the committees' annual evaluation (§19, issue 15), called by
demo.scoring: for each body, the committee reference scheme copied to last year (scored by
the real engine and frozen, with the awards: the first committee 优秀专委会, the three best
members 优秀委员) and to this year (published and scored, not frozen)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from evaluation.committee_scoring import engine
from evaluation.models import (
    Award,
    CommitteeQuotaResult,
    CommitteeRun,
    CommitteeScore,
    CommitteeScoreLine,
    CommitteeSummary,
    MemberScore,
    Rule,
    RuleSet,
    ScoringRun,
)
from organisation.models import Body
from portal.models import TransitionLog, User


def reference() -> RuleSet:
    existing = RuleSet.objects.filter(body__isnull=True, target="committee").first()
    if existing is None:  # a flushed database (tests): seed it as the migration does
        from importlib import import_module

        from django.apps import apps

        import_module("evaluation.migrations.0015_committee_reference_scheme").seed(apps, None)
        existing = RuleSet.objects.get(body__isnull=True, target="committee")
    return existing


def build(body: Body, year: int, by: User) -> int:
    """Both years of one body; returns how many committee scores were made."""
    scheme = reference()
    made = 0
    for y, frozen in ((year - 1, True), (year, False)):
        rule_set = RuleSet.objects.create(
            body=body, year=y, target="committee", name=f"{y}年度专委会工作考评办法",
            description=scheme.description, base_score=scheme.base_score,
            bonus_cap=scheme.bonus_cap, excellent_min=scheme.excellent_min,
            competent_min=scheme.competent_min, copied_from=scheme, created_by=by,
            status=RuleSet.Status.FROZEN if frozen else RuleSet.Status.PUBLISHED,
        )  # fmt: skip
        Rule.objects.bulk_create(
            Rule(rule_set=rule_set, indicator=r.indicator, kind=r.kind, source=r.source,
                 roles=r.roles, kinds=r.kinds, points=r.points, cap=r.cap, order=r.order)
            for r in scheme.rules.all()
        )  # fmt: skip
        run = CommitteeRun.objects.create(
            body=body, year=y, rule_set=rule_set, computed_by=by,
            status=CommitteeRun.Status.FROZEN if frozen else CommitteeRun.Status.COMPUTED,
            frozen_at=timezone.now() if frozen else None,
        )  # fmt: skip
        engine.compute(run)
        made += CommitteeScore.objects.filter(run=run).count()
        if frozen:
            _awards(body, y, run, by)
    return made


def _awards(body: Body, year: int, run: CommitteeRun, by: User) -> None:
    decided = dt.date(year + 1, 1, 8)
    if decided > timezone.localdate():
        decided = timezone.localdate()
    number = f"{body.short_name or body.name}政协发〔{year + 1}〕3号"
    best = CommitteeScore.objects.filter(run=run).order_by("rank", "committee_id").first()
    if best is not None:
        Award.objects.create(
            body=body, year=year, kind=Award.Kind.EXCELLENT_COMMITTEE,
            committee_id=best.committee_id, decided_on=decided, document_number=number,
            decision=f"经主席会议研究，授予{best.committee.name}{year}年度优秀专委会称号。",
            recorded_by=by,
        )  # fmt: skip
    member_run = ScoringRun.objects.filter(body=body, year=year).first()
    if member_run is not None:
        for score in MemberScore.objects.filter(run=member_run).order_by("rank", "member_id")[:3]:
            Award.objects.create(
                body=body, year=year, kind=Award.Kind.EXCELLENT_MEMBER,
                member_id=score.member_id, decided_on=decided, document_number=number,
                decision=f"授予{year}年度优秀政协委员称号（年度考评第{score.rank}名）。",
                recorded_by=by,
            )  # fmt: skip


def delete(body_ids: list[int]) -> None:
    runs = CommitteeRun.objects.filter(body_id__in=body_ids)
    run_ids = list(runs.values_list("pk", flat=True))
    TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(CommitteeRun), object_id__in=run_ids
    ).delete()
    Award.objects.filter(body_id__in=body_ids).delete()
    CommitteeSummary.objects.filter(committee__body_id__in=body_ids).delete()
    CommitteeQuotaResult.objects.filter(run_id__in=run_ids).delete()
    CommitteeScore.objects.filter(run_id__in=run_ids).delete()
    CommitteeScoreLine.objects.filter(run_id__in=run_ids)._raw_delete(CommitteeScoreLine.objects.db)
    runs.delete()
