"""The notification centre: portal.services.notify, the email task and the views.

QUALITY 14: a notification is stored and emailed once, however often the job runs; a
rolled-back transaction sends nothing. Celery is eager in the test settings, so the
on-commit callback runs the task in-process.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Notification
from portal.services import emails_suppressed, notify
from portal.tasks import send_notification_emails_task

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """Two people with an email address, one without, one whose login is disabled."""
    return {
        "alice": UserFactory(username="alice", email="alice@example.cn"),
        "bob": UserFactory(username="bob", email="bob@example.cn"),
        "carol": UserFactory(username="carol", email=""),
        "gone": UserFactory(username="gone", email="gone@example.cn", is_active=False),
    }


# notify --------------------------------------------------------------------------------------


def test_it_stores_one_notification_per_active_recipient(people):
    created = notify(
        recipients=[*people.values(), people["alice"], None],
        title="提案已立案",
        body="您的提案已立案。",
        url="/proposals/1/",
        email=False,
    )
    assert sorted(n.recipient.username for n in created) == ["alice", "bob", "carol"]
    assert Notification.objects.count() == 3
    assert not Notification.objects.filter(recipient=people["gone"]).exists()
    alice = Notification.objects.get(recipient=people["alice"])
    assert (alice.title, alice.body, alice.url) == (
        "提案已立案",
        "您的提案已立案。",
        "/proposals/1/",
    )
    assert alice.read_at is None and alice.emailed_at is None


def test_it_emails_after_commit_once_per_address(
    people, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://lzt.example.cn"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=people.values(), title="活动提醒", body="明天开会。", url="/a/1/")
        assert mailoutbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.cn", "bob@example.cn"]
    message = mailoutbox[0]
    assert message.subject == "【履职通】活动提醒"
    assert "明天开会。" in message.body and "https://lzt.example.cn/a/1/" in message.body
    emailed = Notification.objects.filter(emailed_at__isnull=False)
    assert sorted(emailed.values_list("recipient__username", flat=True)) == ["alice", "bob"]


def test_it_can_leave_email_out(people, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[people["alice"]], title="站内消息", email=False)
    assert callbacks == [] and mailoutbox == []


def test_emails_can_be_suppressed_for_a_block(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with emails_suppressed():
            stored = notify(recipients=[people["alice"]], title="演示数据")
        notify(recipients=[people["bob"]], title="真实提醒")
    assert len(stored) == 1 and len(callbacks) == 1
    assert [m.to[0] for m in mailoutbox] == ["bob@example.cn"]


def test_a_dedupe_key_makes_a_repeated_run_a_no_op(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    def remind() -> list[Notification]:
        with django_capture_on_commit_callbacks(execute=True):
            return notify(
                recipients=[people["alice"], people["bob"]],
                title="请于本周提交履职报告",
                dedupe_key="report-due:2026",
            )

    assert len(remind()) == 2
    assert remind() == []
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2
    # A newcomer still gets the reminder the others already have.
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(
            recipients=[people["alice"], people["carol"]],
            title="请于本周提交履职报告",
            dedupe_key="report-due:2026",
        )
    assert [n.recipient for n in created] == [people["carol"]]
    assert Notification.objects.count() == 3


def test_a_rolled_back_transaction_stores_and_sends_nothing(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=people.values(), title="不会发出")
            raise RuntimeError("the caller failed after notifying")
    assert callbacks == []
    assert mailoutbox == []
    assert Notification.objects.count() == 0


# The email task ------------------------------------------------------------------------------


def test_the_task_sends_each_email_once(people, mailoutbox):
    [notification] = notify(recipients=[people["alice"]], title="通知", email=False)
    assert send_notification_emails_task.delay([notification.pk]).get() == 1
    assert send_notification_emails_task.delay([notification.pk]).get() == 0
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_task_skips_people_without_email_and_missing_rows(people, mailoutbox):
    created = notify(recipients=[people["carol"]], title="通知", email=False)
    assert send_notification_emails_task([created[0].pk, 987654321]) == 0
    assert mailoutbox == []


# The views -----------------------------------------------------------------------------------


def list_url() -> str:
    return reverse("portal:notification_list")


def open_url(notification: Notification) -> str:
    return reverse("portal:notification_open", args=[notification.pk])


def read_all_url() -> str:
    return reverse("portal:notifications_read_all")


def make(user, title: str, url: str = "") -> Notification:
    return Notification.objects.create(recipient=user, title=title, url=url)


def test_it_lists_only_the_users_own_notifications(client, org):
    make(org.member_user, "周委员的通知一")
    make(org.member_user, "周委员的通知二")
    make(org.other_member_user, "吴委员的私信")
    client.force_login(org.member_user)
    response = client.get(list_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "周委员的通知一" in page and "周委员的通知二" in page
    assert "吴委员的私信" not in page
    assert re.search(r'id="unread-count"[^>]*>\s*2\s*<', page)


def test_the_list_needs_a_login(client):
    response = client.get(list_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_list_costs_the_same_queries_for_many_notifications(client, org):
    client.force_login(org.member_user)
    make(org.member_user, "第一条")
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url()).status_code == 200
    Notification.objects.bulk_create(
        Notification(recipient=org.member_user, title=f"通知{i}") for i in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(list_url())
    assert response.status_code == 200
    assert len(many) == len(few) <= 15
    assert response.content.decode().count("list-group-item") >= 30
    page2 = client.get(list_url(), {"page": 2}).content.decode()
    assert "通知0" in page2  # the oldest, on the second page


def test_opening_marks_read_and_follows_a_local_link(client, org):
    notification = make(org.member_user, "提案已立案", url="/committees/")
    client.force_login(org.member_user)
    response = client.post(open_url(notification))
    assert response.status_code == 302 and response.url == "/committees/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "/\\evil.example/",
        "",
    ],
)
def test_opening_never_follows_a_link_elsewhere(client, org, url):
    notification = make(org.member_user, "钓鱼", url=url)
    client.force_login(org.member_user)
    response = client.post(open_url(notification))
    assert response.status_code == 302 and response.url == list_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_404(client, org):
    theirs = make(org.other_member_user, "吴委员的私信", url="/committees/")
    client.force_login(org.member_user)
    assert client.post(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("name", ["open", "read_all"])
def test_the_actions_refuse_get(client, org, name):
    notification = make(org.member_user, "未读")
    client.force_login(org.member_user)
    url = open_url(notification) if name == "open" else read_all_url()
    assert client.get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_actions_need_a_csrf_token(org):
    notification = make(org.member_user, "未读")
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.member_user)
    assert client.post(open_url(notification)).status_code == 403
    assert client.post(read_all_url()).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_only_the_users_own(client, org):
    mine = [make(org.member_user, f"通知{i}") for i in range(3)]
    theirs = make(org.other_member_user, "吴委员的通知")
    client.force_login(org.member_user)
    response = client.post(read_all_url(), follow=True)
    assert response.redirect_chain == [(list_url(), 302)]
    assert "已将 3 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert not re.search(r'id="unread-count"', response.content.decode())
