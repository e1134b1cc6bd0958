"""Issue 10, defect 13 (the smaller ones): the role picker has no pre-selected role; a new
summary is announced as a summary; 标记为已举行 only once the activity has started;
取消邀请 not on held activities; a favicon; the admin's portal home links to /admin/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committees.models import ActivityInvitation, WorkPlan
from committees.services import activities as services
from portal.models import RoleAssignment

from . import committee_work_helpers as h
from .factories import UserFactory


def _role_select(html: str) -> str:
    return re.search(r'<select[^>]*name="role"[^>]*>.*?</select>', html, re.S).group(0)


def test_the_role_picker_has_no_role_chosen_in_advance(client, org):
    account = UserFactory(body=org.body, username="newcomer")
    client.force_login(org.office)
    page = client.get(reverse("organisation:user_detail", args=[account.pk]))
    select = _role_select(page.content.decode())
    first = re.search(r"<option[^>]*>", select).group(0)
    assert 'value=""' in first and "selected" in first
    assert "required" in select.split(">", 1)[0]
    assert not re.search(r'<option value="office"[^>]*selected', select)

    # Posting without a role grants nothing and says why.
    response = client.post(
        reverse("organisation:role_grant", args=[account.pk]),
        {"role": "", "committee": "", "department": ""},
        follow=True,
    )
    assert not RoleAssignment.objects.filter(user=account).exists()
    assert "请选择要授予的角色" in response.content.decode()


def test_a_new_summary_is_announced_as_a_summary(client, org):
    client.force_login(org.staff)
    response = client.post(
        reverse("committees:plan_create", args=[org.economy.pk]),
        {"kind": WorkPlan.Kind.ANNUAL_SUMMARY, "year": timezone.localdate().year, "content": "x"},
        follow=True,
    )
    text = response.content.decode()
    assert WorkPlan.objects.filter(kind=WorkPlan.Kind.ANNUAL_SUMMARY).exists()
    assert "已创建草稿（年度工作总结），请完善总结正文" in text
    assert "添加计划事项" not in text


def test_a_future_activity_is_not_offered_as_held_nor_can_be_marked(client, org):
    activity = h.published_activity(
        org, members=[org.member], starts_at=timezone.now() + dt.timedelta(days=2)
    )
    client.force_login(org.staff)
    page = client.get(reverse("committees:activity_detail", args=[activity.pk]))
    assert 'id="activity-held"' not in page.content.decode()
    client.post(reverse("committees:activity_mark_held", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.status == "published"

    started = h.published_activity(
        org, members=[org.member], starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    page = client.get(reverse("committees:activity_detail", args=[started.pk]))
    assert 'id="activity-held"' in page.content.decode()


def test_a_held_activity_offers_no_withdrawal_of_invitations_and_refuses_it(client, org):
    activity = h.held_activity(org, day=timezone.localdate() - dt.timedelta(days=3))
    services.invitations_add(activity=activity, members=[org.member], by=org.staff)
    invitation = ActivityInvitation.objects.get(activity=activity, member=org.member)
    client.force_login(org.staff)
    page = client.get(reverse("committees:activity_detail", args=[activity.pk]))
    assert reverse("committees:invitation_remove", args=[invitation.pk]) not in (
        page.content.decode()
    )
    client.post(reverse("committees:invitation_remove", args=[invitation.pk]))
    assert ActivityInvitation.objects.filter(pk=invitation.pk).exists()
    with pytest.raises(ValidationError):
        services.invitation_remove(invitation=invitation, by=org.staff)


def test_a_published_activity_still_offers_withdrawal(client, org):
    activity = h.published_activity(org, members=[org.member])
    invitation = ActivityInvitation.objects.get(activity=activity)
    client.force_login(org.staff)
    page = client.get(reverse("committees:activity_detail", args=[activity.pk]))
    assert reverse("committees:invitation_remove", args=[invitation.pk]) in page.content.decode()


def test_there_is_a_favicon(client, org):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert finders.find("img/favicon.ico") and finders.find("img/favicon.svg")
    client.force_login(org.member_user)
    assert 'rel="icon"' in client.get(reverse("portal:home")).content.decode()


def test_an_admin_without_a_portal_role_is_shown_the_way_to_admin(client, org):
    admin = UserFactory(body=None, username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    text = client.get(reverse("portal:home")).content.decode()
    assert 'href="/admin/"' in text
    plain = UserFactory(body=org.body, username="nobody")
    client.force_login(plain)
    text = client.get(reverse("portal:home")).content.decode()
    assert 'id="admin-link"' not in text
