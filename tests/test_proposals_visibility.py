"""Who sees which proposal (issue 3: visibility; QUALITY.md items 3, 4, 6, 7, 9, 12): lists
and pages agree, nobody reaches another's proposal or file by its id, forms ignore fields
they do not offer, role changes apply at once, and user text is escaped."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.models import Role, RoleAssignment
from portal.services import role_revoke
from proposals import services
from proposals.models import Attachment, Proposal
from proposals.selectors import proposals_visible_to

from . import proposals_helpers as h

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def visible(user) -> set[int]:
    return set(proposals_visible_to(user).values_list("pk", flat=True))


def people(org, other_org):
    return {
        "member": org.member_user,
        "other_member": org.other_member_user,
        "staff": org.staff,
        "vice_chair": org.vice_chair,
        "unit": org.unit,
        "reviewer": org.reviewer,
        "editor": org.editor,
        "office": org.office,
        "outsider": other_org.office,
    }


@pytest.mark.parametrize(
    "state,seen_by",
    [
        ("draft", {"member"}),
        ("awaiting", {"member", "other_member"}),
        ("submitted", {"member", "reviewer", "office"}),
        ("assigned", {"member", "reviewer", "office", "unit"}),
        ("collective", {"staff", "reviewer", "office"}),
    ],
)
def test_each_state_is_seen_by_exactly_the_right_people(org, other_org, client, state, seen_by):
    proposal = {
        "draft": lambda: h.draft(org),
        "awaiting": lambda: h.joint_awaiting(org),
        "submitted": lambda: h.submitted(org),
        "assigned": lambda: h.assigned(org),
        "collective": lambda: h.submitted(
            org, by=org.staff, kind="collective", organiser=org.economy
        ),
    }[state]()
    for name, user in people(org, other_org).items():
        expected = name in seen_by
        assert (proposal.pk in visible(user)) is expected, name
        client.force_login(user)
        response = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
        assert response.status_code == (200 if expected else 404), name
        listed = client.get(reverse("proposals:proposal_list")).context["page"].object_list
        assert (proposal in listed) is expected, name


def test_a_declined_co_signer_no_longer_sees_the_submitted_proposal(org):
    proposal = h.joint_awaiting(org)
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=False)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.pk not in visible(org.other_member_user)


def test_a_unit_loses_a_proposal_it_returned_and_a_revoked_unit_sees_nothing(org, client):
    proposal = h.assigned(org)
    client.force_login(org.unit)
    url = reverse("proposals:proposal_detail", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("proposals:assignment_return", args=[h.lead_assignment(proposal).pk]),
        {"comment": "不属于本单位职责"},
    )
    assert response["Location"] == reverse("proposals:unit_inbox")
    assert client.get(url).status_code == 404
    other = h.assigned(org, title="另一件")
    assert client.get(reverse("proposals:proposal_detail", args=[other.pk])).status_code == 200
    role_revoke(
        assignment=RoleAssignment.objects.get(user=org.unit, role=Role.HANDLING_UNIT), by=None
    )
    assert client.get(reverse("proposals:proposal_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("proposals:unit_inbox")).status_code == 403


def test_the_supervising_vice_chair_sees_his_key_proposal(org, client):
    proposal = h.filed(org)
    assert proposal.pk not in visible(org.vice_chair)
    services.proposal_set_key(
        proposal=proposal, by=org.office, is_key=True, leader="王副市长", supervisor=org.vice_chair
    )
    assert proposal.pk in visible(org.vice_chair)


def test_merged_proposers_see_the_target(org):
    target = h.filed(org)
    merged = h.submitted(org, by=org.other_member_user, title="相近的提案")
    assert target.pk not in visible(org.other_member_user)
    services.proposal_decide(
        proposal=merged, by=org.reviewer, review=services.Review("merge", target=target)
    )
    assert target.pk in visible(org.other_member_user)


# IDOR ---------------------------------------------------------------------------------------


def test_another_member_cannot_read_change_or_act_on_a_proposal(org, client):
    proposal = h.draft(org)
    attachment = services.attachment_add(
        proposal=proposal,
        by=org.member_user,
        upload=SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf"),
    )
    client.force_login(org.other_member_user)
    pk = proposal.pk
    for name, method, args, data in [
        ("proposals:proposal_detail", "get", [pk], {}),
        ("proposals:proposal_edit", "get", [pk], {}),
        ("proposals:proposal_edit", "post", [pk], {"title": "篡改", "kind": "individual"}),
        ("proposals:proposal_submit", "post", [pk], {}),
        ("proposals:proposal_withdraw", "post", [pk], {}),
        ("proposals:proposal_pdf", "get", [pk], {}),
        ("proposals:attachment_upload", "post", [pk], {}),
        ("proposals:attachment_download", "get", [attachment.pk], {}),
        ("proposals:attachment_delete", "post", [attachment.pk], {}),
    ]:
        response = getattr(client, method)(reverse(name, args=args), data)
        assert response.status_code == 404, name
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == (h.TITLE, "draft")
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_the_office_of_another_body_reaches_nothing(org, other_org, client):
    proposal = h.replied(org)
    client.force_login(other_org.office)
    assignment = h.lead_assignment(proposal)
    for name, args in [
        ("proposals:proposal_detail", [proposal.pk]),
        ("proposals:proposal_assign", [proposal.pk]),
        ("proposals:assignment_reply", [assignment.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    response = client.post(
        reverse("proposals:proposal_close", args=[proposal.pk]), {"comment": "x"}
    )
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == "replied"
    listed = client.get(reverse("proposals:proposal_list")).context["page"].object_list
    assert proposal not in listed


def test_attachments_follow_the_proposal_and_are_served_as_downloads(org, client):
    proposal = h.draft(org)
    attachment = services.attachment_add(
        proposal=proposal,
        by=org.member_user,
        upload=SimpleUploadedFile("../../etc/调研报告.pdf", PDF, content_type="text/html"),
    )
    assert attachment.name == "调研报告.pdf"
    assert "etc" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    url = reverse("proposals:attachment_download", args=[attachment.pk])
    client.force_login(org.office)
    assert client.get(url).status_code == 404  # a draft: its author only
    services.proposal_submit(proposal=proposal, by=org.member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(org.unit)
    assert client.get(url).status_code == 404


# Mass assignment, CSRF, XSS ------------------------------------------------------------------


def test_the_edit_form_ignores_fields_it_does_not_offer(org, client):
    proposal = h.draft(org)
    client.force_login(org.member_user)
    response = client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]),
        {
            "kind": "individual",
            "title": "新标题",
            "category": "economy",
            "reasons": "案由",
            "suggestions": "建议",
            "version": proposal.version,
            "status": "filed",
            "number": "2026-9999",
            "author": org.office.pk,
            "body": 999,
            "is_key": "on",
            "round": 2,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "新标题"
    assert (proposal.status, proposal.number, proposal.author, proposal.is_key) == (
        "draft",
        "",
        org.member_user,
        False,
    )
    assert (proposal.body, proposal.round) == (org.body, 1)


def test_state_changes_need_a_csrf_token(org):
    proposal = h.draft(org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:proposal_withdraw", args=[proposal.pk]))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "draft"


PAYLOADS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>点我</a>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_is_escaped_on_the_page_and_in_the_pdf_html(org, client, payload):
    from django.template.loader import render_to_string

    proposal = h.submitted(org, title=f"关于{payload}的建议", reasons=payload, suggestions=payload)
    client.force_login(org.office)
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert payload not in page
    assert "&lt;" in page
    html = render_to_string(
        "proposals/proposal_pdf.html",
        {"proposal": proposal, "signers": [], "replies": [], "history": []},
    )
    assert payload not in html


def test_the_offices_change_history_shows_proposals_once_submitted(org, client):
    proposal = h.draft(org, title="关于尚在起草的建议")
    client.force_login(org.office)
    url = reverse("portal:history")
    for source in ("", "?source=proposal", "?source=proposal_signer"):
        assert "尚在起草" not in client.get(url + source).content.decode()
    services.proposal_submit(proposal=proposal, by=org.member_user)
    page = client.get(url + "?source=proposal").content.decode()
    assert "尚在起草" in page and org.member_user.full_name in page


def _listed_total(client: Client) -> int:
    return client.get(reverse("proposals:proposal_list")).context["page"].paginator.count


def test_the_lists_total_is_kept_and_follows_each_change(org, client):
    """The list's total is kept between requests (portal.paging) and follows what decides
    who sees a proposal: an invitation to co-sign, a declined one, a unit's assignment and
    its return, a role taken away."""
    client.force_login(org.other_member_user)
    assert _listed_total(client) == 0
    proposal = h.joint_awaiting(org)
    assert _listed_total(client) == 1  # asked to co-sign
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=False)
    assert _listed_total(client) == 0  # declined: the draft is no longer his to see

    client.force_login(org.unit)
    assert _listed_total(client) == 0
    assigned = h.assigned(org)
    assert _listed_total(client) == 1
    client.post(
        reverse("proposals:assignment_return", args=[h.lead_assignment(assigned).pk]),
        {"comment": "不属于本单位职责"},
    )
    assert _listed_total(client) == 0
    h.assigned(org, title="另一件")
    assert _listed_total(client) == 1
    role_revoke(
        assignment=RoleAssignment.objects.get(user=org.unit, role=Role.HANDLING_UNIT), by=None
    )
    assert _listed_total(client) == 0
