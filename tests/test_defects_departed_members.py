"""Issue 10, defect 9: a member whose seat ended (离任) is not in the default member list
flagged 未入委; the list filters 在任 / 离任; he reads as 离任 with the day and the reason; he
is offered neither 调整专委会 nor 开通账号, and the services refuse both if posted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import CommitteeMembership, MemberTerm

from . import committee_work_helpers as h


def _leave(member, days_ago: int = 10, reason: str = "工作调动") -> dt.date:
    """End the member's seat and committee membership `days_ago` days ago."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    MemberTerm.objects.filter(member=member).update(end_date=day, end_reason=reason)
    CommitteeMembership.objects.filter(member=member, end_date__isnull=True).update(
        end_date=day, end_reason=reason
    )
    return day


@pytest.fixture
def departed(org):
    member = h.new_member(org, name="离任的郑委员")
    return member, _leave(member)


def _rows(client, **params) -> str:
    response = client.get(reverse("members:member_list"), params)
    assert response.status_code == 200
    return response.content.decode().split('id="member-table"', 1)[1]


def test_the_default_list_holds_members_in_office_only(client, org, departed):
    member, _day = departed
    client.force_login(org.office)
    rows = _rows(client)
    assert org.member.name in rows
    assert member.name not in rows
    assert _rows(client, tenure="current") == rows


def test_the_departed_filter_shows_when_and_why_they_left(client, org, departed):
    member, day = departed
    client.force_login(org.office)
    rows = _rows(client, tenure="departed")
    assert member.name in rows
    assert org.member.name not in rows
    assert "离任" in rows and day.isoformat() in rows and "工作调动" in rows
    assert "未入委" not in rows
    everyone = _rows(client, tenure="all")
    assert member.name in everyone and org.member.name in everyone


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_export_follows_the_filter(client, org, departed):
    member, _day = departed
    client.force_login(org.office)
    csv = _csv(client.get(reverse("members:member_export", args=["csv"])))
    assert member.name not in csv
    csv = _csv(client.get(reverse("members:member_export", args=["csv"]), {"tenure": "departed"}))
    assert member.name in csv and "离任" in csv


def test_a_departed_member_is_offered_no_transfer_nor_account(client, org, departed):
    member, day = departed
    client.force_login(org.office)
    page = client.get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert 'id="departed"' in page and day.isoformat() in page
    assert reverse("members:membership_transfer", args=[member.pk]) not in page
    assert reverse("members:member_open_account", args=[member.pk]) not in page
    # A member in office still gets both.
    page = client.get(reverse("members:member_detail", args=[org.other_member.pk])).content
    assert reverse("members:membership_transfer", args=[org.other_member.pk]) in page.decode()


def test_the_services_refuse_a_departed_member(client, org, departed):
    member, _day = departed
    with pytest.raises(ValidationError, match="离任"):
        services.member_open_account(
            member=member, username="gone", password="Zz-9a8b7c6d5", by=org.office
        )
    with pytest.raises(ValidationError, match="离任"):
        services.membership_transfer(
            member=member,
            committee=org.proposals,
            on_date=timezone.localdate(),
            reason="调整",
            by=org.office,
        )
    client.force_login(org.office)
    client.post(
        reverse("members:member_open_account", args=[member.pk]),
        {"username": "gone", "password": "Zz-9a8b7c6d5"},
    )
    client.post(
        reverse("members:membership_transfer", args=[member.pk]),
        {
            "committee": org.proposals.pk,
            "role": "member",
            "on_date": timezone.localdate().isoformat(),
            "reason": "调整",
        },
    )
    member.refresh_from_db()
    assert member.user_id is None
    assert not member.memberships.filter(committee=org.proposals).exists()
