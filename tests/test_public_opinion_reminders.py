"""The daily reminders of 社情民意: the right people, once — a repeated run (or a
redelivered task) sends nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.models import Notification
from public_opinion import reminders, services
from public_opinion.models import Author, Report
from public_opinion.tasks import opinion_reminders_task

from .public_opinion_helpers import accepted_report, info_editor, member_report, submitted_report

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_members_without_an_item_are_reminded_at_each_quota_point_once(org):
    accepted_report(org)  # the member wrote one; the other member did not
    Notification.objects.all().delete()
    year = timezone.localdate().year
    assert reminders.remind_members_without_items(dt.date(year, 3, 1)) == 0
    assert reminders.remind_members_without_items(dt.date(year, 7, 1)) == 1
    assert reminders.remind_members_without_items(dt.date(year, 7, 2)) == 0
    assert reminders.remind_members_without_items(dt.date(year, 10, 1)) == 1
    assert len(titles(org.other_member_user)) == 2
    assert titles(org.member_user) == []


def test_a_returned_or_draft_item_still_gets_the_reminder_only_when_not_sent(org):
    member_report(org)  # a draft is not an item sent
    Notification.objects.all().delete()
    year = timezone.localdate().year
    reminders.remind_members_without_items(dt.date(year, 12, 1))
    assert len(titles(org.member_user)) == 1


def test_coauthors_who_have_not_answered_are_reminded_once(org):
    report = member_report(org, coauthors=[org.other_member])
    services.report_submit(report=report, by=org.member_user)
    Notification.objects.all().delete()
    assert reminders.remind_coauthors() == 0  # not yet three days
    later = timezone.now() + dt.timedelta(days=4)
    assert reminders.remind_coauthors(later) == 1
    assert reminders.remind_coauthors(later) == 0
    Author.objects.filter(report=report, member=org.other_member).update(status="confirmed")
    assert reminders.remind_coauthors(later + dt.timedelta(days=1)) == 0


def test_items_waiting_too_long_remind_the_editors_once(org):
    editor = info_editor(org)
    report = submitted_report(org)
    Notification.objects.all().delete()
    assert reminders.remind_queue() == 0
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - dt.timedelta(days=8))
    assert reminders.remind_queue() == 1
    assert opinion_reminders_task.delay().get()["queue"] == 0
    assert len(titles(editor)) == 1
