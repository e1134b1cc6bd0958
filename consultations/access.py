"""Who may do what in 协商. Deny by default; object permissions are read per request, so a
revoked role takes effect at once. The office runs its body's consultation work; a
committee's staff run their committee's topics and consultations; the vice-chair in charge
reviews its research reports and outcomes; the chair (主席) reviews the plan and signs
outcomes off; a department answers the recommendations addressed to it; a member sees
the consultations he is invited to and the threads he may join."""

from __future__ import annotations

from django.db.models import Model

from organisation.models import Committee
from portal.access import CHAIR_BODY, OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office, roles_of
from portal.models import Role, User


def same_body(obj: Model, user: User) -> bool:
    return user.is_authenticated and user.body_id is not None and user.body_id == obj.body_id


def office_of(obj: Model, user: User) -> bool:
    return same_body(obj, user) and is_office(user)


def works_in(committee: Committee | None, user: User) -> bool:
    return (
        committee is not None
        and user.is_authenticated
        and user.body_id == committee.body_id
        and user.has_perm(WORK_IN_COMMITTEE, committee)
    )


def oversees(committee: Committee | None, user: User) -> bool:
    return (
        committee is not None
        and user.is_authenticated
        and user.body_id == committee.body_id
        and user.has_perm(OVERSEE_COMMITTEE, committee)
    )


def is_chair(user: User) -> bool:
    """Whether user holds the chair role (主席) of his body."""
    if not user.is_authenticated or user.body_id is None:
        return False
    return user.has_perm(CHAIR_BODY, user.body)


def chairs(obj: Model, user: User) -> bool:
    return same_body(obj, user) and is_chair(user)


def runs_committee_work(user: User) -> bool:
    """Office or committee staff: the people who run consultations (menu, lists)."""
    roles = roles_of(user)
    return roles.has(Role.OFFICE) or roles.has(Role.COMMITTEE_STAFF)


def oversight_role(user: User) -> bool:
    roles = roles_of(user)
    return roles.has(Role.VICE_CHAIR) or roles.has(Role.CHAIR)


def manages_consultation(consultation: Model, user: User) -> bool:
    """谁组织谁记录: the lead committee's staff, or the office of the body."""
    return office_of(consultation, user) or works_in(consultation.committee, user)


def reviews_consultation(consultation: Model, user: User) -> bool:
    """Reads everything of it: the vice-chair in charge of the lead committee, the chair."""
    return oversees(consultation.committee, user) or chairs(consultation, user)
