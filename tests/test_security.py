"""QUALITY.md items 1, 3, 4, 6, 7, 8, 16, 18 for the foundation's pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import get_perms

from portal.models import Role, RoleAssignment
from portal.services import role_grant, role_revoke, user_set_active

from .factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def test_deploy_check_passes_with_production_settings():
    # A clean environment: the test settings put test-only values into os.environ.
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-9f3a",
        "ALLOWED_HOSTS": "lzt.example.gov.cn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# IDOR (item 3) ------------------------------------------------------------------------------


def test_a_member_cannot_read_or_edit_another_members_record(org, client):
    client.force_login(org.member_user)
    other = org.other_member
    assert client.get(reverse("members:member_detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("members:member_edit", args=[other.pk]),
        {"phone": "13800000000", "email": "x@example.cn", "address": "x", "version": other.version},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.phone != "13800000000"


def test_staff_cannot_open_members_outside_their_committee(org, client):
    client.force_login(org.staff)
    assert (
        client.get(reverse("members:member_detail", args=[org.other_member.pk])).status_code == 404
    )
    listed = client.get(reverse("members:member_list")).context["page"].object_list
    assert org.member in listed and org.other_member not in listed


def test_another_bodys_office_sees_none_of_our_records(org, other_org, client):
    client.force_login(other_org.office)
    listed = list(client.get(reverse("members:member_list")).context["page"].object_list)
    assert listed and all(m.body_id == other_org.body.pk for m in listed)
    for name, pk in [
        ("members:member_detail", org.member.pk),
        ("members:committee_detail", org.economy.pk),
        ("organisation:department_detail", org.department.pk),
        ("organisation:user_detail", org.staff.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


# Mass assignment (item 4) -------------------------------------------------------------------


def test_a_member_editing_his_contact_data_cannot_change_anything_else(org, client):
    client.force_login(org.member_user)
    member = org.member
    response = client.post(
        reverse("members:member_edit", args=[member.pk]),
        {
            "phone": "13912345678",
            "email": "zhou@example.cn",
            "address": "康巴什区",
            "version": member.version,
            "is_standing": "on",
            "sector": org.education_sector.pk,
            "code": "HACK",
            "name": "改名",
            "body": org.body.pk,
            "user": org.office.pk,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "13912345678"
    assert (member.is_standing, member.sector, member.code, member.name, member.user) == (
        False,
        org.economy_sector,
        "W0001",
        "周委员",
        org.member_user,
    )


def test_staff_editing_the_committee_profile_cannot_change_its_kind_or_body(org, client):
    client.force_login(org.staff)
    client.post(
        reverse("organisation:committee_edit", args=[org.economy.pk]),
        {
            "description": "新的职责简介",
            "phone": "0477-1",
            "office_address": "市政协",
            "kind": "proposals",
            "name": "被改名",
            "body": 999,
            "is_active": "",
        },
    )
    org.economy.refresh_from_db()
    assert org.economy.description == "新的职责简介"
    assert (org.economy.kind, org.economy.name, org.economy.is_active) == (
        "economy",
        "经济委员会",
        True,
    )


def test_a_stale_form_is_told_of_the_conflict(org, client):
    client.force_login(org.office)
    url = reverse("members:member_edit", args=[org.member.pk])
    form = client.get(url).context["form"]
    stale = {k: v for k, v in form.initial.items() if v is not None}
    stale.update(sector=org.economy_sector.pk, version=org.member.version)
    client.force_login(org.member_user)
    client.post(
        url, {"phone": "13700000001", "email": "", "address": "", "version": org.member.version}
    )
    client.force_login(org.office)
    stale["employer"] = "新单位"
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    org.member.refresh_from_db()
    assert org.member.phone == "13700000001" and org.member.employer != "新单位"


# Permissions follow changes (item 6) ---------------------------------------------------------


def test_a_revoked_role_takes_effect_on_the_next_request(org, client):
    client.force_login(org.staff)
    url = reverse("members:committee_roster_pdf", args=[org.economy.pk])
    edit = reverse("organisation:committee_edit", args=[org.economy.pk])
    assert client.get(edit).status_code == 200
    assignment = RoleAssignment.objects.get(user=org.staff, role=Role.COMMITTEE_STAFF)
    role_revoke(assignment=assignment, by=org.office)
    assert get_perms(org.staff, org.economy) == []
    assert client.get(edit).status_code == 403
    assert client.get(url).status_code == 403


def test_a_granted_role_brings_its_permission(org):
    role_grant(
        user=org.reviewer,
        role=Role.COMMITTEE_STAFF,
        body=org.body,
        committee=org.education,
        by=org.office,
    )
    assert org.reviewer.has_perm("organisation.work_in_committee", org.education)
    assert not org.reviewer.has_perm("organisation.work_in_committee", org.economy)


def test_an_ended_membership_removes_the_member_from_staff_lists(org, client):
    from django.utils import timezone

    from members.services import membership_end

    membership_end(
        membership=org.member.memberships.get(),
        end_date=timezone.localdate() - __import__("datetime").timedelta(days=1),
        reason="调离",
        by=org.office,
    )
    client.force_login(org.staff)
    assert client.get(reverse("members:member_detail", args=[org.member.pk])).status_code == 404


def test_one_vice_chair_per_committee(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        role_grant(
            user=org.reviewer,
            role=Role.VICE_CHAIR,
            body=org.body,
            committee=org.economy,
            by=org.office,
        )


# CSRF (item 7) -------------------------------------------------------------------------------


def test_a_post_without_csrf_token_is_refused(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.office)
    response = client.post(
        reverse("organisation:user_set_active", args=[org.reviewer.pk]), {"active": "0"}
    )
    assert response.status_code == 403
    org.reviewer.refresh_from_db()
    assert org.reviewer.is_active


# Sessions and logins (item 8) ---------------------------------------------------------------


def test_login_rotates_the_session_and_logout_kills_it(org):
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    response = client.post(reverse("login"), {"username": org.staff.username, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    stolen = Client()
    stolen.cookies["sessionid"] = after
    assert stolen.get(reverse("portal:home")).status_code == 200
    client.post(reverse("logout"))
    assert stolen.get(reverse("portal:home")).status_code == 302


def test_a_deactivated_users_open_session_is_refused(org):
    client = Client()
    client.post(reverse("login"), {"username": org.reviewer.username, "password": PASSWORD})
    assert SESSION_KEY in client.session
    user_set_active(user=org.reviewer, active=False, by=org.office)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_repeated_failed_logins_are_throttled(org):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        client.post(reverse("login"), {"username": org.staff.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": org.staff.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "暂停登录" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_password_change_keeps_the_user_logged_in_and_requires_the_old_password(org):
    client = Client()
    client.force_login(org.staff)
    bad = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Nw-pass-2026x",
            "new_password2": "Nw-pass-2026x",
        },
    )
    assert bad.status_code == 200
    good = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nw-pass-2026x",
            "new_password2": "Nw-pass-2026x",
        },
    )
    assert good.status_code == 302
    org.staff.refresh_from_db()
    assert org.staff.check_password("Nw-pass-2026x")


# History (item 16) ----------------------------------------------------------------------------


def test_changes_through_the_ui_are_in_history_with_the_user(org, client):
    client.force_login(org.office)
    client.post(
        reverse("organisation:department_edit", args=[org.department.pk]),
        {
            "name": "市发展和改革委员会",
            "kind": "government",
            "is_handling_unit": "on",
            "contact_person": "刘科长",
            "contact_phone": "0477-8888",
            "address": "",
            "is_active": "on",
        },
    )
    latest = org.department.history.first()
    assert latest.history_user == org.office and latest.contact_person == "刘科长"
    page = client.get(reverse("portal:history") + "?source=department").content.decode()
    assert "刘科长" in page and "办公室张主任" in page


def test_staff_cannot_edit_history(org, client):
    client.force_login(org.staff)
    assert client.get(reverse("portal:history")).status_code == 403
    assert client.get("/admin/members/historicalmember/").status_code == 302  # not admin staff


# Error pages (item 18) -----------------------------------------------------------------------


def test_404_is_generic_and_chinese(org, client, settings):
    settings.DEBUG = False
    client.force_login(org.member_user)
    response = client.get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "Traceback" not in body


def test_500_is_generic_and_chinese(org, settings):
    from portal.errors import server_error

    response = server_error(None)
    body = response.content.decode()
    assert response.status_code == 500 and "系统繁忙" in body and "Traceback" not in body


def test_members_have_guardian_rights_only_on_their_own_record(org):
    assert org.member_user.has_perm("members.change_member", org.member)
    assert not org.member_user.has_perm("members.change_member", org.other_member)
    assert not org.member_user.has_perm("members.change_member")  # no global permission
    assert not org.other_member_user.has_perm("members.view_member", org.member)
