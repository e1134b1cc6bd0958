"""The office's own acts on proposals: key proposals (重点提案, led by a vice-mayor and
supervised by a CPPCC vice-chair), excellent proposals (优秀提案, after the year) and the
reply categories it maintains."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import Body
from portal.models import Role, RoleAssignment, User

from .. import permissions as can
from ..models import DEFAULT_REPLY_CATEGORIES, Proposal, ReplyCategory
from .common import lock, proposer_users, save, tell


@transaction.atomic
def proposal_set_key(
    *, proposal: Proposal, by: User, is_key: bool, leader: str = "", supervisor: User | None = None
) -> Proposal:
    proposal = lock(proposal)
    if not can.manages(proposal, by):
        raise ValidationError(_("只有提案委员会或办公室可以确定重点提案。"))
    if proposal.status not in Proposal.FILED_STATES:
        raise ValidationError(_("只有已立案的提案可以列为重点提案。"))
    if is_key:
        if not leader.strip():
            raise ValidationError(_("请填写领办的副市长。"))
        if (
            supervisor is not None
            and not RoleAssignment.objects.filter(
                user=supervisor, role=Role.VICE_CHAIR, body_id=proposal.body_id
            ).exists()
        ):
            raise ValidationError(_("督办人须为本级政协的副主席。"))
    else:
        leader, supervisor = "", None
    told = supervisor is not None and supervisor.pk != proposal.key_supervisor_id
    proposal.is_key = is_key
    proposal.key_leader = leader.strip()
    proposal.key_supervisor = supervisor
    save(proposal, by, ["is_key", "key_leader", "key_supervisor"])
    if told:
        tell(
            [supervisor],
            proposal,
            _("请督办重点提案 %(number)s《%(title)s》")
            % {"number": proposal.number, "title": proposal.title},
        )
    return proposal


@transaction.atomic
def proposal_set_excellent(
    *, proposal: Proposal, by: User, excellent: bool, note: str = ""
) -> Proposal:
    """优秀提案 are chosen after the year, among proposals that were answered."""
    proposal = lock(proposal)
    if not can.manages(proposal, by):
        raise ValidationError(_("只有提案委员会或办公室可以评选优秀提案。"))
    if proposal.year >= timezone.localdate().year:
        raise ValidationError(_("优秀提案在年度结束后评选。"))
    if proposal.status not in Proposal.ANSWERED_STATES:
        raise ValidationError(_("只有已答复的提案可以评为优秀提案。"))
    proposal.is_excellent = excellent
    proposal.excellent_note = note.strip()[:200] if excellent else ""
    save(proposal, by, ["is_excellent", "excellent_note"])
    if excellent:
        tell(
            proposer_users(proposal),
            proposal,
            _("您的提案《%(title)s》被评为%(year)d年度优秀提案")
            % {"title": proposal.title, "year": proposal.year},
        )
    return proposal


@transaction.atomic
def reply_category_save(*, category: ReplyCategory, by: User) -> ReplyCategory:
    """The office adds or edits one of its body's reply categories."""
    category.full_clean()
    category._history_user = by
    category.save()
    return category


@transaction.atomic
def reply_categories_create_defaults(*, body: Body, by: User | None = None) -> None:
    """A/B/C for a body that has no categories yet."""
    if ReplyCategory.objects.filter(body=body).exists():
        return
    for order, (code, name) in enumerate(DEFAULT_REPLY_CATEGORIES, start=1):
        category = ReplyCategory(body=body, code=code, name=name, order=order)
        category._history_user = by
        category.save()
