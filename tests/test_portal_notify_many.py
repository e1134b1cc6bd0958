"""Many notifications at once (portal.services.notify_many): what the daily reminder jobs
write, in the same few queries however many people are told; deduplicated like notify."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import EmailDelivery, Notification
from portal.services import Note, notify, notify_many

from .factories import UserFactory


def _notes(users, prefix: str) -> list[Note]:
    return [
        Note(
            recipients=[user], title=f"提醒 {user.pk}", url="/x/", dedupe_key=f"{prefix}:{user.pk}"
        )
        for user in users
    ]


def test_it_writes_every_note_once_in_constant_queries(org, django_capture_on_commit_callbacks):
    few, many = (
        UserFactory.create_batch(2, body=org.body),
        UserFactory.create_batch(30, body=org.body),
    )
    with CaptureQueriesContext(connection) as small:
        assert notify_many(_notes(few, "a")) == 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with CaptureQueriesContext(connection) as large:
            assert notify_many(_notes(many, "a")) == 30
    # savepoint, existing keys, insert, the rows, their e-mail deliveries, release
    assert len(small) == len(large) <= 7
    assert len(callbacks) == 1  # one callback queues the deliveries of all of them
    assert EmailDelivery.objects.filter(notification__dedupe_key__startswith="a:").count() == 32
    assert Notification.objects.filter(dedupe_key__startswith="a:").count() == 32
    # Run again (the job runs daily): nobody is told twice, also after a single notify.
    notify(recipients=[few[0]], title="单独", dedupe_key="b:1")
    assert notify_many(_notes(many, "a") + [Note([few[0]], "再次", dedupe_key="b:1")]) == 0
    assert Notification.objects.count() == 33


def test_inactive_people_and_empty_notes_are_skipped(org):
    gone = UserFactory(body=org.body, is_active=False)
    assert notify_many([Note([gone], "x", dedupe_key="k"), Note([], "y")]) == 0
    assert not Notification.objects.exists()
