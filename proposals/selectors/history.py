"""A proposal's full history: every transition of the proposal, its co-signers, its
assignments and its communications (portal.TransitionLog), oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import TransitionLog
from portal.registry import HistorySource

from ..models import (
    Assignment,
    Attachment,
    Communication,
    Evaluation,
    Proposal,
    ProposalSigner,
    Reply,
    ReplyCategory,
)


@dataclass(frozen=True)
class Step:
    log: TransitionLog
    subject: str
    source: str
    target: str


def _labels(model: type[Model], field: str) -> dict[str, str]:
    return {k: str(v) for k, v in model._meta.get_field(field).flatchoices}


def proposal_history(proposal: Proposal) -> list[Step]:
    signers = {s.pk: s for s in proposal.signers.select_related("member")}
    assignments = {a.pk: a for a in proposal.assignments.select_related("department")}
    communications = {
        c.pk: c for c in proposal.communications.select_related("assignment__department")
    }
    types = ContentType.objects.get_for_models(Proposal, ProposalSigner, Assignment, Communication)
    logs = (
        TransitionLog.objects.filter(
            Q(content_type=types[Proposal], object_id=proposal.pk)
            | Q(content_type=types[ProposalSigner], object_id__in=list(signers))
            | Q(content_type=types[Assignment], object_id__in=list(assignments))
            | Q(content_type=types[Communication], object_id__in=list(communications))
        )
        .select_related("actor")
        .order_by("at", "id")
    )
    kinds = {ct.pk: model for model, ct in types.items()}
    labels = {
        Proposal: _labels(Proposal, "status"),
        ProposalSigner: _labels(ProposalSigner, "status"),
        Assignment: _labels(Assignment, "status"),
        Communication: _labels(Communication, "answer"),
    }
    steps = []
    for log in logs:
        model = kinds[log.content_type_id]
        if model is Proposal:
            subject = _("提案")
        elif model is ProposalSigner:
            subject = _("联名人 %(name)s") % {"name": signers[log.object_id].member}
        elif model is Assignment:
            a = assignments[log.object_id]
            subject = _("%(unit)s（%(role)s，第%(round)d轮）") % {
                "unit": a.department,
                "role": a.get_role_display(),
                "round": a.round,
            }
        else:
            c = communications[log.object_id]
            subject = _("沟通记录 %(unit)s %(day)s") % {
                "unit": c.assignment.department,
                "day": c.contacted_on.isoformat(),
            }
        table = labels[model]
        steps.append(
            Step(
                log=log,
                subject=subject,
                source=table.get(log.from_state, log.from_state),
                target=table.get(log.to_state, log.to_state),
            )
        )
    return steps


def _submitted_in(body_id: int) -> Q:
    return Q(body_id=body_id, submitted_at__isnull=False)


def _of_submitted_in(body_id: int) -> Q:
    return Q(proposal__body_id=body_id, proposal__submitted_at__isnull=False)


def history_sources() -> list[HistorySource]:
    """The proposal records on the office's 变更记录 page (portal.history): key ->
    (label, historical model, body filter, relations its name is made of). Drafts stay
    private: a proposal's versions show from its submission on, its related records once
    it is submitted."""
    return [
        HistorySource(
            "proposal", gettext_lazy("提案"), Proposal.history.model, _submitted_in, (), order=30
        ),
        HistorySource(
            "proposal_signer",
            gettext_lazy("联名人"),
            ProposalSigner.history.model,
            _of_submitted_in,
            ("proposal", "member"),
            order=31,
        ),
        HistorySource(
            "proposal_assignment",
            gettext_lazy("提案交办"),
            Assignment.history.model,
            _of_submitted_in,
            ("proposal", "department"),
            order=32,
        ),
        HistorySource(
            "proposal_communication",
            gettext_lazy("沟通协商"),
            Communication.history.model,
            _of_submitted_in,
            ("proposal",),
            order=33,
        ),
        HistorySource(
            "proposal_reply",
            gettext_lazy("提案答复"),
            Reply.history.model,
            _of_submitted_in,
            ("proposal",),
            order=34,
        ),
        HistorySource(
            "proposal_evaluation",
            gettext_lazy("办理评价"),
            Evaluation.history.model,
            _of_submitted_in,
            ("proposal", "evaluator"),
            order=35,
        ),
        HistorySource(
            "proposal_attachment",
            gettext_lazy("提案附件"),
            Attachment.history.model,
            _of_submitted_in,
            ("proposal",),
            order=36,
        ),
        HistorySource(
            "reply_category",
            gettext_lazy("答复类别"),
            ReplyCategory.history.model,
            "body_id",
            (),
            order=37,
        ),
    ]
