"""Issue 10, defect 1, on the member's page: opening a login or moving the member to
another committee, refused, comes back with what was typed (not a redirect to empty
forms)."""

from __future__ import annotations

from django.urls import reverse

from members.models import Member


def test_a_refused_login_keeps_the_username_typed_and_opens_nothing(client, org):
    from tests.test_permission_matrix import _unlinked_member

    member = Member.objects.get(pk=_unlinked_member(org))
    client.force_login(org.office)
    url = reverse("members:member_open_account", args=[member.pk])
    taken = org.member_user.username  # somebody's login already
    response = client.post(url, {"username": taken, "password": "Lz-open-2026"})
    assert response.status_code == 400
    assert f'value="{taken}"' in response.text
    assert "Lz-open-2026" not in response.text  # a password is never sent back
    member.refresh_from_db()
    assert member.user_id is None
    response = client.post(url, {"username": "fengweiyuan", "password": "Lz-open-2026"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user.username == "fengweiyuan"


def test_a_refused_transfer_keeps_the_reason_typed(client, org):
    client.force_login(org.office)
    url = reverse("members:membership_transfer", args=[org.member.pk])
    response = client.post(
        url,
        {"committee": org.proposals.pk, "role": "member", "on_date": "", "reason": "工作需要调整"},
    )
    assert response.status_code == 400
    assert "工作需要调整" in response.text
    assert org.member.memberships.get(end_date__isnull=True).committee == org.economy
