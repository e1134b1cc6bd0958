"""Writes about members: records, terms, committee memberships (§3 全员入委) and accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organisation.models import Committee, PartyGroup, Term
from organisation.services import org_record_save
from portal.caching import bulk_saved
from portal.models import User
from portal.roles import MEMBER_SELF_PERMISSIONS
from portal.services import user_create

from .models import CommitteeMembership, Member, MemberTerm, MemberUserObjectPermission
from .selectors import departure


class EditConflict(ValidationError):
    """Someone else saved the record after this copy was loaded."""


def home_committee(member: Member) -> Committee | None:
    """The committee linked to the member's sector group (§3), if the sector has a group."""
    group = member.sector.group
    return group.committee if group is not None else None


def committee_refusal(*, member: Member, committee: Committee) -> str | None:
    """Why §3 全员入委 keeps member out of committee (its body and his sector group), or
    None; no query when his sector's group and its committee are loaded."""
    if committee.body_id != member.body_id:
        return _("专委会与委员不属于同一政协组织。")
    if committee.takes_members_from_any_group:
        return None
    home = home_committee(member)
    if home is None:
        return _(
            "委员%(member)s所在界别「%(sector)s」未编入界别活动组，只能编入提案委员会或文化文史和学习委员会。"
        ) % {"member": member.name, "sector": member.sector}
    if home.pk != committee.pk:
        return _(
            "按照“全员入委”规定，委员%(member)s应编入其界别活动组对应的「%(home)s」，"
            "不能编入「%(committee)s」（提案委员会、文化文史和学习委员会除外）。"
        ) % {"member": member.name, "home": home, "committee": committee}
    return None


def check_membership_allowed(
    *, member: Member, committee: Committee, start_date: dt.date, exclude_pk: int | None = None
) -> None:
    """Raise ValidationError unless §3 全员入委 allows member into committee from start_date.

    - a member sits in the committee linked to his sector group;
    - the proposals committee and the culture & history committee may take members from
      any group, and those members then sit in no other committee;
    - so a member holds one committee seat at a time, and only while in office.
    """
    refusal = committee_refusal(member=member, committee=committee)
    if refusal:
        raise ValidationError(refusal)
    seated = (
        member.terms.filter(start_date__lte=start_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .exists()
    )
    if not seated:
        raise ValidationError(
            _("入委日期 %(date)s 不在委员%(member)s的任期内。")
            % {"date": start_date.isoformat(), "member": member.name}
        )
    overlapping = (
        member.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
        .exclude(pk=exclude_pk)
        .select_related("committee")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _(
                "委员%(member)s自 %(since)s 起已在「%(committee)s」，"
                "一名委员同一时间只能编入一个专门委员会；请先办理调出专委会或调整专委会。"
            )
            % {
                "member": member.name,
                "since": overlapping.start_date.isoformat(),
                "committee": overlapping.committee,
            }
        )


def _refuse_departed(member: Member, what: str) -> None:
    left = departure(member)
    if left is not None:
        raise ValidationError(
            _("委员%(member)s已于 %(day)s 离任。%(what)s")
            % {"member": member.name, "day": left.end_date.isoformat(), "what": what}
        )


@transaction.atomic
def membership_start(
    *,
    member: Member,
    committee: Committee,
    start_date: dt.date,
    role: str = CommitteeMembership.Role.MEMBER,
    by: User | None,
) -> CommitteeMembership:
    # Lock the member so two concurrent enrolments cannot both pass the overlap check.
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("sector__group__committee")
        .get(pk=member.pk)
    )
    check_membership_allowed(member=member, committee=committee, start_date=start_date)
    membership = CommitteeMembership(
        member=member, committee=committee, role=role, start_date=start_date
    )
    membership._history_user = by
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # The PostgreSQL exclusion constraint caught an overlap the check did not see.
        raise ValidationError(_("该委员在这段时间已编入其他专门委员会。")) from None
    return membership


@transaction.atomic
def membership_end(
    *, membership: CommitteeMembership, end_date: dt.date, reason: str, by: User | None
) -> CommitteeMembership:
    if membership.end_date is not None:
        raise ValidationError(_("该任职已于 %(date)s 结束。") % {"date": membership.end_date})
    if end_date < membership.start_date:
        raise ValidationError(_("调出日期不能早于入委日期。"))
    if not reason.strip():
        raise ValidationError(_("请填写调出原因。"))
    membership.end_date = end_date
    membership.end_reason = reason.strip()
    membership._history_user = by
    membership.save(update_fields=["end_date", "end_reason"])
    return membership


@transaction.atomic
def membership_transfer(
    *,
    member: Member,
    committee: Committee,
    on_date: dt.date,
    role: str = CommitteeMembership.Role.MEMBER,
    reason: str,
    by: User | None,
) -> CommitteeMembership:
    """Move a member to another committee from on_date: the current seat ends the day before.
    A member who has left (离任) is not moved."""
    _refuse_departed(member, _("离任委员不能调整专委会。"))
    current = (
        member.memberships.filter(start_date__lte=on_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
        .first()
    )
    if current is not None:
        if current.committee_id == committee.pk and current.role == role:
            raise ValidationError(_("该委员已在「%(committee)s」。") % {"committee": committee})
        if current.start_date == on_date:
            raise ValidationError(_("调整日期不能与入委日期相同。"))
        membership_end(
            membership=current,
            end_date=on_date - dt.timedelta(days=1),
            reason=reason or _("调整专委会"),
            by=by,
        )
    return membership_start(
        member=member, committee=committee, start_date=on_date, role=role, by=by
    )


@transaction.atomic
def member_create(
    *,
    body_id: int,
    data: dict[str, Any],
    term: Term,
    joined_on: dt.date | None = None,
    committee: Committee | None = None,
    by: User | None,
) -> Member:
    """Create a member, seat him in the term from `joined_on`, and enrol him (§3 全员入委)
    in `committee`, or by default in the committee of his sector group."""
    if term.body_id != body_id:
        raise ValidationError(_("届次不属于本级政协。"))
    member = Member(body_id=body_id, **data)
    member.full_clean(exclude=["user"])
    member._history_user = by
    member.save()
    member_enrol(member=member, term=term, joined_on=joined_on, committee=committee, by=by)
    return member


@transaction.atomic
def member_enrol(
    *,
    member: Member,
    term: Term,
    joined_on: dt.date | None,
    committee: Committee | None,
    by: User | None,
) -> None:
    """Seat an existing member in a term and, where his group has one, a committee."""
    joined_on = joined_on or term.start_date
    if not (term.start_date <= joined_on <= term.end_date):
        raise ValidationError(
            _("任职开始日期 %(date)s 不在%(term)s（%(start)s 至 %(end)s）内。")
            % {
                "date": joined_on.isoformat(),
                "term": term,
                "start": term.start_date.isoformat(),
                "end": term.end_date.isoformat(),
            }
        )
    seat, created = MemberTerm.objects.get_or_create(
        member=member, term=term, defaults={"start_date": joined_on}
    )
    if not created:
        return
    committee = committee or home_committee(member)
    if committee is not None:
        membership_start(member=member, committee=committee, start_date=joined_on, by=by)


# Rows per INSERT / UPDATE of the bulk writes.
BULK_BATCH = 500


@transaction.atomic
def members_create_many(
    *, seats: list[tuple[Member, int, dt.date, int | None]], by: User | None
) -> list[Member]:
    """member_create for many checked members at once: (member, term id, joined on,
    committee id or None), each seated in the term from that day and enrolled in that
    committee, with their history rows; a few queries per BULK_BATCH members. The
    caller has validated the members and checked the §3 rule (committee_refusal) and the
    dates (within the term): a new member sits nowhere yet, so nothing else can refuse."""
    members = bulk_create_with_history(
        [member for member, *_ in seats], Member, batch_size=BULK_BATCH, default_user=by
    )
    terms = [
        MemberTerm(member=member, term_id=term_id, start_date=joined_on)
        for member, (_m, term_id, joined_on, _c) in zip(members, seats, strict=True)
    ]
    bulk_create_with_history(terms, MemberTerm, batch_size=BULK_BATCH, default_user=by)
    memberships = [
        CommitteeMembership(member=member, committee_id=committee_id, start_date=joined_on)
        for member, (_m, _t, joined_on, committee_id) in zip(members, seats, strict=True)
        if committee_id is not None
    ]
    bulk_create_with_history(
        memberships, CommitteeMembership, batch_size=BULK_BATCH, default_user=by
    )
    for model in (Member, MemberTerm, CommitteeMembership):
        bulk_saved.send(sender=model)
    return members


@transaction.atomic
def members_update_many(*, members: list[Member], fields: list[str], by: User | None) -> None:
    """member_update for many members whose sector does not change, with their history
    rows. The caller holds the members locked (select_for_update) and has validated
    them against the versions it loaded."""
    for member in members:
        member.version += 1
    bulk_update_with_history(
        members, Member, [*fields, "version"], batch_size=BULK_BATCH, default_user=by
    )
    bulk_saved.send(sender=Member)


@transaction.atomic
def member_update(
    *, member: Member, data: dict[str, Any], expected_version: int, by: User | None
) -> Member:
    """Save changed fields, refusing if the record changed since `expected_version` was read.

    A change of sector moves a member out of a committee that no longer matches his
    sector group (§3) into the new group's committee from today.
    """
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.version != expected_version:
        raise EditConflict(
            _("该委员信息已被他人修改（您打开后又有保存）。请刷新页面，核对后重新修改。")
        )
    old_sector_id = locked.sector_id
    for field, value in data.items():
        setattr(locked, field, value)
    locked.full_clean(exclude=["user"])
    locked.version += 1
    locked._history_user = by
    locked.save()
    if locked.sector_id != old_sector_id:
        _follow_sector_change(member=locked, by=by)
    return locked


def _follow_sector_change(*, member: Member, by: User | None) -> None:
    today = timezone.localdate()
    current = (
        member.memberships.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("committee")
        .first()
    )
    if current is None or current.committee.takes_members_from_any_group:
        return
    home = home_committee(member)
    if home is not None and home.pk == current.committee_id:
        return
    if current.start_date >= today:
        current._history_user = by
        current.delete()
    else:
        membership_end(
            membership=current,
            end_date=today - dt.timedelta(days=1),
            reason=_("界别调整"),
            by=by,
        )
    if home is not None:
        membership_start(member=member, committee=home, start_date=today, by=by)


@transaction.atomic
def member_open_account(*, member: Member, username: str, password: str, by: User | None) -> User:
    """Create the member's login and give him the rights on his own record; not for a
    member who has left (离任)."""
    _refuse_departed(member, _("离任委员不能开通账号。"))
    if member.user_id is not None:
        raise ValidationError(_("该委员已开通账号。"))
    user = user_create(
        body=member.body,
        username=username,
        full_name=member.name,
        password=password,
        email=member.email,
        phone=member.phone,
        by=by,
    )
    member.user = user
    member._history_user = by
    member.save(update_fields=["user"])
    _grant_self(user, member)
    return user


def _self_permissions() -> models.QuerySet[Permission]:
    codenames = [perm.split(".", 1)[1] for perm in MEMBER_SELF_PERMISSIONS]
    return Permission.objects.filter(content_type__app_label="members", codename__in=codenames)


def _grant_self(user: User, member: Member) -> None:
    """The login's rights on its own member record (MEMBER_SELF_PERMISSIONS), in one insert."""
    MemberUserObjectPermission.objects.bulk_create(
        [
            MemberUserObjectPermission(user=user, permission=permission, content_object=member)
            for permission in _self_permissions()
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def member_close_account(*, member: Member, by: User | None) -> None:
    """Unlink the login from the member record; the login loses the member's rights."""
    if member.user is None:
        return
    MemberUserObjectPermission.objects.filter(
        user=member.user, content_object=member, permission__in=_self_permissions()
    ).delete()
    member.user = None
    member._history_user = by
    member.save(update_fields=["user"])


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
