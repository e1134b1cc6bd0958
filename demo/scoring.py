"""Demo and benchmark data of the annual scoring (issue 15), hooked into `manage.py
seed_demo` by demo.extensions.

For each body (demo: the Ordos CPPCC; region: all 12) and each of the last two years: the
plenary session in January and two standing-committee meetings with attendance (about 85 %
present, 10 % on leave with a reason, 5 % absent) and 大会发言 (oral and written); the
reference scheme (Jinan 2015) copied to each year and published; last year scored and
frozen, this year scored and in 公示 (members may object). Rows in bulk; the scoring itself
is the real engine.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from evaluation.models import (
    BodyMeeting,
    MeetingAttendance,
    MemberScore,
    Objection,
    Rule,
    RuleSet,
    ScoreLine,
    ScoringRun,
    Speech,
)
from evaluation.scoring import engine
from evaluation.scoring.conf import objection_days
from members.models import Member
from members.selectors import members_in_office_on
from organisation.models import Body
from portal.models import TransitionLog, User

from . import scoring_committees
from .org_build import Stopwatch

LEAVE_REASONS = ["外地出差", "单位有重要会议", "身体不适", "参加上级培训", "家中有事"]
SPEECH_TOPICS = [
    "关于推动能源产业高质量发展的建议",
    "关于加快零碳产业园建设的思考",
    "关于提升基层医疗服务能力的建议",
    "关于推进义务教育优质均衡发展的建议",
    "关于加强黄河流域生态保护的建议",
    "关于促进民营经济发展壮大的建议",
    "关于打造北疆文化品牌的建议",
    "关于完善养老服务体系的建议",
]
BATCH = 5000


def build(
    *,
    scale: str,
    body_ids: list[int],
    members_per_body: int,
    rng: random.Random,
    by: User,
    clock: Stopwatch,
) -> str:
    from . import org_data

    if scale == "demo":
        bodies = list(Body.objects.filter(name=org_data.MUNICIPAL.name))
    else:
        bodies = list(Body.objects.filter(pk__in=body_ids).order_by("pk"))
    year = timezone.localdate().year
    counts = {"meetings": 0, "attendance": 0, "speeches": 0, "scores": 0, "committee_scores": 0}
    with clock.stage("全会、常委会议与年度考评"):
        reference = RuleSet.objects.filter(body__isnull=True, target="member").first()
        if reference is None:  # a flushed database (tests): seed it as the migration does
            from importlib import import_module

            from django.apps import apps as django_apps

            import_module("evaluation.migrations.0011_default_rule_set").seed(django_apps, None)
            reference = RuleSet.objects.filter(body__isnull=True, target="member").first()
        for body in bodies:
            for y in (year - 1, year):
                _meetings(body, y, rng, counts)
            if reference is not None:
                for y, status in (
                    (year - 1, ScoringRun.Status.FROZEN),
                    (year, ScoringRun.Status.PUBLIC),
                ):
                    counts["scores"] += _scored(body, y, reference, status, by)
            counts["committee_scores"] += scoring_committees.build(body, year, by)
    return (
        f"全会及常委会议 {counts['meetings']} 次，考勤 {counts['attendance']} 条，"
        f"大会发言 {counts['speeches']} 篇，考评得分 {counts['scores']} 条，"
        f"专委会考评得分 {counts['committee_scores']} 条"
    )


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _meetings(body: Body, year: int, rng: random.Random, counts: dict) -> None:
    specs = [
        (
            BodyMeeting.Kind.PLENARY,
            f"{body.short_name or body.name}政协{year}年全体会议",
            dt.date(year, 1, 12),
        ),
        (BodyMeeting.Kind.STANDING, f"{year}年第一次常委会议", dt.date(year, 4, 20)),
        (BodyMeeting.Kind.STANDING, f"{year}年第二次常委会议", dt.date(year, 9, 15)),
    ]
    today = timezone.localdate()
    for kind, title, day in specs:
        if day > today:
            continue
        meeting = BodyMeeting.objects.create(
            body=body, kind=kind, title=title, starts_at=_at(day), place="市政协会议中心"
        )
        counts["meetings"] += 1
        members = members_in_office_on(body.pk, day)
        if kind == BodyMeeting.Kind.STANDING:
            members = members.filter(is_standing=True)
        rows = []
        ids = list(members.order_by("pk").values_list("pk", flat=True))
        for pk in ids:
            roll = rng.random()
            if roll < 0.05:
                rows.append(MeetingAttendance(meeting=meeting, member_id=pk, status="absent"))
            elif roll < 0.15:
                rows.append(
                    MeetingAttendance(
                        meeting=meeting, member_id=pk, status="leave",
                        reason=rng.choice(LEAVE_REASONS),
                    )
                )  # fmt: skip
            else:
                rows.append(MeetingAttendance(meeting=meeting, member_id=pk, status="present"))
        MeetingAttendance.objects.bulk_create(rows, batch_size=BATCH)
        counts["attendance"] += len(rows)
        if kind == BodyMeeting.Kind.PLENARY and ids:
            speakers = rng.sample(ids, min(len(ids), max(2, len(ids) // 15)))
            speeches = [
                Speech(
                    meeting=meeting,
                    member_id=pk,
                    kind="oral" if i % 4 == 0 else "written",
                    title=rng.choice(SPEECH_TOPICS),
                    text="各位委员：\n" + rng.choice(SPEECH_TOPICS) + "。建议如下：一是……二是……",
                )
                for i, pk in enumerate(speakers)
            ]
            Speech.objects.bulk_create(speeches, batch_size=BATCH)
            counts["speeches"] += len(speeches)


def _scored(body: Body, year: int, reference: RuleSet, status: str, by: User) -> int:
    """The reference scheme copied to the body's year, and the year scored by the engine."""
    frozen = status == ScoringRun.Status.FROZEN
    rule_set = RuleSet.objects.create(
        body=body, year=year, name=f"{year}年度委员履职考评办法",
        description=reference.description, base_score=reference.base_score,
        bonus_cap=reference.bonus_cap, excellent_min=reference.excellent_min,
        competent_min=reference.competent_min, copied_from=reference, created_by=by,
        status=RuleSet.Status.FROZEN if frozen else RuleSet.Status.PUBLISHED,
    )  # fmt: skip
    Rule.objects.bulk_create(
        Rule(
            rule_set=rule_set, indicator=r.indicator, kind=r.kind, source=r.source,
            roles=r.roles, kinds=r.kinds, points=r.points, co_points=r.co_points,
            co_share=r.co_share, cap=r.cap, order=r.order,
        )
        for r in reference.rules.all()
    )  # fmt: skip
    now = timezone.now()
    run = ScoringRun.objects.create(
        body=body, year=year, rule_set=rule_set, status=status, computed_by=by,
        public_at=now, objection_deadline=now + dt.timedelta(days=objection_days()),
        frozen_at=now if frozen else None,
    )  # fmt: skip
    engine.compute(run)
    return MemberScore.objects.filter(run=run).count()


def delete(body_ids: list[int]) -> None:
    scoring_committees.delete(body_ids)
    runs = ScoringRun.objects.filter(body_id__in=body_ids)
    run_ids = list(runs.values_list("pk", flat=True))
    rule_sets = RuleSet.objects.filter(body_id__in=body_ids)
    for model, ids in (
        (ScoringRun, run_ids),
        (RuleSet, list(rule_sets.values_list("pk", flat=True))),
    ):
        TransitionLog.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).delete()
    Objection.objects.filter(run_id__in=run_ids).delete()
    MemberScore.objects.filter(run_id__in=run_ids).delete()
    if run_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {ScoreLine._meta.db_table} WHERE run_id IN "
                f"({', '.join(['%s'] * len(run_ids))})",
                run_ids,
            )
    runs.delete()
    Rule.objects.filter(rule_set__body_id__in=body_ids).delete()
    rule_sets.delete()
    meetings = BodyMeeting.objects.filter(body_id__in=body_ids)
    Speech.objects.filter(meeting__in=meetings).delete()
    MeetingAttendance.objects.filter(meeting__in=meetings)._raw_delete(MeetingAttendance.objects.db)
    meetings.delete()


__all__ = ["Member"]
