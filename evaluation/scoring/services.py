"""Every write of the annual scoring: rule sets and rules (drafts only), the scoring run
(计算 → 公示 → 冻结), objections and the office's adjustments. Each runs in a transaction,
checks its precondition and logs who did it (portal.workflow's transition log and
django-simple-history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from portal.access import is_office
from portal.models import User

from ..models import MemberScore, Objection, Rule, RuleSet, ScoreLine, ScoringRun
from . import conf, engine
from .workflow import OBJECTION, RULE_SET, RUN

RULE_SET_FIELDS = (
    "name", "description", "year", "base_score", "bonus_cap", "excellent_min", "competent_min",
)  # fmt: skip
RULE_FIELDS = (
    "indicator", "kind", "source", "roles", "kinds", "points", "co_points", "co_share", "cap",
    "order",
)  # fmt: skip


def _require_office(user: User, body_id: int) -> None:
    if not is_office(user) or user.body_id != body_id:
        raise PermissionDenied


def _locked_rule_set(rule_set: RuleSet) -> RuleSet:
    return RuleSet.objects.select_for_update().get(pk=rule_set.pk)


def _require_draft(rule_set: RuleSet) -> None:
    if not rule_set.is_editable:
        raise ValidationError(
            _("规则「%(name)s」已%(state)s，不能修改；如需调整请复制为新草稿。")
            % {"name": rule_set.name, "state": rule_set.get_status_display()}
        )


# ---- rule sets --------------------------------------------------------------------------


@transaction.atomic
def ruleset_create(*, body_id: int, data: dict[str, Any], by: User) -> RuleSet:
    _require_office(by, body_id)
    rule_set = RuleSet(body_id=body_id, created_by=by, target=data.get("target") or "member")
    for name in RULE_SET_FIELDS:
        if name in data:
            setattr(rule_set, name, data[name])
    rule_set.full_clean()
    rule_set.save()
    return rule_set


@transaction.atomic
def ruleset_update(*, rule_set: RuleSet, data: dict[str, Any], by: User) -> RuleSet:
    _require_office(by, rule_set.body_id)
    rule_set = _locked_rule_set(rule_set)
    _require_draft(rule_set)
    for name in RULE_SET_FIELDS:
        if name in data:
            setattr(rule_set, name, data[name])
    rule_set.full_clean()
    rule_set.save()
    return rule_set


@transaction.atomic
def ruleset_copy(*, rule_set: RuleSet, year: int, by: User) -> RuleSet:
    """A new draft of the office's body for `year` with the same settings and rules (from
    its own rule sets or the reference scheme)."""
    if rule_set.body_id is not None:
        _require_office(by, rule_set.body_id)
    elif not is_office(by):
        raise PermissionDenied
    copy = RuleSet.objects.create(
        body_id=by.body_id,
        year=year,
        name=rule_set.name,
        description=rule_set.description,
        base_score=rule_set.base_score,
        bonus_cap=rule_set.bonus_cap,
        excellent_min=rule_set.excellent_min,
        competent_min=rule_set.competent_min,
        copied_from=rule_set,
        created_by=by,
        target=rule_set.target,
    )
    for rule in rule_set.rules.all():
        Rule.objects.create(rule_set=copy, **{name: getattr(rule, name) for name in RULE_FIELDS})
    return copy


@transaction.atomic
def ruleset_publish(*, rule_set: RuleSet, by: User) -> RuleSet:
    rule_set = _locked_rule_set(rule_set)
    if not rule_set.rules.exists():
        raise ValidationError(_("规则集还没有任何细则，不能发布。"))
    if (
        RuleSet.objects.filter(body_id=rule_set.body_id, year=rule_set.year, target=rule_set.target)
        .exclude(status=RuleSet.Status.DRAFT)
        .exclude(pk=rule_set.pk)
        .exists()
    ):
        raise ValidationError(
            _("%(year)s年度已有发布的规则，同一年度只能有一套规则生效。") % {"year": rule_set.year}
        )
    RULE_SET.move(rule_set, RuleSet.Status.PUBLISHED, by=by)
    rule_set.save(update_fields=["status"])
    return rule_set


@transaction.atomic
def ruleset_unpublish(*, rule_set: RuleSet, by: User, comment: str) -> RuleSet:
    rule_set = _locked_rule_set(rule_set)
    if rule_set.committee_runs.filter(status="frozen").exists():
        raise ValidationError(_("按此规则计算的专委会考评已冻结，不能撤回发布。"))
    if rule_set.runs.exclude(status=ScoringRun.Status.COMPUTED).exists():
        raise ValidationError(_("按此规则计算的考评已公示，不能撤回发布。"))
    RULE_SET.move(rule_set, RuleSet.Status.DRAFT, by=by, comment=comment)
    rule_set.save(update_fields=["status"])
    return rule_set


@transaction.atomic
def ruleset_delete(*, rule_set: RuleSet, by: User) -> None:
    _require_office(by, rule_set.body_id)
    rule_set = _locked_rule_set(rule_set)
    _require_draft(rule_set)
    if rule_set.runs.exists() or rule_set.committee_runs.exists():
        raise ValidationError(_("已有考评按此规则计算，不能删除。"))
    rule_set.delete()


@transaction.atomic
def rule_save(
    *, rule_set: RuleSet, data: dict[str, Any], by: User, rule: Rule | None = None
) -> Rule:
    _require_office(by, rule_set.body_id)
    rule_set = _locked_rule_set(rule_set)
    _require_draft(rule_set)
    if rule is None:
        rule = Rule(rule_set=rule_set)
    elif rule.rule_set_id != rule_set.pk:
        raise PermissionDenied
    for name in RULE_FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def rule_delete(*, rule: Rule, by: User) -> None:
    rule_set = _locked_rule_set(rule.rule_set)
    _require_office(by, rule_set.body_id)
    _require_draft(rule_set)
    rule.delete()


# ---- the scoring run --------------------------------------------------------------------


def _totals(run: ScoringRun) -> dict[int, Decimal]:
    return dict(MemberScore.objects.filter(run=run).values_list("member_id", "total"))


@transaction.atomic
def run_compute(*, body_id: int, year: int, by: User) -> ScoringRun:
    """Compute (or recompute) the year's scores under the year's published rule set. A run
    that is public or frozen is never recomputed; a recomputation records what changed."""
    _require_office(by, body_id)
    rule_set = (
        RuleSet.objects.filter(
            body_id=body_id, year=year, target="member", status=RuleSet.Status.PUBLISHED
        )
        .select_for_update()
        .first()
    )
    run = ScoringRun.objects.select_for_update().filter(body_id=body_id, year=year).first()
    if run is not None and run.status != ScoringRun.Status.COMPUTED:
        raise ValidationError(
            _("%(year)s年度考评%(state)s，不能重新计算。")
            % {"year": year, "state": run.get_status_display()}
        )
    if rule_set is None:
        raise ValidationError(_("%(year)s年度还没有发布的考评规则。") % {"year": year})
    before = _totals(run) if run is not None else None
    if run is None:
        run = ScoringRun.objects.create(body_id=body_id, year=year, rule_set=rule_set)
    run.rule_set = rule_set
    run.computed_at = timezone.now()
    run.computed_by = by
    engine.compute(run)
    run.changes = _changes(before, _totals(run)) if before is not None else []
    run.save(update_fields=["rule_set", "computed_at", "computed_by", "changes"])
    return run


def _changes(before: dict[int, Decimal], after: dict[int, Decimal]) -> list[dict[str, Any]]:
    changed = sorted(pk for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk))
    names = dict(Member.objects.filter(pk__in=changed).values_list("pk", "name"))
    return [
        {
            "member_id": pk,
            "name": names.get(pk, ""),
            "before": None if before.get(pk) is None else str(before[pk]),
            "after": None if after.get(pk) is None else str(after[pk]),
        }
        for pk in changed
    ]


def _locked_run(run: ScoringRun) -> ScoringRun:
    return ScoringRun.objects.select_for_update().select_related("rule_set").get(pk=run.pk)


@transaction.atomic
def run_publish(*, run: ScoringRun, by: User) -> ScoringRun:
    """公示: members see their lines and may object until the deadline (a setting)."""
    run = _locked_run(run)
    RUN.move(run, ScoringRun.Status.PUBLIC, by=by)
    run.public_at = timezone.now()
    run.objection_deadline = run.public_at + dt.timedelta(days=conf.objection_days())
    run.save(update_fields=["status", "public_at", "objection_deadline"])
    _notify_members(run)
    return run


def _notify_members(run: ScoringRun) -> None:
    from django.urls import reverse

    from portal.services import Note, notify_many

    users = User.objects.filter(
        member__in=MemberScore.objects.filter(run=run).values("member_id"), is_active=True
    )
    url = reverse("evaluation:my_score")
    title = _("%(year)s年度委员履职考评结果公示，如有异议请在%(deadline)s前提出。") % {
        "year": run.year,
        "deadline": timezone.localtime(run.objection_deadline).strftime("%Y-%m-%d %H:%M"),
    }
    transaction.on_commit(
        lambda: notify_many(
            [Note(recipients=list(users), title=title, url=url,
                  dedupe_key=f"scoring-public-{run.pk}-{run.public_at:%Y%m%d%H%M%S}")],
            email=False,
        )
    )  # fmt: skip


@transaction.atomic
def run_withdraw(*, run: ScoringRun, by: User, comment: str) -> ScoringRun:
    run = _locked_run(run)
    if run.objections.filter(status=Objection.Status.OPEN).exists():
        raise ValidationError(_("还有未处理的异议，请先处理。"))
    RUN.move(run, ScoringRun.Status.COMPUTED, by=by, comment=comment)
    run.save(update_fields=["status"])
    return run


@transaction.atomic
def run_freeze(*, run: ScoringRun, by: User, comment: str = "") -> ScoringRun:
    """冻结: the year's scores never change again; its rule set is frozen with it."""
    run = _locked_run(run)
    if run.objections.filter(status=Objection.Status.OPEN).exists():
        raise ValidationError(_("还有未处理的异议，处理完毕后才能冻结。"))
    if run.objections_open and not comment.strip():
        raise ValidationError(_("异议期尚未结束，提前冻结需要填写说明。"))
    RUN.move(run, ScoringRun.Status.FROZEN, by=by, comment=comment)
    run.frozen_at = timezone.now()
    run.save(update_fields=["status", "frozen_at"])
    rule_set = _locked_rule_set(run.rule_set)
    if rule_set.status == RuleSet.Status.PUBLISHED:
        RULE_SET.move(rule_set, RuleSet.Status.FROZEN, by=by)
        rule_set.save(update_fields=["status"])
    return run


# ---- objections and adjustments ---------------------------------------------------------


@transaction.atomic
def objection_file(
    *, run: ScoringRun, member: Member, reason: str, by: User, line: ScoreLine | None = None
) -> Objection:
    """A member objects to his score (or one line of it) during the 公示."""
    run = _locked_run(run)
    if getattr(by, "member", None) is None or by.member.pk != member.pk:
        raise PermissionDenied
    if not run.objections_open:
        raise ValidationError(_("当前不在公示异议期内，不能提出异议。"))
    if not reason.strip():
        raise ValidationError(_("请填写异议理由。"))
    if line is not None and (line.run_id != run.pk or line.member_id != member.pk):
        raise PermissionDenied
    if not MemberScore.objects.filter(run=run, member=member).exists():
        raise PermissionDenied
    return Objection.objects.create(run=run, member=member, line=line, reason=reason.strip()[:2000])


@transaction.atomic
def objection_resolve(
    *, objection: Objection, by: User, response: str, points: Decimal | None = None
) -> Objection:
    """The office answers an objection: with a non-zero `points`, an adjustment line (with
    the response as its reason) changes the member's score; otherwise the score stands."""
    objection = Objection.objects.select_for_update().select_related("run").get(pk=objection.pk)
    run = _locked_run(objection.run)
    if run.status != ScoringRun.Status.PUBLIC:
        raise ValidationError(_("考评不在公示阶段，不能处理异议。"))
    target = Objection.Status.ADJUSTED if points else Objection.Status.REJECTED
    OBJECTION.move(objection, target, by=by, comment=response)
    if points:
        objection.adjustment = ScoreLine.objects.create(
            run=run,
            member_id=objection.member_id,
            kind=ScoreLine.Kind.ADJUSTMENT,
            indicator=_("异议处理调整"),
            points=points,
            reason=response.strip(),
            created_by=by,
        )
    objection.response = response.strip()
    objection.resolved_by = by
    objection.resolved_at = timezone.now()
    objection.save(update_fields=["status", "response", "adjustment", "resolved_by", "resolved_at"])
    if points:
        engine.rescore(run)
    return objection


def line_sum(run: ScoringRun, member_id: int) -> Decimal:
    return ScoreLine.objects.filter(run=run, member_id=member_id).aggregate(s=Sum("points"))[
        "s"
    ] or Decimal(0)


# ---- plenary sessions, standing-committee meetings and speeches -------------------------


def _seated_on(body_id: int, day: dt.date):
    from django.db.models import Q

    return Member.objects.filter(
        Q(terms__end_date__isnull=True) | Q(terms__end_date__gte=day),
        body_id=body_id,
        terms__start_date__lte=day,
    ).distinct()


@transaction.atomic
def meeting_create(*, body_id: int, data: dict[str, Any], by: User):
    """A plenary session (every member seated that day is expected) or a standing-committee
    meeting (the standing members); everyone starts as present, the office marks the rest."""
    from ..models import BodyMeeting, MeetingAttendance

    _require_office(by, body_id)
    meeting = BodyMeeting(body_id=body_id, created_by=by, **data)
    meeting.full_clean()
    meeting.save()
    members = _seated_on(body_id, timezone.localtime(meeting.starts_at).date())
    if meeting.kind == BodyMeeting.Kind.STANDING:
        members = members.filter(is_standing=True)
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, member_id=pk, status=MeetingAttendance.Status.PRESENT)
        for pk in members.values_list("pk", flat=True)
    )
    return meeting


@transaction.atomic
def meeting_attendance_record(*, meeting, entries: dict[int, tuple[str, str]], by: User) -> int:
    """Record attendance {attendance id: (status, reason)}; leave needs a reason. Returns
    how many rows changed. Frozen years are not touched by this (their lines are copies)."""
    from ..models import MeetingAttendance

    _require_office(by, meeting.body_id)
    rows = {a.pk: a for a in MeetingAttendance.objects.select_for_update().filter(meeting=meeting)}
    changed = []
    for pk, (status, reason) in entries.items():
        row = rows.get(pk)
        if row is None:
            raise PermissionDenied
        if status not in MeetingAttendance.Status.values:
            raise ValidationError(_("考勤状态无效。"))
        reason = reason.strip()[:200]
        if status == MeetingAttendance.Status.LEAVE and not reason:
            raise ValidationError(_("%(name)s请假，请填写请假事由。") % {"name": row.member.name})
        if status != MeetingAttendance.Status.LEAVE:
            reason = ""
        if (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            row.save(update_fields=["status", "reason"])
            changed.append(row)
    return len(changed)


@transaction.atomic
def speech_add(*, meeting, data: dict[str, Any], by: User):
    from ..models import Speech

    _require_office(by, meeting.body_id)
    if data["member"].body_id != meeting.body_id:
        raise PermissionDenied
    speech = Speech(meeting=meeting, **data)
    speech.full_clean()
    speech.save()
    return speech
