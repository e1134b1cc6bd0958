"""Writing and submitting a proposal: drafts, co-signers (联名), collective proposals
(集体), attachments, withdrawal (SPEC §3.4 step 1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on
from organisation.models import Body, Committee, Sector, SectorGroup
from portal.files import delete_file_on_commit
from portal.models import User
from portal.services import notifications_close
from portal.uploads import check_upload

from .. import conf, text, todos
from .. import permissions as can
from ..models import Attachment, Proposal, ProposalSigner
from ..workflow import PROPOSAL, SIGNER
from .common import lock, save, tell

S = Proposal.Status


@dataclass(frozen=True)
class Draft:
    """What the proposer writes; the form's cleaned data."""

    kind: str
    title: str
    reasons: str
    suggestions: str
    category: str
    # A collective proposal's proposer: a committee, sector group or sector; or, with
    # organiser_kind party/organisation, the name in organiser_name.
    organiser: Committee | SectorGroup | Sector | None = None
    organiser_kind: str = ""
    organiser_name: str = ""


def _in_office(member_id: int) -> bool:
    return MemberTerm.objects.filter(active_on(timezone.localdate()), member_id=member_id).exists()


def _check_draft(draft: Draft) -> None:
    if draft.kind not in Proposal.Kind.values:
        raise ValidationError(_("请选择提出方式。"))
    if draft.category not in Proposal.Category.values:
        raise ValidationError(_("请选择提案类别。"))
    if not draft.title.strip():
        raise ValidationError(_("请填写提案标题。"))


def _proposer_fields(*, body: Body, by: User, draft: Draft) -> dict:
    """Who proposes: the author himself (individual, joint) or a collective he is staff of."""
    powers = can.powers_of(by)
    if by.body_id != body.pk:
        raise ValidationError(_("只能在本级政协提出提案。"))
    Org = Proposal.Organiser
    none = {
        "organiser_committee": None,
        "organiser_sector_group": None,
        "organiser_sector": None,
        "organiser_name": "",
    }
    if draft.kind == Proposal.Kind.COLLECTIVE:
        organiser = draft.organiser
        if isinstance(organiser, Committee):
            committee_id, kind, field = organiser.pk, Org.COMMITTEE, "organiser_committee"
        elif isinstance(organiser, SectorGroup):
            committee_id, kind = organiser.committee_id, Org.SECTOR_GROUP
            field = "organiser_sector_group"
        elif isinstance(organiser, Sector) or draft.organiser_kind in (Org.PARTY, Org.ORGANISATION):
            return {"first_proposer": None, **none, **_registered(body, powers, draft)}
        else:
            raise ValidationError(_("集体提案须选择提案者。"))
        if organiser.body_id != body.pk or committee_id not in powers.staff_committee_ids:
            raise ValidationError(_("只能以您所在专委会或其联系的界别活动组的名义提出集体提案。"))
        return {"first_proposer": None, **none, "organiser_kind": kind, field: organiser}
    if powers.member_id is None:
        raise ValidationError(_("只有委员可以提出个人或联名提案。"))
    if not _in_office(powers.member_id):
        raise ValidationError(_("您目前不在委员任期内，不能提出提案。"))
    return {"first_proposer_id": powers.member_id, "organiser_kind": "", **none}


def _registered(body: Body, powers: can.Powers, draft: Draft) -> dict:
    """A collective proposal of a democratic party, a people's organisation or a sector
    (条例 §14): they have no login here, so the office registers it on their behalf."""
    if not powers.manages:
        raise ValidationError(_("民主党派、人民团体和界别的集体提案由办公室登记。"))
    if isinstance(draft.organiser, Sector):
        if draft.organiser.body_id != body.pk:
            raise ValidationError(_("只能登记本级政协界别的集体提案。"))
        return {"organiser_kind": Proposal.Organiser.SECTOR, "organiser_sector": draft.organiser}
    name = draft.organiser_name.strip()
    if not name:
        raise ValidationError(_("请填写提案者名称，例如 民盟鄂尔多斯市委员会。"))
    if len(name) > 100:
        raise ValidationError(_("提案者名称不能超过 100 个字。"))
    return {"organiser_kind": draft.organiser_kind, "organiser_name": name}


def _check_signers(proposal: Proposal, members: Sequence[Member]) -> list[Member]:
    if proposal.kind != Proposal.Kind.JOINT:
        return []
    unique = list({m.pk: m for m in members}.values())
    limit = int(conf.get("PROPOSALS_MAX_SIGNERS"))
    if len(unique) > limit:
        raise ValidationError(_("联名人不能超过 %(n)d 人。") % {"n": limit})
    for member in unique:
        if member.pk == proposal.first_proposer_id:
            raise ValidationError(_("第一提案人不必再作为联名人。"))
        if member.body_id != proposal.body_id:
            raise ValidationError(_("联名人须为本级政协委员。"))
        if member.user_id is None:
            raise ValidationError(
                _("%(name)s 尚未开通账号，无法在系统中确认联名。") % {"name": member.name}
            )
        if not _in_office(member.pk):
            raise ValidationError(_("%(name)s 目前不在委员任期内。") % {"name": member.name})
    return unique


def _set_signers(proposal: Proposal, members: list[Member], by: User) -> None:
    keep = {m.pk for m in members}
    for row in proposal.signers.filter(merged_from__isnull=True).exclude(member_id__in=keep):
        row._history_user = by
        row.delete()
    existing = set(proposal.signers.values_list("member_id", flat=True))
    for order, member in enumerate(members, start=1):
        if member.pk not in existing:
            row = ProposalSigner(proposal=proposal, member=member, order=order)
            row._history_user = by
            row.save()
        else:
            proposal.signers.filter(member=member).update(order=order)


def _apply(proposal: Proposal, draft: Draft) -> None:
    proposal.kind = draft.kind
    proposal.title = draft.title.strip()
    proposal.reasons = draft.reasons.strip()
    proposal.suggestions = draft.suggestions.strip()
    proposal.category = draft.category
    proposal.title_norm = text.normalise_title(proposal.title)
    proposal.text_norm = text.normalise_text(proposal.reasons, proposal.suggestions)


@transaction.atomic
def proposal_create(
    *, body: Body, by: User, draft: Draft, signers: Sequence[Member] = ()
) -> Proposal:
    """A new draft, visible to its author only."""
    _check_draft(draft)
    proposal = Proposal(body=body, author=by, year=timezone.localdate().year)
    _apply(proposal, draft)
    for name, value in _proposer_fields(body=body, by=by, draft=draft).items():
        setattr(proposal, name, value)
    chosen = _check_signers(proposal, signers)
    now = timezone.now()
    proposal.created_at = proposal.updated_at = now
    proposal._history_user = by
    proposal.save()
    _set_signers(proposal, chosen, by)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, by: User, draft: Draft, version: int, signers: Sequence[Member] = ()
) -> Proposal:
    """Save the author's changes to his draft; a form opened before another save is
    refused instead of silently overwriting it."""
    proposal = lock(proposal)
    if not can.is_author(proposal, by):
        raise ValidationError(_("只有撰写人可以修改提案。"))
    if proposal.status != S.DRAFT:
        raise ValidationError(_("提案已提交，不能再修改。"))
    if proposal.version != version:
        raise ValidationError(_("提案已在别处被修改。请刷新页面，在最新内容上重新修改。"))
    _check_draft(draft)
    _apply(proposal, draft)
    for name, value in _proposer_fields(body=proposal.body, by=by, draft=draft).items():
        setattr(proposal, name, value)
    chosen = _check_signers(proposal, signers)
    proposal.version += 1
    proposal.updated_at = timezone.now()
    proposal._history_user = by
    proposal.save()
    _set_signers(proposal, chosen, by)
    return proposal


def _check_complete(proposal: Proposal) -> None:
    missing = [
        label
        for label, value in (
            (_("标题"), proposal.title),
            (_("案由"), proposal.reasons),
            (_("建议"), proposal.suggestions),
        )
        if not value.strip()
    ]
    if missing:
        raise ValidationError(_("请先填写：%(fields)s。") % {"fields": "、".join(missing)})


def mark_submitted(proposal: Proposal, by: User, comment: str = "") -> None:
    """Move to 待审查 and record the facts of the submission day for statistics."""
    PROPOSAL.move(proposal, S.SUBMITTED, by=by, comment=comment)
    now = timezone.now()
    today = timezone.localdate(now)
    proposal.submitted_at = now
    proposal.year = today.year
    if proposal.is_collective:
        # A sector's proposal counts for the sector (and the committee its group is
        # linked to); a party's or organisation's for neither.
        sector = proposal.organiser_sector
        proposal.committee_id = proposal.collective_committee_id or (
            sector.group.committee_id if sector is not None and sector.group_id else None
        )
        proposal.sector_id = proposal.organiser_sector_id
    else:
        seat = (
            CommitteeMembership.objects.filter(active_on(today), member=proposal.first_proposer)
            .order_by("-start_date")
            .first()
        )
        proposal.committee_id = seat.committee_id if seat else None
        proposal.sector_id = proposal.first_proposer.sector_id
    save(proposal, by, ["status", "submitted_at", "year", "committee", "sector"])


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: User) -> Proposal:
    """Submit a draft: straight to review, or (joint) first to the co-signers."""
    proposal = lock(proposal)
    if proposal.status == S.DRAFT:
        _check_complete(proposal)
        if not proposal.is_collective and not _in_office(proposal.first_proposer_id):
            raise ValidationError(_("您目前不在委员任期内，不能提交提案。"))
    if proposal.kind != Proposal.Kind.JOINT:
        mark_submitted(proposal, by)
        return proposal
    rows = list(proposal.signers.select_related("member__user").select_for_update(of=("self",)))
    if not rows and proposal.status == S.DRAFT:
        raise ValidationError(_("联名提案须至少邀请一位联名人。"))
    PROPOSAL.move(proposal, S.AWAITING_SIGNERS, by=by)
    save(proposal, by, ["status"])
    now = timezone.now()
    for row in rows:
        if row.status != ProposalSigner.Status.INVITED:
            SIGNER.move(row, ProposalSigner.Status.INVITED, by=by)
        row.invited_at, row.answered_at, row.comment = now, None, ""
        row._history_user = by
        row.save(update_fields=["status", "invited_at", "answered_at", "comment"])
    tell(
        [row.member.user for row in rows],
        proposal,
        _("%(name)s 邀请您联名提案《%(title)s》")
        % {"name": proposal.first_proposer, "title": proposal.title},
        _("请在履职通中确认或谢绝联名。"),
        task=todos.COSIGN,
    )
    return proposal


@transaction.atomic
def signer_answer(*, proposal: Proposal, by: User, accept: bool, comment: str = "") -> Proposal:
    """A co-signer confirms or declines. When the last one has answered, the proposal goes
    to review if anyone confirmed, or back to the author's drafts if all declined."""
    proposal = lock(proposal)
    row = can.signer_row(proposal, by)
    if row is None:
        raise ValidationError(_("您不是该提案的联名人。"))
    if proposal.status != S.AWAITING_SIGNERS:
        raise ValidationError(_("该提案目前不在联名确认阶段。"))
    row = ProposalSigner.objects.select_for_update().select_related("member").get(pk=row.pk)
    target = ProposalSigner.Status.CONFIRMED if accept else ProposalSigner.Status.DECLINED
    SIGNER.move(row, target, by=by, comment=comment)
    notifications_close(target=proposal, task=todos.COSIGN, recipients=[by])
    row.answered_at, row.comment = timezone.now(), comment.strip()[:200]
    row._history_user = by
    row.save(update_fields=["status", "answered_at", "comment"])
    author = [proposal.author]
    if not accept:
        tell(
            author,
            proposal,
            _("%(name)s 谢绝联名《%(title)s》") % {"name": row.member, "title": proposal.title},
            comment,
        )
    statuses = set(proposal.signers.values_list("status", flat=True))
    if ProposalSigner.Status.INVITED in statuses:
        return proposal
    if ProposalSigner.Status.CONFIRMED in statuses:
        mark_submitted(proposal, by, comment=_("联名人均已答复，提案进入审查。"))
        tell(
            author, proposal, _("《%(title)s》联名确认完成，已进入审查") % {"title": proposal.title}
        )
    else:
        PROPOSAL.move(proposal, S.DRAFT, by=by, comment=_("联名人均已谢绝，提案退回草稿。"))
        save(proposal, by, ["status"])
        tell(
            author,
            proposal,
            _("《%(title)s》的联名人均已谢绝，提案已退回草稿") % {"title": proposal.title},
        )
    return proposal


@transaction.atomic
def proposal_recall(*, proposal: Proposal, by: User) -> Proposal:
    """The author takes a joint proposal back from the co-signers to edit it; on the next
    submission everyone is asked again."""
    proposal = lock(proposal)
    if not can.is_author(proposal, by):
        raise ValidationError(_("只有撰写人可以取回提案。"))
    PROPOSAL.move(proposal, S.DRAFT, by=by, comment=_("撰写人取回修改。"))
    save(proposal, by, ["status"])
    notifications_close(target=proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User, comment: str = "") -> Proposal:
    """The author withdraws (e.g. a duplicate of an earlier proposal) before the review."""
    proposal = lock(proposal)
    was_awaiting = proposal.status == S.AWAITING_SIGNERS
    PROPOSAL.move(proposal, S.WITHDRAWN, by=by, comment=comment)
    save(proposal, by, ["status"])
    notifications_close(target=proposal)
    if was_awaiting:
        invited = proposal.signers.filter(status=ProposalSigner.Status.INVITED)
        tell(
            [row.member.user for row in invited.select_related("member__user")],
            proposal,
            _("《%(title)s》已由提案人撤回，无需再确认联名") % {"title": proposal.title},
        )
    return proposal


# Attachments ------------------------------------------------------------------------------


def store_attachment(
    *,
    proposal: Proposal,
    by: User,
    upload: UploadedFile,
    purpose: str,
    assignment=None,
) -> Attachment:
    """Check and store one file (callers check who may add it)."""
    checked = check_upload(upload)
    limit = int(conf.get("PROPOSALS_ATTACHMENTS_PER_PROPOSAL"))
    if proposal.attachments.filter(purpose=purpose).count() >= limit:
        raise ValidationError(_("附件不能超过 %(n)d 个。") % {"n": limit})
    attachment = Attachment(
        proposal=proposal,
        purpose=purpose,
        assignment=assignment,
        name=checked.name,
        content_type=checked.content_type,
        size=len(checked.data),
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(checked.name, ContentFile(checked.data), save=False)
    attachment._history_user = by
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add(*, proposal: Proposal, by: User, upload: UploadedFile) -> Attachment:
    """The author adds material to his draft."""
    proposal = lock(proposal)
    if not can.is_author(proposal, by):
        raise ValidationError(_("只有撰写人可以上传提案附件。"))
    if proposal.status != S.DRAFT:
        raise ValidationError(_("提案已提交，不能再修改附件。"))
    return store_attachment(
        proposal=proposal, by=by, upload=upload, purpose=Attachment.Purpose.MATERIAL
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by: User) -> None:
    proposal = lock(attachment.proposal)
    if attachment.purpose != Attachment.Purpose.MATERIAL or not can.is_author(proposal, by):
        raise ValidationError(_("只有撰写人可以删除提案附件。"))
    if proposal.status != S.DRAFT:
        raise ValidationError(_("提案已提交，不能再修改附件。"))
    attachment._history_user = by
    attachment.delete()
    delete_file_on_commit(attachment.file)
