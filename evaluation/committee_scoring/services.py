"""Every write of the committees' evaluation: the run (计算 → 冻结), awards (the office's
decisions, kept in history when revoked) and the committees' annual summaries (pre-filled,
written by the committee's staff, submitted, confirmed or returned by the office). Each
runs in a transaction and checks who may do it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Committee
from portal.access import is_office
from portal.models import User

from ..models import Award, CommitteeRun, CommitteeSummary, RuleSet, Target
from . import engine, selectors
from .access import may_write_summary
from .workflow import COMMITTEE_RUN, SUMMARY


def _require_office(user: User, body_id: int) -> None:
    if not is_office(user) or user.body_id != body_id:
        raise PermissionDenied


# ---- the run ---------------------------------------------------------------------------


@transaction.atomic
def run_compute(*, body_id: int, year: int, by: User) -> CommitteeRun:
    """Compute (or recompute) every committee's score for the year under the year's
    published committee rule set; a frozen run is never recomputed."""
    _require_office(by, body_id)
    if year > timezone.localdate().year:
        raise ValidationError(_("不能计算尚未开始的年度。"))
    rule_set = (
        RuleSet.objects.filter(
            body_id=body_id, year=year, target=Target.COMMITTEE, status=RuleSet.Status.PUBLISHED
        )
        .select_for_update()
        .first()
    )
    run = CommitteeRun.objects.select_for_update().filter(body_id=body_id, year=year).first()
    if run is not None and run.status == CommitteeRun.Status.FROZEN:
        raise ValidationError(_("%(year)s年度专委会考评已冻结，不能重新计算。") % {"year": year})
    if rule_set is None:
        raise ValidationError(_("%(year)s年度还没有发布的专委会考评规则。") % {"year": year})
    if run is None:
        run = CommitteeRun.objects.create(body_id=body_id, year=year, rule_set=rule_set)
    run.rule_set = rule_set
    run.computed_at = timezone.now()
    run.computed_by = by
    engine.compute(run)
    run.save(update_fields=["rule_set", "computed_at", "computed_by"])
    return run


@transaction.atomic
def run_freeze(*, run: CommitteeRun, by: User) -> CommitteeRun:
    """冻结: the year's committee scores never change again; its rule set is frozen too."""
    from ..scoring.workflow import RULE_SET

    run = CommitteeRun.objects.select_for_update().get(pk=run.pk)
    COMMITTEE_RUN.move(run, CommitteeRun.Status.FROZEN, by=by)
    run.frozen_at = timezone.now()
    run.save(update_fields=["status", "frozen_at"])
    rule_set = RuleSet.objects.select_for_update().get(pk=run.rule_set_id)
    if rule_set.status == RuleSet.Status.PUBLISHED:
        RULE_SET.move(rule_set, RuleSet.Status.FROZEN, by=by)
        rule_set.save(update_fields=["status"])
    return run


# ---- awards ----------------------------------------------------------------------------


@transaction.atomic
def award_record(*, body_id: int, data: dict[str, Any], by: User) -> Award:
    """The office records a decision naming an 优秀专委会 (a committee of its body) or an
    优秀委员 (a member of its body)."""
    _require_office(by, body_id)
    kind = data.get("kind")
    committee, member = data.get("committee"), data.get("member")
    if kind == Award.Kind.EXCELLENT_COMMITTEE:
        if committee is None:
            raise ValidationError(_("请选择获评的专委会。"))
        member = None
    elif kind == Award.Kind.EXCELLENT_MEMBER:
        if member is None:
            raise ValidationError(_("请选择获评的委员。"))
        committee = None
    else:
        raise ValidationError(_("奖项无效。"))
    winner = committee or member
    if winner.body_id != body_id:
        raise PermissionDenied
    duplicate = Award.objects.filter(
        year=data["year"], kind=kind, committee=committee, member=member
    )
    if duplicate.exists():
        raise ValidationError(
            _("%(winner)s已登记为%(year)s年度%(kind)s。")
            % {"winner": winner, "year": data["year"], "kind": Award.Kind(kind).label}
        )
    award = Award(
        body_id=body_id,
        year=data["year"],
        kind=kind,
        committee=committee,
        member=member,
        decision=data["decision"].strip(),
        decided_on=data["decided_on"],
        document_number=data.get("document_number", "").strip(),
        recorded_by=by,
    )
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_revoke(*, award: Award, by: User) -> None:
    """撤销 a wrongly recorded award: the row goes, its history (who, when) stays."""
    _require_office(by, award.body_id)
    award._change_reason = _("撤销")  # simple-history keeps it on the deletion row
    award.delete()


# ---- a committee's annual summary --------------------------------------------------------


def summary_open(*, committee: Committee, year: int, by: User) -> CommitteeSummary:
    """The committee's summary of `year`, created on first opening; while it is editable
    its facts are refreshed from the records. A reading that changes nothing takes no lock:
    the row is locked only to create it or to write new facts, so twenty people opening
    the same summary do not queue behind each other."""
    summary = CommitteeSummary.objects.filter(committee=committee, year=year).first()
    if summary is not None and not summary.is_editable:
        return summary
    facts = selectors.facts_as_json(selectors.committee_facts(committee, year))
    if summary is not None and facts == summary.facts:
        return summary
    with transaction.atomic():
        summary, _created = CommitteeSummary.objects.select_for_update().get_or_create(
            committee=committee, year=year
        )
        if summary.is_editable and facts != summary.facts:  # no write when nothing changed
            summary.facts = facts
            summary.save(update_fields=["facts"])
    return summary


TEXT_FIELDS = ("overview", "achievements", "problems", "next_year")


@transaction.atomic
def summary_save(
    *, summary: CommitteeSummary, data: dict[str, Any], by: User, submit: bool
) -> CommitteeSummary:
    summary = CommitteeSummary.objects.select_for_update().get(pk=summary.pk)
    if not may_write_summary(by, summary.committee):
        raise PermissionDenied
    if not summary.is_editable:
        raise ValidationError(_("总结已提交，不能修改。"))
    for name in TEXT_FIELDS:
        if name in data:
            setattr(summary, name, str(data[name]).strip())
    fields = list(TEXT_FIELDS)
    if submit:
        if not summary.overview:
            raise ValidationError(_("请填写工作概述后再提交。"))
        summary.facts = selectors.facts_as_json(
            selectors.committee_facts(summary.committee, summary.year)
        )
        SUMMARY.move(summary, CommitteeSummary.Status.SUBMITTED, by=by)
        summary.submitted_at = timezone.now()
        summary.submitted_by = by
        fields += ["facts", "status", "submitted_at", "submitted_by"]
    summary.save(update_fields=fields)
    return summary


@transaction.atomic
def summary_review(
    *, summary: CommitteeSummary, by: User, confirm: bool, comment: str = ""
) -> CommitteeSummary:
    summary = CommitteeSummary.objects.select_for_update().get(pk=summary.pk)
    target = CommitteeSummary.Status.CONFIRMED if confirm else CommitteeSummary.Status.RETURNED
    SUMMARY.move(summary, target, by=by, comment=comment)
    summary.review_comment = comment.strip()
    summary.save(update_fields=["status", "review_comment"])
    return summary
