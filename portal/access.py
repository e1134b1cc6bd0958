"""Who may open what. Deny by default: every view reaches its objects through these
helpers, which answer 404 for what lies outside the user's body (or is not his) and 403
for what he can see exists but may not touch. Permissions are django-guardian object
permissions, granted by `portal.services.role_grant`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from .models import Role, RoleAssignment, User

# The object permissions the roles carry (portal.roles), declared by the models of the
# organisation they are held on; named here as strings, so the kernel imports no module.
MANAGE_BODY = "organisation.manage_body"
REVIEW_PROPOSALS = "organisation.review_proposals"
EDIT_ARCHIVES = "organisation.edit_archives"
EDIT_PUBLIC_OPINION = "organisation.edit_public_opinion"
CHAIR_BODY = "organisation.chair_body"
WORK_IN_COMMITTEE = "organisation.work_in_committee"
OVERSEE_COMMITTEE = "organisation.oversee_committee"
ACT_FOR_DEPARTMENT = "organisation.act_for_department"


def is_office(user: User, body: Model | None = None) -> bool:
    """Whether user runs the office of `body` (default: his own body)."""
    if not user.is_authenticated or user.body_id is None:
        return False
    if body is not None and body.pk != user.body_id:
        return False
    # Asked several times per request; the user object lives for one request only, so a
    # revoked role still takes effect on the next one.
    cached = getattr(user, "_is_office_cache", None)
    if cached is None:
        cached = user._is_office_cache = user.has_perm(MANAGE_BODY, body or user.body)
    return cached


def office_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login, then 403 unless the user runs the office of his body."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@dataclass
class Roles:
    """The roles a user holds, for navigation and home pages (not for authorisation)."""

    assignments: list[RoleAssignment] = field(default_factory=list)
    member: object | None = None

    def has(self, role: str) -> bool:
        if role == Role.MEMBER:
            return self.member is not None
        return any(a.role == role for a in self.assignments)

    def of(self, role: str) -> list[RoleAssignment]:
        return [a for a in self.assignments if a.role == role]

    @property
    def labels(self) -> list[str]:
        return [str(label) for value, label in Role.choices if self.has(value)]

    # Shorthands for templates, which cannot pass arguments.
    @property
    def has_office(self) -> bool:
        return self.has(Role.OFFICE)

    @property
    def has_staff(self) -> bool:
        return self.has(Role.COMMITTEE_STAFF)

    @property
    def has_reviewer(self) -> bool:
        return self.has(Role.REVIEWER)

    @property
    def has_editor(self) -> bool:
        return self.has(Role.ARCHIVES_EDITOR)


def roles_of(user: User) -> Roles:
    """The user's roles, loaded once per request (two queries). The member record is the
    user's reverse one-to-one `member` (members.Member.user)."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        try:
            member = user.member
        except ObjectDoesNotExist:
            member = None
        cached = Roles(
            assignments=list(
                RoleAssignment.objects.filter(user=user)
                .select_related("body", "committee", "department")
                .order_by("role", "id")
            ),
            member=member,
        )
        user._roles_cache = cached
    return cached


def roles_key(user: User) -> tuple:
    """What the user's menus and to-do kinds are decided from: who he is, his body, his
    member record and his role assignments (a change of any gives another key)."""
    roles = roles_of(user)
    member = roles.member
    return (
        user.pk,
        user.body_id,
        user.is_staff,
        user.is_superuser,
        member.pk if member is not None else None,
        tuple(
            (
                a.role,
                a.body_id,
                a.committee_id,
                a.committee.name if a.committee_id else "",  # shown in menus
                a.department_id,
                a.department.name if a.department_id else "",
            )
            for a in roles.assignments
        ),
    )


# What the kernel keeps on a user object for the rest of its request.
_REQUEST_CACHES = (
    "_roles_cache",
    "_is_office_cache",
    "_perm_cache",
    "_object_perms",
    "_open_work",
)


def forget_request_caches(user: User, *more: str) -> None:
    """Drop what was read about the user during this request (and the modules' own `more`
    attributes): after a change of his roles within one request or test."""
    for name in (*_REQUEST_CACHES, *more):
        user.__dict__.pop(name, None)
