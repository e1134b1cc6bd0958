"""Who may do what with 文史资料. Deny by default; object permissions are read per request
(a revoked role takes effect on the next one).

- 文史编审 (archives editors, `organisation.edit_archives` on the body): every manuscript
  of the body (restricted ones included), reviews, edits, volumes, the digital archive.
- Staff of the body's culture & history committee (and the office): collection plans and
  calls, registering manuscripts of outside authors, the digital archive, statistics.
- The vice-chair in charge of that committee approves its plans (never his own).
- Members: their own manuscripts; everyone logged in: the published archive."""

from __future__ import annotations

from django.db.models import QuerySet

from organisation.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, committees_where
from organisation.models import Body, Committee
from portal.access import EDIT_ARCHIVES, MANAGE_BODY, roles_of
from portal.backends import perms_on
from portal.models import Role, User

from .models import CollectionPlan, Manuscript

CULTURE = Committee.Kind.CULTURE_HISTORY


def _body_perms(user: User) -> set[str]:
    """The user's object permissions on his own body (portal.backends: read once per
    change of permissions, a revoked role takes effect on the next request)."""
    if not user.is_authenticated or user.body_id is None or not user.is_active:
        return set()
    cached = getattr(user, "_archives_body_perms", None)
    if cached is None:
        body = Body(pk=user.body_id)  # the permission tables need only its key
        perms = perms_on(user, body)
        cached = user._archives_body_perms = {f"organisation.{codename}" for codename in perms}
    return cached


def is_editor(user: User) -> bool:
    """Whether user is a 文史编审 of his body."""
    return EDIT_ARCHIVES in _body_perms(user)


def is_office(user: User) -> bool:
    """Whether user runs the office of his body (portal.access.is_office, from the same
    two queries as is_editor)."""
    return MANAGE_BODY in _body_perms(user)


def culture_committees(user: User) -> QuerySet[Committee]:
    """The culture & history committees whose staff the user is (the office: all of them)."""
    if not user.is_authenticated or user.body_id is None:
        return Committee.objects.none()
    if is_office(user):
        return Committee.objects.filter(body_id=user.body_id, kind=CULTURE, is_active=True)
    return committees_where(user, WORK_IN_COMMITTEE).filter(kind=CULTURE)


def is_collector(user: User) -> bool:
    """Staff of a culture & history committee, or the office (cached for the request)."""
    if not user.is_authenticated or user.body_id is None:
        return False
    cached = getattr(user, "_archives_collector_cache", None)
    if cached is None:
        cached = user._archives_collector_cache = (
            is_office(user) or culture_committees(user).exists()
        )
    return cached


def roles_say_editor(user: User) -> bool:
    """For menus and to-do kinds (no query; views still check the permissions)."""
    return roles_of(user).has(Role.ARCHIVES_EDITOR)


def roles_say_collector(user: User) -> bool:
    """The office or a culture & history committee's staff, by the roles loaded for the
    page frame (no query; for menus and to-do kinds only)."""
    roles = roles_of(user)
    return roles.has(Role.OFFICE) or any(
        a.committee is not None and a.committee.kind == CULTURE
        for a in roles.of(Role.COMMITTEE_STAFF)
    )


def may_register(user: User) -> bool:
    """Registers manuscripts of others (outside authors, members without a login)."""
    return is_editor(user) or is_collector(user)


def may_submit(user: User) -> bool:
    """Submits manuscripts at all: members for themselves, collectors and editors."""
    return roles_of(user).member is not None or may_register(user)


def manages_plan(plan: CollectionPlan, user: User) -> bool:
    if not user.is_authenticated or user.body_id != plan.body_id:
        return False
    return is_office(user) or user.has_perm(WORK_IN_COMMITTEE, plan.committee)


def approves_plan(plan: CollectionPlan, user: User) -> bool:
    """The vice-chair in charge of the plan's committee, who did not submit it himself."""
    if not user.is_authenticated or user.body_id != plan.body_id:
        return False
    if plan.submitted_by_id == user.pk:
        return False
    return user.has_perm(OVERSEE_COMMITTEE, plan.committee)


def may_approve_any(user: User) -> bool:
    return (
        user.is_authenticated
        and user.body_id is not None
        and committees_where(user, OVERSEE_COMMITTEE).filter(kind=CULTURE).exists()
    )


def is_author(manuscript: Manuscript, user: User) -> bool:
    """The member who wrote it, or the person who registered it for its author."""
    if not user.is_authenticated:
        return False
    if manuscript.registered_by_id == user.pk:
        return True
    member = roles_of(user).member
    return member is not None and manuscript.contributor_id == member.pk


def edits(manuscript: Manuscript, user: User) -> bool:
    """An editor of the manuscript's body."""
    return user.is_authenticated and user.body_id == manuscript.body_id and is_editor(user)


def may_edit_text(manuscript: Manuscript, user: User) -> bool:
    if manuscript.status in Manuscript.AUTHOR_EDITS and is_author(manuscript, user):
        return True
    return manuscript.status in Manuscript.EDITOR_EDITS and edits(manuscript, user)
