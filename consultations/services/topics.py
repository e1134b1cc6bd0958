"""协商 topics: proposing and deciding."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Member
from organisation.models import Committee, Department, SectorGroup
from portal.models import User

from ..access import office_of, works_in
from ..models import (
    ConsultationKind,
    Topic,
)
from ..workflow import (
    TOPIC,
)
from .common import _locked, _save, _text

# ---- topics ---------------------------------------------------------------------------------


@transaction.atomic
def topic_propose(
    *,
    body_id: int,
    year: int,
    title: str,
    reason: str,
    kind: ConsultationKind,
    by: User,
    department: Department | None = None,
    committee: Committee | None = None,
    sector_group: SectorGroup | None = None,
    member: Member | None = None,
    proposer_name: str = "",
) -> Topic:
    """选题建议 (§5): a committee's staff propose for their committee or one of its sector
    groups, a member for himself, the office in anyone's name (e.g. a party group)."""
    if by.body_id != body_id:
        raise PermissionDenied
    proposers = [p for p in (committee, sector_group, member) if p is not None]
    if proposer_name.strip():
        proposers.append(proposer_name)
    if len(proposers) != 1:
        raise ValidationError(_("请选择一个提出单位（专委会、界别活动组、委员或其他单位）。"))
    office = office_of(_Body(body_id), by)
    if committee is not None and not (office or works_in(committee, by)):
        raise ValidationError(_("只有本专委会的工作人员可以以专委会名义提出选题。"))
    if sector_group is not None and not (office or works_in(sector_group.committee, by)):
        raise ValidationError(_("只有界别活动组所联系专委会的工作人员可以代其提出选题。"))
    if member is not None and not (office or getattr(by, "member", None) == member):
        raise ValidationError(_("委员只能以本人名义提出选题。"))
    if proposer_name.strip() and not office:
        raise ValidationError(_("只有政协办公室可以代其他单位登记选题。"))
    for obj in (committee, sector_group, member, department):
        if obj is not None and obj.body_id != body_id:
            raise ValidationError(_("所选单位或委员不属于本级政协。"))
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + 1:
        raise ValidationError(_("计划年度须为去年、今年或明年。"))
    topic = Topic(
        body_id=body_id,
        year=year,
        title=_text(title, _("课题名称"), 200),
        reason=_text(reason, _("选题理由")),
        kind=kind,
        department=department,
        committee=committee,
        sector_group=sector_group,
        member=member,
        proposer_name=proposer_name.strip()[:100],
        created_by=by,
    )
    _save(topic, by)
    return topic


class _Body:
    """Something with a body_id, for the access helpers."""

    def __init__(self, body_id: int) -> None:
        self.body_id = body_id


@transaction.atomic
def topic_decide(
    *, topic: Topic, decision: str, by: User, reason: str = "", into: Topic | None = None
) -> Topic:
    """The office accepts a topic, merges it into another, or declines it with a reason."""
    topic = _locked(topic)
    if decision == Topic.Status.MERGED:
        if into is None or into.pk == topic.pk or into.body_id != topic.body_id:
            raise ValidationError(_("请选择要并入的课题（本级政协的其他课题）。"))
        if into.status not in (Topic.Status.SUBMITTED, Topic.Status.ACCEPTED):
            raise ValidationError(_("只能并入已提交或已采用的课题。"))
        topic.merged_into = into
    TOPIC.move(topic, decision, by=by, comment=reason)
    topic.decision_reason = reason.strip()[:300]
    _save(topic, by, ["status", "merged_into", "decision_reason"])
    return topic
