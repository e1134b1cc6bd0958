"""The notices part of `seed_demo`: every state of a notice in the Ordos demo, the demo
member finds his reply slip on his 待办, the office and `staff` see the answers, and every
page of notices answers for the demo logins."""

from __future__ import annotations

from django.urls import reverse

from notices.models import Notice, Receipt
from portal.models import User


def test_the_demo_has_notices_in_every_state(municipal):
    notices = Notice.objects.filter(body=municipal)
    assert set(notices.values_list("status", flat=True)) == set(Notice.Status.values)
    assert notices.filter(committee__isnull=False, status="published").exists()
    receipts = Receipt.objects.filter(notice__body=municipal)
    assert (
        receipts.filter(response="attend").exists() and receipts.filter(response="leave").exists()
    )
    # Some answers came by phone and were recorded by the office.
    assert receipts.filter(answered_by__username="office").exists()
    assert not receipts.filter(response="leave", leave_reason="").exists()


def test_the_demo_member_has_a_reply_slip_waiting(municipal, client):
    member = User.objects.get(username="member")
    client.force_login(member)
    page = client.get(reverse("portal:todo_list")).content.decode()
    assert "填写回执：关于召开市政协全体委员学习报告会的通知" in page
    meeting = Notice.objects.get(body=municipal, title="关于召开市政协全体委员学习报告会的通知")
    assert not Receipt.objects.get(notice=meeting, member__user=member).is_answered
    assert client.get(reverse("notices:notice_detail", args=[meeting.pk])).status_code == 200


def test_every_notice_page_answers_for_the_demo_logins(municipal, client):
    notices = list(Notice.objects.filter(body=municipal))
    for username in ("office", "staff", "member"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for name in ("notices:notice_list", "portal:todo_list", "portal:home"):
            assert client.get(reverse(name)).status_code == 200, (username, name)
        for notice in notices:
            status = client.get(reverse("notices:notice_detail", args=[notice.pk])).status_code
            assert status in (200, 404), (username, notice.title, status)
    client.force_login(User.objects.get(username="office"))
    for notice in notices:
        if not notice.is_draft:
            receipts = client.get(reverse("notices:notice_receipts", args=[notice.pk]))
            assert receipts.status_code == 200
    client.force_login(User.objects.get(username="staff"))
    page = client.get(reverse("notices:notice_manage")).content.decode()
    assert "经济委员会关于开展能源产业高质量发展专题调研的通知" in page
    assert "关于召开市政协全体委员学习报告会的通知" not in page
