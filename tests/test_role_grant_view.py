"""The role-grant page does what it says (issue 8: the permission matrix saw a 302 whether
or not the view called its service): the office's grant is stored and takes effect; a
refused grant stores nothing."""

from __future__ import annotations

from django.urls import reverse

from portal.models import Role, RoleAssignment


def _grants(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def test_the_office_grants_a_role_and_it_is_stored(client, org):
    client.force_login(org.office)
    before = _grants(org.reviewer)
    response = client.post(
        reverse("organisation:role_grant", args=[org.reviewer.pk]),
        {"role": Role.ARCHIVES_EDITOR},
    )
    assert response.status_code == 302
    assert _grants(org.reviewer) == before | {Role.ARCHIVES_EDITOR}
    assert org.reviewer.has_perm("organisation.edit_archives", org.body)


def test_a_grant_by_someone_else_stores_nothing(client, org):
    client.force_login(org.staff)
    before = _grants(org.reviewer)
    client.post(
        reverse("organisation:role_grant", args=[org.reviewer.pk]),
        {"role": Role.ARCHIVES_EDITOR},
    )
    assert _grants(org.reviewer) == before
