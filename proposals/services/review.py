"""Review (审查, SPEC §3.4 step 2): 立案 with the annual number, 并案 into another
proposal, or 不予立案 on one of the ten standard grounds, converted to 意见建议 or
社情民意. A reviewer may decide, or recommend and leave the decision to the proposals
committee's staff or the office (a recommendation is kept apart from the state)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.services import notifications_close

from .. import permissions as can
from .. import todos
from ..models import Proposal, ProposalCounter, ProposalSigner
from ..workflow import PROPOSAL
from .common import lock, lock_all, manager_users, proposer_users, save, tell

S = Proposal.Status
D = Proposal.Decision


@dataclass(frozen=True)
class Review:
    decision: str
    comment: str = ""
    ground: str = ""
    conversion: str = ""
    target: Proposal | None = None


def _check(proposal: Proposal, review: Review) -> Review:
    if review.decision not in D.values:
        raise ValidationError(_("请选择审查意见：立案、并案或不予立案。"))
    if review.decision == D.REJECT:
        if review.ground not in Proposal.Ground.values:
            raise ValidationError(_("不予立案须选择理由。"))
        if review.conversion not in Proposal.Conversion.values:
            raise ValidationError(_("请选择是否转为意见建议或社情民意信息。"))
        return Review(D.REJECT, review.comment, review.ground, review.conversion)
    if review.decision == D.MERGE:
        target = review.target
        if target is None or target.pk == proposal.pk:
            raise ValidationError(_("并案须指定并入的另一件提案。"))
        if target.body_id != proposal.body_id:
            raise ValidationError(_("只能并入本级政协的提案。"))
        if target.status not in Proposal.FILED_STATES:
            raise ValidationError(_("只能并入已立案的提案。"))
        return Review(D.MERGE, review.comment, target=target)
    return Review(D.FILE, review.comment)


def _check_reviewer(proposal: Proposal, by: User) -> None:
    if not can.reviews(proposal, by):
        raise ValidationError(_("您无权审查该提案。"))
    if proposal.status != S.SUBMITTED:
        raise ValidationError(
            _("该提案当前为「%(state)s」，不在审查阶段。")
            % {"state": proposal.get_status_display()}
        )


@transaction.atomic
def proposal_recommend(*, proposal: Proposal, by: User, review: Review) -> Proposal:
    """A reviewer's recommendation, for the proposals committee to confirm."""
    proposal = lock(proposal)
    _check_reviewer(proposal, by)
    review = _check(proposal, review)
    proposal.recommendation = review.decision
    proposal.recommended_by = by
    proposal.recommended_at = timezone.now()
    proposal.recommendation_comment = review.comment.strip()
    proposal.recommended_ground = review.ground
    proposal.recommended_conversion = review.conversion
    proposal.recommended_target = review.target
    save(
        proposal,
        by,
        [
            "recommendation",
            "recommended_by",
            "recommended_at",
            "recommendation_comment",
            "recommended_ground",
            "recommended_conversion",
            "recommended_target",
        ],
    )
    tell(
        [u for u in manager_users(proposal.body_id) if u.pk != by.pk],
        proposal,
        _("审查建议待确认：《%(title)s》建议%(decision)s")
        % {"title": proposal.title, "decision": proposal.get_recommendation_display()},
        review.comment,
        task=todos.CONFIRM,
    )
    return proposal


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: User, review: Review) -> Proposal:
    """Decide the review: file, merge or reject. A merge locks its target together with
    the proposal, so the target's state is checked as it is."""
    if review.decision == D.MERGE and review.target is not None:
        locked = lock_all(proposal, review.target)
        proposal = locked[proposal.pk]
        review = Review(review.decision, review.comment, target=locked.get(review.target.pk))
    else:
        proposal = lock(proposal)
    _check_reviewer(proposal, by)
    review = _check(proposal, review)
    notifications_close(target=proposal)
    if review.decision == D.FILE:
        _file(proposal, by, review.comment)
    elif review.decision == D.MERGE:
        _merge(proposal, by, review)
    else:
        _reject(proposal, by, review)
    return proposal


@transaction.atomic
def proposal_confirm_recommendation(*, proposal: Proposal, by: User, comment: str = "") -> Proposal:
    """The proposals committee's staff or the office confirm a reviewer's recommendation;
    nobody confirms his own."""
    proposal = lock(proposal)
    if not can.manages(proposal, by):
        raise ValidationError(_("只有提案委员会或办公室可以确认审查建议。"))
    if not proposal.recommendation:
        raise ValidationError(_("该提案还没有审查建议。"))
    if proposal.recommended_by_id == by.pk:
        raise ValidationError(_("不能确认自己提出的审查建议。"))
    review = Review(
        decision=proposal.recommendation,
        comment=comment.strip()
        or _("确认审查建议：%(comment)s") % {"comment": proposal.recommendation_comment},
        ground=proposal.recommended_ground,
        conversion=proposal.recommended_conversion,
        target=proposal.recommended_target,
    )
    return proposal_decide(proposal=proposal, by=by, review=review)


def _reviewed(proposal: Proposal, by: User) -> list[str]:
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    return ["status", "reviewed_by", "reviewed_at"]


def allocate_number(proposal: Proposal) -> None:
    """The next `<year>-<serial>` of the body: the counter row is locked, so concurrent
    filings wait for each other instead of taking the same number."""
    counter, _created = ProposalCounter.objects.get_or_create(
        body_id=proposal.body_id, year=proposal.year
    )
    counter = ProposalCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    proposal.serial = counter.last
    proposal.number = f"{proposal.year}-{counter.last:04d}"


def _file(proposal: Proposal, by: User, comment: str) -> None:
    PROPOSAL.move(proposal, S.FILED, by=by, comment=comment)
    allocate_number(proposal)
    proposal.filed_at = timezone.now()
    save(proposal, by, [*_reviewed(proposal, by), "serial", "number", "filed_at"])
    tell(
        proposer_users(proposal),
        proposal,
        _("您的提案《%(title)s》已立案，案号 %(number)s")
        % {"title": proposal.title, "number": proposal.number},
    )


def _merge(proposal: Proposal, by: User, review: Review) -> None:
    """Merge into the target: both keep their links, and the proposers of the merged
    proposal become co-proposers of the target."""
    target = review.target  # locked by proposal_decide
    PROPOSAL.move(
        proposal,
        S.MERGED,
        by=by,
        comment=review.comment
        or _("并入 %(number)s《%(title)s》") % {"number": target.number, "title": target.title},
    )
    proposal.merged_into = target
    save(proposal, by, [*_reviewed(proposal, by), "merged_into"])
    told_before = proposer_users(target)
    joining = []
    if proposal.first_proposer_id:
        joining.append(proposal.first_proposer_id)
    joining += list(
        proposal.signers.filter(status=ProposalSigner.Status.CONFIRMED).values_list(
            "member_id", flat=True
        )
    )
    present = set(target.signers.values_list("member_id", flat=True))
    present.add(target.first_proposer_id)
    order = target.signers.count()
    now = timezone.now()
    for member_id in joining:
        if member_id in present:
            continue
        order += 1
        present.add(member_id)
        row = ProposalSigner(
            proposal=target,
            member_id=member_id,
            status=ProposalSigner.Status.CONFIRMED,
            order=order,
            invited_at=now,
            answered_at=now,
            merged_from=proposal,
            comment=_("随并案加入"),
        )
        row._history_user = by
        row.save()
    tell(
        proposer_users(proposal),
        proposal,
        _("您的提案《%(title)s》已并入 %(number)s《%(target)s》，您为该案的提案人")
        % {"title": proposal.title, "number": target.number, "target": target.title},
    )
    tell(
        told_before,
        target,
        _("《%(title)s》已并入您的提案 %(number)s，其提案人成为共同提案人")
        % {"title": proposal.title, "number": target.number},
    )


def _reject(proposal: Proposal, by: User, review: Review) -> None:
    ground = Proposal.Ground(review.ground).label
    conversion = Proposal.Conversion(review.conversion).label if review.conversion else ""
    comment = "；".join(filter(None, [str(ground), str(conversion), review.comment.strip()]))
    PROPOSAL.move(proposal, S.NOT_FILED, by=by, comment=comment)
    proposal.not_filed_ground = review.ground
    proposal.conversion = review.conversion
    save(proposal, by, [*_reviewed(proposal, by), "not_filed_ground", "conversion"])
    tell(
        proposer_users(proposal),
        proposal,
        _("您的提案《%(title)s》不予立案") % {"title": proposal.title},
        comment,
    )
