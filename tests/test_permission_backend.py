"""Object permissions are read once per change, not per question (portal.backends): a
user's whole table of object permissions is one query, kept in the shared cache until a
permission row or his groups change; the answers are guardian's own."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.core import ObjectPermissionChecker
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from members.models import Member
from organisation.access import committees_where, departments_where
from organisation.models import Committee, Department
from portal.access import ACT_FOR_DEPARTMENT, OVERSEE_COMMITTEE, WORK_IN_COMMITTEE
from portal.backends import perms_on
from portal.models import RoleAssignment, User
from portal.services import role_grant, role_revoke


def _fresh(user: User) -> User:
    """The user as the next request loads him."""
    return User.objects.get(pk=user.pk)


def test_a_request_reads_the_table_once_and_the_next_reads_it_from_the_cache(org):
    staff = _fresh(org.staff)
    with CaptureQueriesContext(connection) as first:
        assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):
            assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
            assert not staff.has_perm(OVERSEE_COMMITTEE, org.economy)
            assert not staff.has_perm(WORK_IN_COMMITTEE, org.education)
        assert list(committees_where(staff, WORK_IN_COMMITTEE)) == [org.economy]
    assert len(first) == 1
    assert len(again) == 1  # the committees themselves
    with CaptureQueriesContext(connection) as next_request:
        assert _fresh(org.staff).has_perm(WORK_IN_COMMITTEE, org.economy)
    assert len(next_request) == 1  # the user; his permissions come from the cache


def test_a_revoked_role_shows_on_the_next_request(org):
    assert _fresh(org.staff).has_perm(WORK_IN_COMMITTEE, org.economy)
    assignment = RoleAssignment.objects.get(user=org.staff, committee=org.economy)
    role_revoke(assignment=assignment, by=org.office)
    staff = _fresh(org.staff)
    assert not staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    assert not committees_where(staff, WORK_IN_COMMITTEE).exists()


def test_a_granted_role_shows_on_the_next_request(org):
    assert not committees_where(_fresh(org.staff), WORK_IN_COMMITTEE).filter(pk=org.culture.pk)
    role_grant(
        user=org.staff, role="committee_staff", body=org.body, committee=org.culture, by=None
    )
    staff = _fresh(org.staff)
    assert staff.has_perm(WORK_IN_COMMITTEE, org.culture)
    assert set(committees_where(staff, WORK_IN_COMMITTEE)) == {org.economy, org.culture}


def test_a_permission_of_a_group_shows_when_the_user_joins_and_goes_when_he_leaves(org):
    group = Group.objects.create(name="教育界联络组")
    assign_perm(WORK_IN_COMMITTEE, group, org.education)
    assert not _fresh(org.reviewer).has_perm(WORK_IN_COMMITTEE, org.education)
    org.reviewer.groups.add(group)
    reviewer = _fresh(org.reviewer)
    assert reviewer.has_perm(WORK_IN_COMMITTEE, org.education)
    assert list(committees_where(reviewer, WORK_IN_COMMITTEE)) == [org.education]
    org.reviewer.groups.remove(group)
    assert not _fresh(org.reviewer).has_perm(WORK_IN_COMMITTEE, org.education)
    org.reviewer.groups.add(group)
    remove_perm(WORK_IN_COMMITTEE, group, org.education)
    assert not _fresh(org.reviewer).has_perm(WORK_IN_COMMITTEE, org.education)


def test_an_inactive_user_has_no_object_permission(org):
    staff = _fresh(org.staff)
    staff.is_active = False
    assert not staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    assert perms_on(staff, org.economy) == frozenset()


def test_a_superuser_has_every_permission_but_is_given_no_objects(org):
    staff = _fresh(org.staff)
    staff.is_superuser = True
    assert staff.has_perm(OVERSEE_COMMITTEE, org.education)
    assert "oversee_committee" in perms_on(staff, org.education)
    assert list(committees_where(staff, OVERSEE_COMMITTEE)) == []  # with_superuser=False


def test_the_answers_are_guardians(org, other_org):
    """Every person of both bodies × every object of the organisation: the codenames held
    and the committees/departments found equal guardian's own answers, with permissions
    given in every way guardian reads them (own tables, a group, the generic table — which
    guardian ignores for a model with its own table)."""
    group = Group.objects.create(name="联络组")
    assign_perm(OVERSEE_COMMITTEE, group, org.culture)
    org.unit.groups.add(group)
    UserObjectPermission.objects.assign_perm("work_in_committee", org.unit, org.education)
    GroupObjectPermission.objects.assign_perm("act_for_department", group, org.other_department)
    people = [getattr(o, role) for o in (org, other_org) for role in PEOPLE]
    objects = [
        org.body,
        other_org.body,
        *Committee.objects.all(),
        *Department.objects.all(),
        *Member.objects.all(),
    ]
    for person in people:
        user = _fresh(person)
        checker = ObjectPermissionChecker(_fresh(person))
        for obj in objects:
            assert perms_on(user, obj) == set(checker.get_perms(obj)), (person, obj)
        for perms in (
            [WORK_IN_COMMITTEE],
            [OVERSEE_COMMITTEE],
            [WORK_IN_COMMITTEE, OVERSEE_COMMITTEE],
        ):
            guardian = get_objects_for_user(
                person,
                perms,
                Committee.objects.filter(body_id=person.body_id),
                any_perm=True,
                accept_global_perms=False,
                with_superuser=False,
            )
            assert set(committees_where(user, *perms)) == set(guardian), (person, perms)
        guardian = get_objects_for_user(
            person,
            ACT_FOR_DEPARTMENT,
            Department.objects.filter(body_id=person.body_id),
            accept_global_perms=False,
            with_superuser=False,
        )
        assert set(departments_where(user)) == set(guardian), person


PEOPLE = (
    "office",
    "staff",
    "vice_chair",
    "member_user",
    "other_member_user",
    "unit",
    "reviewer",
    "editor",
)
