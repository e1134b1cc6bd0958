"""Object permissions are read once per object within a request (portal.backends): a page
asking about one committee for each of its buttons queries the permission tables once;
a new user object (the next request) sees a revoked role."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE
from portal.models import RoleAssignment, User
from portal.services import role_revoke


def test_the_same_object_is_asked_about_with_one_read(org):
    staff = User.objects.get(pk=org.staff.pk)
    with CaptureQueriesContext(connection) as first:
        assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    with CaptureQueriesContext(connection) as again:
        for _ in range(5):
            assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
            assert not staff.has_perm(OVERSEE_COMMITTEE, org.economy)
    assert len(first) > 0
    assert len(again) == 0


def test_another_object_is_read_on_its_own(org):
    staff = User.objects.get(pk=org.staff.pk)
    assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    with CaptureQueriesContext(connection) as other:
        assert not staff.has_perm(WORK_IN_COMMITTEE, org.education)
    assert len(other) > 0


def test_a_revoked_role_shows_on_the_next_request(org):
    staff = User.objects.get(pk=org.staff.pk)
    assert staff.has_perm(WORK_IN_COMMITTEE, org.economy)
    assignment = RoleAssignment.objects.get(user=org.staff, committee=org.economy)
    role_revoke(assignment=assignment, by=org.office)
    # the next request loads the user anew
    assert not User.objects.get(pk=org.staff.pk).has_perm(WORK_IN_COMMITTEE, org.economy)


def test_an_inactive_user_has_no_object_permission(org):
    staff = User.objects.get(pk=org.staff.pk)
    staff.is_active = False
    assert not staff.has_perm(WORK_IN_COMMITTEE, org.economy)
