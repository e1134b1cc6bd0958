"""Demo and benchmark data of the proposals module, hooked into `manage.py seed_demo` by
demo.extensions.

- demo: the Ordos CPPCC's proposals of this year and the two before (about 300 a year) in
  every state, with joint and collective ones, assignments to real departments, replies,
  evaluations and overdue ones. The background is written in bulk from plans
  (demo.proposals_plan); the proposals of the demo logins (`member`, `unit`, `reviewer`,
  `office`, `staff`, `vicechair`) are played through the services under a demo clock, so
  their pages, reminders and notifications are exactly what the portal produces.
- region: about 60,000 proposals over the 12 bodies and ten years, in bulk."""

from __future__ import annotations

import random

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from demo import org_data as org_data
from demo.org_build import Stopwatch
from portal.models import TransitionLog, User
from proposals.models import (
    Assignment,
    Attachment,
    Communication,
    Evaluation,
    Proposal,
    ProposalCounter,
    ProposalSigner,
    Reply,
    ReplyCategory,
)

from .bulk import PER_YEAR_REGION, build_region
from .story import build_demo


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
        return build_demo(rng=rng, by=by, clock=clock)
    per_year = org_data.in_proportion(PER_YEAR_REGION, members_per_body)
    return build_region(body_ids=body_ids, per_year=per_year, rng=rng, by=by, clock=clock)


def delete(body_ids: list[int]) -> None:
    """Everything of the proposals module in these bodies, files included."""
    proposals = Proposal.objects.filter(body_id__in=body_ids)
    ids = list(proposals.values_list("pk", flat=True))
    kinds = ContentType.objects.get_for_models(Proposal, ProposalSigner, Assignment, Communication)
    logs = Q(content_type=kinds[Proposal], object_id__in=ids)
    logs |= Q(
        content_type=kinds[ProposalSigner],
        object_id__in=ProposalSigner.objects.filter(proposal_id__in=ids).values("pk"),
    )
    logs |= Q(
        content_type=kinds[Assignment],
        object_id__in=Assignment.objects.filter(proposal_id__in=ids).values("pk"),
    )
    logs |= Q(
        content_type=kinds[Communication],
        object_id__in=Communication.objects.filter(proposal_id__in=ids).values("pk"),
    )
    TransitionLog.objects.filter(logs).delete()
    for attachment in Attachment.objects.filter(proposal_id__in=ids):
        attachment.file.delete(save=False)
    for model in (Evaluation, Reply, Communication, Attachment, Assignment, ProposalSigner):
        model.objects.filter(proposal_id__in=ids)._raw_delete(model.objects.db)
    # One statement: merged proposals and their targets go together (the foreign keys are
    # checked at commit).
    proposals._raw_delete(proposals.db)
    ProposalCounter.objects.filter(body_id__in=body_ids).delete()
    ReplyCategory.objects.filter(body_id__in=body_ids).delete()
