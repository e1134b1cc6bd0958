"""The proposals pages as their users click through them: forms, messages, and what each
page shows. (Services are tested in test_proposals_workflow; permissions in the matrix.)"""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from proposals.models import Assignment, Attachment, Proposal, ReplyCategory

from . import proposals_helpers as h

PDF = b"%PDF-1.4\n%%EOF\n"


def said(response) -> str:
    """The last message the response carries."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def form(**overrides) -> dict:
    data = {
        "kind": "individual",
        "title": "关于推进智慧社区建设的建议",
        "category": "society",
        "reasons": "社区信息化平台分散。",
        "suggestions": "整合社区服务平台。",
    }
    data.update(overrides)
    return data


def test_a_member_writes_a_joint_draft_and_sends_it_to_his_co_signer(org, client):
    client.force_login(org.member_user)
    page = client.get(reverse("proposals:proposal_create"))
    assert [c[0] for c in page.context["form"].fields["kind"].choices] == ["individual", "joint"]
    assert "organiser" not in page.context["form"].fields
    response = client.post(
        reverse("proposals:proposal_create"), form(kind="joint", signers=[org.other_member.pk])
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("proposals:proposal_detail", args=[proposal.pk])
    assert proposal.signers.get().member == org.other_member
    response = client.post(reverse("proposals:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == "awaiting_signers"
    assert "联名人确认" in said(response)
    client.force_login(org.other_member_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "待我确认的联名提案" in home and proposal.title in home
    client.post(reverse("proposals:proposal_sign", args=[proposal.pk]), {"answer": "confirm"})
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_a_draft_form_with_errors_keeps_what_was_typed(org, client):
    client.force_login(org.member_user)
    response = client.post(reverse("proposals:proposal_create"), form(title="", reasons="原文"))
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "原文" in response.content.decode()


def test_a_stale_edit_is_refused_and_loses_nothing(org, client):
    proposal = h.draft(org)
    client.force_login(org.member_user)
    stale = proposal.version
    client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]), form(title="第一次", version=stale)
    )
    response = client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]), form(title="第二次", version=stale)
    )
    assert response.status_code == 200
    assert "已在别处被修改" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "第一次"


def test_committee_staff_write_a_collective_proposal(org, client):
    client.force_login(org.staff)
    page = client.get(reverse("proposals:proposal_create"))
    fields = page.context["form"].fields
    assert [c[0] for c in fields["kind"].choices] == ["collective"]
    assert "signers" not in fields
    client.post(
        reverse("proposals:proposal_create"),
        form(kind="collective", organiser=f"group:{org.economy_group.pk}"),
    )
    proposal = Proposal.objects.get()
    assert proposal.organiser_sector_group == org.economy_group and proposal.author == org.staff
    response = client.post(
        reverse("proposals:proposal_create"),
        form(kind="collective", organiser=f"committee:{org.education.pk}"),
    )
    assert response.status_code == 200 and response.context["form"].errors["organiser"]
    assert Proposal.objects.count() == 1


def test_attachments_are_uploaded_to_a_draft_and_refused_when_disguised(org, client):
    proposal = h.draft(org)
    client.force_login(org.member_user)
    url = reverse("proposals:attachment_upload", args=[proposal.pk])
    response = client.post(url, {"file": SimpleUploadedFile("报告.pdf", PDF)})
    assert said(response) == "附件已上传。"
    response = client.post(url, {"file": SimpleUploadedFile("报告.pdf", b"<html>")})
    assert "不符" in said(response)
    assert Attachment.objects.filter(proposal=proposal).count() == 1
    attachment = Attachment.objects.get()
    client.post(reverse("proposals:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.exists()


def test_the_reviewer_merges_by_number_and_rejects_only_with_a_ground(org, client):
    target = h.filed(org, title="关于黄河生态保护的建议")
    proposal = h.submitted(org, by=org.other_member_user, title="关于黄河流域生态保护的建议")
    client.force_login(org.reviewer)
    queue = client.get(reverse("proposals:review_queue"))
    assert proposal in queue.context["page"].object_list
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert page.context["review_form"] is not None
    url = reverse("proposals:proposal_review", args=[proposal.pk])
    response = client.post(url, {"decision": "reject"})
    assert "理由" in said(response)
    response = client.post(url, {"decision": "merge", "target_number": "2099-0001"})
    assert "找不到" in said(response)
    client.post(url, {"decision": "merge", "target_number": target.number})
    proposal.refresh_from_db()
    assert proposal.merged_into == target


def test_a_refused_review_comes_back_with_what_was_typed_and_files_nothing(org, client):
    """Issue 10, defect 1: 不予立案 without a ground comes back as typed (not set to 立案
    with the comment gone); 立案 with a ground is an error, not ignored."""
    proposal = h.submitted(org, by=org.other_member_user)
    client.force_login(org.reviewer)
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).text
    assert 'value="file" selected' not in page and "— 请选择 —" in page
    url = reverse("proposals:proposal_review", args=[proposal.pk])
    response = client.post(url, {"decision": "reject", "comment": "与去年提案重复，建议另行反映"})
    assert response.status_code == 400
    text = response.text
    assert "不予立案须选择理由" in text
    assert "与去年提案重复，建议另行反映" in text
    assert '<option value="reject" selected>' in text
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and not proposal.number
    response = client.post(url, {"decision": "file", "ground": "academic"})
    assert response.status_code == 400 and "只有不予立案才选择理由" in response.text
    response = client.post(url, {"comment": "未选"})
    assert response.status_code == 400 and "请选择审查意见" in response.text
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and not proposal.number
    client.post(url, {"decision": "reject", "ground": "academic", "comment": "学术探讨"})
    proposal.refresh_from_db()
    assert proposal.status == "not_filed" and not proposal.number


def test_the_office_assigns_separately_with_a_deadline(org, client):
    proposal = h.filed(org)
    client.force_login(org.office)
    url = reverse("proposals:proposal_assign", args=[proposal.pk])
    assert client.get(url).status_code == 200
    deadline = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        url,
        {
            "mode": "separate",
            "separate": [org.department.pk, org.other_department.pk],
            "lead": org.department.pk,
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    rows = Assignment.objects.filter(proposal=proposal)
    assert {(a.role, a.deadline) for a in rows} == {("separate", deadline)}
    assert rows.count() == 2


def test_the_unit_records_the_contact_and_replies_with_a_file(org, client):
    proposal = h.assigned(org)
    assignment = h.lead_assignment(proposal)
    client.force_login(org.unit)
    inbox = client.get(reverse("proposals:unit_inbox"))
    assert list(inbox.context["page"].object_list) == [assignment]
    reply_url = reverse("proposals:assignment_reply", args=[assignment.pk])
    category = ReplyCategory.objects.get(body=org.body, code="B")
    response = client.post(reply_url, {"category": category.pk, "text": "已列入计划"})
    assert "沟通协商" in response.content.decode()
    client.post(
        reverse("proposals:communication_record", args=[assignment.pk]),
        {"contacted_on": timezone.localdate().isoformat(), "way": "meeting", "summary": "面谈"},
    )
    response = client.post(
        reply_url,
        {
            "category": category.pk,
            "text": "已列入计划",
            "file": SimpleUploadedFile("答复函.pdf", PDF),
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "replied"
    assert proposal.attachments.get().purpose == "reply"
    done = client.get(reverse("proposals:unit_inbox") + "?show=done")
    assert list(done.context["page"].object_list) == [assignment]


def test_the_member_confirms_the_contact_and_rates(org, client):
    proposal = h.replied(org)
    communication = proposal.communications.get()
    client.force_login(org.member_user)
    client.post(
        reverse("proposals:communication_answer", args=[communication.pk]), {"answer": "confirm"}
    )
    communication.refresh_from_db()
    assert communication.answer == "confirmed"
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk]))
    assert page.context["evaluation_form"] is not None
    response = client.post(
        reverse("proposals:proposal_evaluate", args=[proposal.pk]), {"result": "dissatisfied"}
    )
    assert "理由" in said(response)
    client.post(
        reverse("proposals:proposal_evaluate", args=[proposal.pk]),
        {"result": "dissatisfied", "comment": "措施不具体"},
    )
    proposal.refresh_from_db()
    assert proposal.status == "rehandling"


def test_the_office_closes_marks_key_and_edits_reply_categories(org, other_org, client):
    proposal = h.replied(org)
    client.force_login(org.office)
    response = client.post(reverse("proposals:proposal_close", args=[proposal.pk]))
    assert "需要填写意见" in said(response)
    client.post(reverse("proposals:proposal_close", args=[proposal.pk]), {"comment": "逾期未评"})
    proposal.refresh_from_db()
    assert proposal.status == "closed"
    client.post(
        reverse("proposals:proposal_key", args=[proposal.pk]),
        {"is_key": "on", "leader": "王副市长", "supervisor": org.vice_chair.pk},
    )
    proposal.refresh_from_db()
    assert proposal.is_key and proposal.key_supervisor == org.vice_chair
    client.post(
        reverse("proposals:category_create"),
        {"code": "D", "name": "已作说明", "order": 4, "is_active": "on"},
    )
    assert ReplyCategory.objects.filter(body=org.body, code="D").exists()
    theirs = ReplyCategory.objects.get(body=other_org.body, code="A")
    response = client.post(
        reverse("proposals:category_edit", args=[theirs.pk]), {"code": "A", "name": "改"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "已解决或采纳"


def test_new_bodies_start_with_the_standard_reply_categories(org):
    codes = list(ReplyCategory.objects.filter(body=org.body).values_list("code", flat=True))
    assert codes == ["A", "B", "C"]


def test_the_progress_page_lists_overdue_and_due_soon(org, client):
    overdue = h.assigned(org, title="逾期的")
    soon = h.assigned(org, title="将到期的")
    today = timezone.localdate()
    for proposal, day in ((overdue, today - dt.timedelta(days=2)), (soon, today + dt.timedelta(5))):
        Assignment.objects.filter(proposal=proposal).update(deadline=day, original_deadline=day)
    client.force_login(org.office)
    rows = client.get(reverse("proposals:handling_progress")).context["page"].object_list
    assert [a.proposal for a in rows] == [overdue]
    rows = client.get(reverse("proposals:handling_progress") + "?show=soon").context["page"]
    assert [a.proposal for a in rows.object_list] == [soon]
    home = client.get(reverse("portal:home")).context["proposals_home"]
    assert (home.manages["overdue"], home.manages["soon"]) == (1, 1)


def test_search_and_filters_of_the_list(org, client):
    h.filed(org, title="关于加快氢能产业发展的建议")
    h.submitted(org, title="关于完善城市公交线网的建议", category="society")
    client.force_login(org.office)
    url = reverse("proposals:proposal_list")
    titles = lambda q: [p.title for p in client.get(url + q).context["page"].object_list]  # noqa: E731
    assert titles("?q=氢能") == ["关于加快氢能产业发展的建议"]
    assert titles("?category=society") == ["关于完善城市公交线网的建议"]
    assert titles("?status=filed") == ["关于加快氢能产业发展的建议"]
    assert titles(f"?q={timezone.localdate().year}-0001") == ["关于加快氢能产业发展的建议"]
    assert titles("?q=周委员") == ["关于完善城市公交线网的建议", "关于加快氢能产业发展的建议"]
    assert titles("?status=bogus&year=") == titles("")
    # A year that is not one is refused with the reason (issue 11), not ignored in silence.
    assert client.get(url + "?year=abc").status_code == 400
