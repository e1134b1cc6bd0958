"""Writes of organisation records. History (who, when, what) is kept by simple-history;
services name the actor so that changes made outside a request are attributed too."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee, PartyGroup
from members.models import Member
from portal.models import Role, RoleAssignment, User
from portal.services import role_grant, role_revoke


@transaction.atomic
def org_record_save(*, instance: models.Model, by: User | None, m2m: dict | None = None):
    """Validate and save a plain organisation record (term, sector, group, department,
    committee), with its many-to-many values, attributing the change to `by`."""
    instance.full_clean()
    instance._history_user = by
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def committee_set_vice_chair(*, committee: Committee, user: User | None, by: User) -> None:
    """Put `user` in charge of the committee (§12), or nobody; permissions follow."""
    current = RoleAssignment.objects.filter(role=Role.VICE_CHAIR, committee=committee).first()
    if current is not None and user is not None and current.user_id == user.pk:
        return
    if current is not None:
        role_revoke(assignment=current, by=by)
    if user is not None:
        if user.body_id != committee.body_id:
            raise ValidationError(_("分管副主席须为本级政协的用户。"))
        role_grant(user=user, role=Role.VICE_CHAIR, body=committee.body, committee=committee, by=by)


@transaction.atomic
def party_group_save(*, party_group: PartyGroup, by: User | None) -> PartyGroup:
    """§17: the leader is a CPC member — the committee's principal leader if he is one,
    otherwise a CPC standing member or member of the group appointed by the chair meeting."""
    leader: Member | None = party_group.leader
    if leader is not None:
        if leader.affiliation != Member.Affiliation.CPC:
            raise ValidationError(_("功能型党小组组长须为中共党员。"))
        if leader.body_id != party_group.sector_group.body_id:
            raise ValidationError(_("组长须为本级政协委员。"))
        committee = party_group.sector_group.committee
        today = timezone.localdate()
        leads_committee = (
            committee.memberships.filter(member=leader, role="director", start_date__lte=today)
            .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
            .exists()
        )
        in_group = leader.sector.group_id == party_group.sector_group_id
        if not leads_committee and not (party_group.leader_appointed_by_chair_meeting and in_group):
            raise ValidationError(
                _(
                    "组长应由所联系专委会中共党员身份的主任担任；"
                    "否则须由主席会议指定本界别活动组的党员常委或党员委员，并勾选“由主席会议指定组长”。"
                )
            )
    return org_record_save(instance=party_group, by=by)
