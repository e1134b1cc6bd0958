"""Activity pages: who sees what (IDOR: 404 for what is not yours, 403 for what you may see
but not do, the database unchanged), outputs (type checks, random names, served as
attachments with nosniff to those who may see the activity), no mass assignment, and the
list's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, ActivityInvitation, ActivityOutput
from committees.services import activities as services

from . import committee_work_helpers as h

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_members_see_announced_activities_they_are_invited_to_and_public_ones(client, org):
    invited = h.published_activity(org, members=[org.member])
    public = h.published_activity(org, is_public=True)
    not_invited = h.published_activity(org, members=[org.other_member])
    draft = h.draft_activity(org)
    services.invitations_add(activity=draft, members=[org.member], by=org.staff)
    client.force_login(org.member_user)
    for activity, status in ((invited, 200), (public, 200), (not_invited, 404), (draft, 404)):
        url = reverse("committees:activity_detail", args=[activity.pk])
        assert client.get(url).status_code == status, activity.topic
    listed = client.get(reverse("committees:activity_list")).text
    assert invited.topic in listed
    assert not_invited.pk not in [
        a.pk for a in client.get(reverse("committees:activity_list")).context["page"]
    ]


def test_a_member_does_not_see_who_else_is_invited(client, org):
    activity = h.published_activity(org, members=[org.member, org.other_member])
    client.force_login(org.member_user)
    page = client.get(reverse("committees:activity_detail", args=[activity.pk])).text
    assert "我的邀请" in page
    assert org.other_member.name not in page


def test_other_committees_staff_and_other_bodies_get_404(client, org, other_org):
    activity = h.draft_activity(org)
    for user in (other_org.office, other_org.staff, org.unit, org.reviewer):
        client.force_login(user)
        for name in ("activity_detail", "activity_edit", "activity_attendance"):
            assert client.get(reverse(f"committees:{name}", args=[activity.pk])).status_code == 404
        response = client.post(reverse("committees:activity_publish", args=[activity.pk]))
        assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT


def test_the_vice_chair_and_the_office_see_but_do_not_run_a_committees_activity(client, org):
    activity = h.draft_activity(org)
    for user in (org.vice_chair, org.office):
        client.force_login(user)
        assert (
            client.get(reverse("committees:activity_detail", args=[activity.pk])).status_code == 200
        )
        assert (
            client.get(reverse("committees:activity_edit", args=[activity.pk])).status_code == 403
        )
        response = client.post(reverse("committees:activity_publish", args=[activity.pk]))
        assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT


def test_posting_fields_the_form_does_not_offer_changes_nothing(client, org):
    client.force_login(org.staff)
    start = timezone.localtime() + dt.timedelta(days=5)
    response = client.post(
        reverse("committees:activity_create"),
        {
            "type": "research",
            "committee": org.economy.pk,
            "topic": "生态保护专题调研",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "鄂托克前旗",
            # Not offered by the form:
            "status": "held",
            "owner_committee": org.education.pk,
            "body": 999,
            "checkin_token": "chosen",
            "created_by": org.office.pk,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(topic="生态保护专题调研")
    assert activity.status == Activity.Status.DRAFT
    assert activity.owner_committee == org.economy
    assert activity.body == org.body
    assert activity.checkin_token != "chosen"
    assert activity.created_by == org.staff


def test_staff_cannot_pick_another_committee_in_the_form(client, org):
    client.force_login(org.staff)
    start = timezone.localtime() + dt.timedelta(days=5)
    response = client.post(
        reverse("committees:activity_create"),
        {
            "type": "research",
            "committee": org.education.pk,
            "topic": "越权",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "x",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.filter(topic="越权").exists()


def test_a_member_answers_only_his_own_invitation(client, org):
    activity = h.published_activity(org, members=[org.member, org.other_member])
    theirs = ActivityInvitation.objects.get(activity=activity, member=org.other_member)
    client.force_login(org.member_user)
    response = client.post(
        reverse("committees:invitation_respond", args=[theirs.pk]),
        {"response": "leave", "reason": "x"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.response == "pending"


def test_my_activities_is_for_members(client, org):
    h.published_activity(org, members=[org.member], topic="邀请我的活动")
    client.force_login(org.member_user)
    assert "邀请我的活动" in client.get(reverse("committees:my_activities")).text
    client.force_login(org.office)
    assert client.get(reverse("committees:my_activities")).status_code == 403


# ---- outputs ------------------------------------------------------------------------------------


@pytest.fixture
def held(org) -> Activity:
    return h.held_activity(
        org, day=timezone.localdate() - dt.timedelta(days=1), present=[org.member]
    )


def _upload(client, activity, name: str, content: bytes, kind: str = "minutes"):
    return client.post(
        reverse("committees:output_add", args=[activity.pk]),
        {"kind": kind, "title": "", "file": SimpleUploadedFile(name, content)},
    )


def test_outputs_are_checked_and_stored_under_random_names(client, org, held):
    client.force_login(org.staff)
    _upload(client, held, "../../etc/会议纪要.pdf", PDF)
    output = ActivityOutput.objects.get()
    assert output.original_name == "会议纪要.pdf"
    assert "会议纪要" not in output.file.name and ".." not in output.file.name
    assert output.file.name.startswith("activities/") and output.file.name.endswith(".pdf")
    assert output.content_type == "application/pdf"
    # A script renamed to .pdf, an HTML file, a PDF as a "photo": refused, nothing saved.
    for name, content, kind in (
        ("x.pdf", b"<script>alert(1)</script>", "minutes"),
        ("x.html", b"<html></html>", "minutes"),
        ("photo.pdf", PDF, "photo"),
    ):
        response = _upload(client, held, name, content, kind)
        assert response.status_code == 400  # the page again, with the error
    assert ActivityOutput.objects.count() == 1
    _upload(client, held, "现场.png", PNG, "photo")
    assert ActivityOutput.objects.filter(kind="photo").count() == 1


def test_outputs_are_served_as_attachments_to_those_who_see_the_activity(
    client, org, other_org, held
):
    client.force_login(org.staff)
    _upload(client, held, "纪要.pdf", PDF)
    output = ActivityOutput.objects.get()
    url = reverse("committees:output_file", args=[output.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(org.member_user)  # invited: sees it
    assert client.get(url).status_code == 200
    for user in (org.other_member_user, other_org.office, org.unit):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(org.member_user)
    assert client.post(reverse("committees:output_delete", args=[output.pk])).status_code == 403
    assert ActivityOutput.objects.count() == 1


def test_the_activity_list_uses_a_constant_number_of_queries(client, org):
    client.force_login(org.staff)
    url = reverse("committees:activity_list")
    day = timezone.localdate() - dt.timedelta(days=2)
    h.held_activity(org, day=day, present=[org.member])
    client.get(url)

    def count() -> int:
        cache.clear()  # the list's total counted too, not kept from before (portal.paging)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(25):
        h.held_activity(
            org, day=day, present=[org.member], topic=f"活动{n}", groups=[org.economy_group]
        )
    assert count() == few
    assert few <= 15


def test_a_refused_form_on_the_activity_page_keeps_what_was_typed(client, org):
    """Issue 10, defect 1: the activity page's forms come back with the input and the
    errors instead of redirecting to empty forms."""
    activity = h.published_activity(org, members=[org.member])
    client.force_login(org.staff)
    url = reverse("committees:participant_add", args=[activity.pk])
    response = client.post(url, {"kind": "official", "name": "", "unit": "市统计局副局长"})
    assert response.status_code == 400
    assert "市统计局副局长" in response.text
    assert not activity.participants.exists()
    response = client.post(
        reverse("committees:output_add", args=[activity.pk]),
        {
            "kind": "photo",
            "title": "现场照片第一组",
            "file": SimpleUploadedFile("照片.png", b"%PDF-1.4 not an image"),
        },
    )
    assert response.status_code == 400
    assert "现场照片第一组" in response.text
    assert not ActivityOutput.objects.filter(activity=activity).exists()
    response = client.post(
        reverse("committees:activity_cancel", args=[activity.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED


def _listed_total(client) -> int:
    return client.get(reverse("committees:activity_list")).context["page"].paginator.count


def test_the_lists_total_is_kept_and_follows_each_change(client, org, django_assert_num_queries):
    """The list's "共 N 项" is kept between requests (portal.paging) and changes with a new
    activity, an invitation, an activity leaving the list and a role granted or taken."""
    from committees.selectors.activities import ACTIVITY_COUNTS, ActivityFilters, activity_list
    from portal.models import Role, RoleAssignment, User
    from portal.paging import CountedPaginator
    from portal.services import role_grant, role_revoke

    h.published_activity(org, members=[org.member])
    client.force_login(org.member_user)
    assert _listed_total(client) == 1
    paginator = CountedPaginator(
        activity_list(org.member_user, ActivityFilters()), 30,
        counts=ACTIVITY_COUNTS, body_id=org.body.pk,
    )  # fmt: skip
    with django_assert_num_queries(0):
        assert paginator.count == 1  # kept: not counted again

    hidden = h.published_activity(org, members=[org.other_member])
    assert _listed_total(client) == 1  # not his
    services.invitations_add(activity=hidden, members=[org.member], by=org.staff)
    assert _listed_total(client) == 2  # invited now
    h.published_activity(org, is_public=True)
    assert _listed_total(client) == 3
    h.draft_activity(org, is_public=True)
    assert _listed_total(client) == 3  # a draft is not shown to members

    client.force_login(org.staff)
    staff_total = _listed_total(client)
    assert staff_total == 4  # his committee's four
    client.force_login(org.vice_chair)
    culture_staff = User.objects.create_user("culture_staff", body=org.body)
    role_grant(
        user=culture_staff, role=Role.COMMITTEE_STAFF, body=org.body, committee=org.culture,
        by=None,
    )  # fmt: skip
    culture = h.published_activity(org, committee=org.culture, by=culture_staff)
    assert culture.owner_committee_id == org.culture.pk
    before = _listed_total(client)
    assignment = role_grant(
        user=org.vice_chair, role=Role.VICE_CHAIR, body=org.body, committee=org.culture, by=None
    )
    assert _listed_total(client) == before + 1  # the culture committee's activity too
    role_revoke(assignment=RoleAssignment.objects.get(pk=assignment.pk), by=None)
    assert _listed_total(client) == before
