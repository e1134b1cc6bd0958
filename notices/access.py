"""Who may publish and manage notices: the office of the body (every notice of it), and a
committee's staff (the notices of their committee, to its members and groups only)."""

from __future__ import annotations

from django.db.models import QuerySet

from organisation.access import WORK_IN_COMMITTEE, committees_where, is_office
from organisation.models import Committee
from portal.access import roles_of
from portal.models import Role, User

from .models import Notice


def manages(notice: Notice, user: User) -> bool:
    """Whether user runs this notice: the office of its body, or staff of its committee
    (object permissions, read per request: a revoked role takes effect at once)."""
    if not user.is_authenticated or user.body_id != notice.body_id:
        return False
    if is_office(user):
        return True
    return notice.committee_id is not None and user.has_perm(WORK_IN_COMMITTEE, notice.committee)


def may_publish(user: User) -> bool:
    """Whether the user publishes notices at all (menu, list of his notices)."""
    roles = roles_of(user)
    return roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF)


def publishing_committees(user: User) -> QuerySet[Committee]:
    """The committees in whose name the user may publish (staff: theirs; the office: all
    committees of its body, besides publishing as the office)."""
    if is_office(user):
        return Committee.objects.filter(body_id=user.body_id, is_active=True)
    return committees_where(user, WORK_IN_COMMITTEE)
