"""通知公告 services: drafting within the publisher's reach, publishing to the members in
office in the audience, the workflow, read receipts, reply slips, reminders, attachments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import MemberTerm
from notices import services
from notices.models import Notice, NoticeAttachment, Receipt
from portal.models import Notification, TransitionLog

from .committee_work_helpers import new_member
from .notices_helpers import answer, draft_notice, published_notice, receipt_of

pytestmark = pytest.mark.django_db
S = Notice.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# ---- drafting -----------------------------------------------------------------------------


def test_the_text_is_sanitised_when_saved(org):
    notice = draft_notice(
        org,
        content='<p onclick="x()">会议<script>alert(1)</script>'
        '<a href="javascript:alert(2)">议程</a>'
        '<img src=x onerror="alert(3)"><iframe src="//evil"></iframe></p>',
    )
    assert notice.content == '<p>会议<a rel="noopener noreferrer nofollow">议程</a></p>'


def test_plain_text_becomes_paragraphs(org):
    notice = draft_notice(org, content="第一段\n第二行\n\n第二段 <不是标签")
    assert notice.content == "<p>第一段<br>第二行</p>\n\n<p>第二段 &lt;不是标签</p>"


@pytest.mark.parametrize("content", ["", "   ", "<p> </p>", "<script>alert(1)</script>"])
def test_an_empty_text_is_refused(org, content):
    with pytest.raises(ValidationError, match="请填写正文"):
        draft_notice(org, content=content)


def test_a_meeting_notice_needs_time_and_place(org):
    with pytest.raises(ValidationError, match="会议时间和地点"):
        draft_notice(org, meeting_place="")


def test_a_reply_slip_needs_a_future_deadline(org):
    with pytest.raises(ValidationError, match="截止时间"):
        draft_notice(org, reply_deadline=None)
    with pytest.raises(ValidationError, match="须晚于现在"):
        draft_notice(org, reply_deadline=timezone.now() - dt.timedelta(minutes=1))


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"reply_deadline": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)}, "一年以后"),
        ({"meeting_starts_at": dt.datetime(1, 1, 1, tzinfo=dt.UTC)}, "请检查年份"),
        ({"meeting_starts_at": dt.datetime(9999, 1, 1, tzinfo=dt.UTC)}, "请检查年份"),
    ],
)
def test_dates_far_away_are_typing_errors(org, fields, message):
    with pytest.raises(ValidationError, match=message):
        draft_notice(org, **fields)


def test_the_reminder_is_scheduled_hourly_in_the_beat_tables(db):
    from django_celery_beat.models import PeriodicTask

    from notices.tasks import remind_replies_task

    task = PeriodicTask.objects.get(task="notices.tasks.remind_replies_task")
    assert task.enabled and task.crontab.minute == "5" and task.crontab.hour == "*"
    assert remind_replies_task() == 0


def test_only_the_office_publishes_in_its_own_name(org):
    with pytest.raises(ValidationError, match="政协办公室"):
        draft_notice(org, by=org.staff)


def test_staff_publish_for_their_committee_only(org):
    notice = draft_notice(
        org,
        by=org.staff,
        committee=org.economy,
        audience=Notice.Audience.COMMITTEES,
        committees=[org.economy],
    )
    assert notice.committee == org.economy
    with pytest.raises(ValidationError, match="本专委会的工作人员"):
        draft_notice(
            org,
            by=org.staff,
            committee=org.education,
            audience=Notice.Audience.COMMITTEES,
            committees=[org.education],
        )
    for audience, extra in [
        (Notice.Audience.ALL, {}),
        (Notice.Audience.COMMITTEES, {"committees": [org.education]}),
        (Notice.Audience.SECTOR_GROUPS, {"sector_groups": [org.education_group]}),
        (Notice.Audience.MEMBERS, {"members": [org.other_member]}),
    ]:
        with pytest.raises(ValidationError):
            draft_notice(org, by=org.staff, committee=org.economy, audience=audience, **extra)


def test_the_audience_stays_in_the_body(org, other_org):
    for audience, extra in [
        (Notice.Audience.COMMITTEES, {"committees": [other_org.economy]}),
        (Notice.Audience.SECTOR_GROUPS, {"sector_groups": [other_org.economy_group]}),
        (Notice.Audience.MEMBERS, {"members": [other_org.member]}),
    ]:
        with pytest.raises(ValidationError):
            draft_notice(org, audience=audience, **extra)
    with pytest.raises(PermissionDenied):
        draft_notice(other_org, by=org.office)


def test_a_chosen_member_must_be_in_office(org):
    left = new_member(org, name="离任委员")
    MemberTerm.objects.filter(member=left).update(end_date=timezone.localdate() - dt.timedelta(1))
    with pytest.raises(ValidationError, match="离任委员"):
        draft_notice(org, audience=Notice.Audience.MEMBERS, members=[left])


def test_reply_fields_are_kept_only_with_a_reply_slip(org):
    notice = draft_notice(org, kind=Notice.Kind.ANNOUNCEMENT, wants_reply=False)
    assert notice.reply_fields == [] and notice.reply_deadline is None


def test_a_stale_edit_is_refused_and_changes_nothing(org):
    notice = draft_notice(org)
    data = services.Draft(
        kind=notice.kind,
        title="改过的标题",
        content="<p>新正文</p>",
        audience=Notice.Audience.ALL,
        meeting_starts_at=notice.meeting_starts_at,
        meeting_place="新地点",
    )
    services.notice_update(notice=notice, draft=data, version=notice.version, by=org.office)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.notice_update(notice=notice, draft=data, version=notice.version, by=org.office)
    notice.refresh_from_db()
    assert (notice.title, notice.version, notice.wants_reply) == ("改过的标题", 2, False)


# ---- publishing ---------------------------------------------------------------------------


def test_publishing_reaches_every_member_in_office_once(org, django_capture_on_commit_callbacks):
    no_login = new_member(org, name="无账号委员")
    left = new_member(org, name="离任委员")
    MemberTerm.objects.filter(member=left).update(end_date=timezone.localdate() - dt.timedelta(1))
    with django_capture_on_commit_callbacks(execute=True):
        notice = published_notice(org)
    assert notice.status == S.PUBLISHED and notice.published_by == org.office
    members = set(Receipt.objects.filter(notice=notice).values_list("member_id", flat=True))
    assert members == {org.member.pk, org.other_member.pk, no_login.pk}
    told = Notification.objects.filter(target_id=notice.pk, task=services.RECEIPT_TASK)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [org.member_user.pk, org.other_member_user.pk]
    )
    assert told.first().url == f"/notices/{notice.pk}/"
    # The task delivered twice tells nobody twice.
    assert services.notify_recipients(notice) == 0


@pytest.mark.parametrize(
    "audience,extra,expected",
    [
        (Notice.Audience.COMMITTEES, lambda o: {"committees": [o.economy]}, ["member"]),
        (
            Notice.Audience.SECTOR_GROUPS,
            lambda o: {"sector_groups": [o.education_group]},
            ["other_member"],
        ),
        (Notice.Audience.MEMBERS, lambda o: {"members": [o.other_member]}, ["other_member"]),
    ],
)
def test_each_audience_reaches_its_members(org, audience, extra, expected):
    notice = published_notice(org, audience=audience, **extra(org))
    got = set(notice.receipts.values_list("member_id", flat=True))
    assert got == {getattr(org, name).pk for name in expected}


def test_a_committee_notice_reaches_its_seats_and_its_groups(org):
    in_group = new_member(org, name="经济界组员")  # economy sector → economy group, no seat
    notice = published_notice(
        org,
        by=org.staff,
        committee=org.economy,
        audience=Notice.Audience.MEMBERS,
        members=[org.member, in_group],
    )
    assert set(notice.receipts.values_list("member_id", flat=True)) == {org.member.pk, in_group.pk}


def test_publishing_with_nobody_in_the_audience_is_refused(org):
    notice = draft_notice(org, audience=Notice.Audience.COMMITTEES, committees=[org.culture])
    with pytest.raises(ValidationError, match="没有在任委员"):
        services.notice_publish(notice=notice, by=org.office)
    notice.refresh_from_db()
    assert notice.status == S.DRAFT and not notice.receipts.exists()
    assert not TransitionLog.objects.filter(object_id=notice.pk, to_state="published").exists()


def test_a_draft_whose_deadline_passed_cannot_be_published(org):
    notice = draft_notice(org)
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=timezone.now() - dt.timedelta(1))
    with pytest.raises(ValidationError, match="须晚于现在"):
        services.notice_publish(notice=notice, by=org.office)


def test_the_workflow_refuses_wrong_people_and_repeats(org):
    notice = draft_notice(org, by=org.office)
    with pytest.raises(ValidationError, match="办公室"):
        services.notice_publish(notice=notice, by=org.staff)
    services.notice_publish(notice=notice, by=org.office)
    with pytest.raises(ValidationError, match="无权"):
        services.notice_close(notice=notice, by=org.staff)
    with pytest.raises(ValidationError, match="无需重复"):
        services.notice_publish(notice=notice, by=org.office)
    with pytest.raises(ValidationError, match="需要填写意见"):
        services.notice_withdraw(notice=notice, reason=" ", by=org.office)
    services.notice_close(notice=notice, by=org.office)
    with pytest.raises(ValidationError):
        services.notice_close(notice=notice, by=org.office)
    services.notice_withdraw(notice=notice, reason="会议延期", by=org.office)
    with pytest.raises(ValidationError):
        services.notice_publish(notice=notice, by=org.office)
    notice.refresh_from_db()
    assert (notice.status, notice.withdraw_reason) == (S.WITHDRAWN, "会议延期")
    assert notice.receipts.count() == 2  # published once


def test_a_published_notice_cannot_be_edited_or_deleted(org):
    notice = published_notice(org)
    with pytest.raises(ValidationError, match="已发布"):
        services.notice_delete(notice=notice, by=org.office)
    assert Notice.objects.filter(pk=notice.pk).exists()


def test_withdrawing_tells_the_recipients(org):
    notice = published_notice(org)
    services.notice_withdraw(notice=notice, reason="会议取消", by=org.office)
    told = Notification.objects.filter(recipient=org.member_user, title__startswith="通知已撤回")
    assert told.get().body == "会议取消"


# ---- recipients ---------------------------------------------------------------------------


def test_reading_records_the_first_time_only(org):
    notice = published_notice(org)
    receipt = receipt_of(notice, org.member)
    services.receipt_read(receipt=receipt, by=org.member_user)
    first = Receipt.objects.get(pk=receipt.pk).read_at
    services.receipt_read(receipt=receipt_of(notice, org.member), by=org.member_user)
    assert first is not None and Receipt.objects.get(pk=receipt.pk).read_at == first
    with pytest.raises(PermissionDenied):
        services.receipt_read(receipt=receipt_of(notice, org.member), by=org.other_member_user)


def test_a_member_answers_and_may_change_his_answer(org):
    notice = published_notice(org)
    answer(notice, org.member, org.member_user, answers={"是否用餐": "否", "联系电话": "139"})
    receipt = answer(
        notice, org.member, org.member_user, response="leave", leave_reason="出差", answers={}
    )
    receipt.refresh_from_db()
    assert (receipt.response, receipt.leave_reason, receipt.answered_by) == (
        "leave",
        "出差",
        org.member_user,
    )
    assert receipt.answers == {"是否用餐": "", "联系电话": ""}
    assert receipt.read_at is not None
    assert receipt.history.count() == 3  # published, answered, changed


@pytest.mark.parametrize(
    "reply,message",
    [
        ({"response": ""}, "参加或请假"),
        ({"response": "maybe"}, "参加或请假"),
        ({"response": "leave", "leave_reason": "  "}, "请假须填写事由"),
        ({"response": "attend", "answers": {}}, "是否用餐"),
        ({"response": "attend", "answers": {"是否用餐": "不一定"}}, "给定选项"),
    ],
)
def test_a_wrong_reply_is_refused(org, reply, message):
    notice = published_notice(org)
    with pytest.raises(ValidationError, match=message):
        answer(notice, org.member, org.member_user, **reply)
    assert not receipt_of(notice, org.member).is_answered


def test_required_fields_do_not_bind_a_member_on_leave(org):
    notice = published_notice(org)
    receipt = answer(
        notice, org.member, org.member_user, response="leave", leave_reason="住院", answers={}
    )
    assert receipt.response == "leave"


def test_unknown_answers_are_dropped(org):
    notice = published_notice(org)
    receipt = answer(
        notice, org.member, org.member_user, answers={"是否用餐": "是", "status": "admin"}
    )
    assert receipt.answers == {"是否用餐": "是", "联系电话": ""}


def test_the_deadline_is_the_last_moment_to_answer(org):
    notice = published_notice(org)
    now = timezone.now()
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=now + dt.timedelta(seconds=30))
    answer(notice, org.member, org.member_user)  # before the deadline: accepted
    Notice.objects.filter(pk=notice.pk).update(reply_deadline=now - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="已截止"):
        answer(notice, org.other_member, org.other_member_user)
    # The publisher still records an answer given by phone.
    receipt = answer(
        notice, org.other_member, org.office, response="leave", leave_reason="电话请假"
    )
    assert receipt.answered_by == org.office and receipt.read_at is None


def test_nobody_answers_for_someone_else(org, other_org):
    notice = published_notice(org)
    for intruder in (org.other_member_user, org.staff, org.vice_chair, other_org.office):
        with pytest.raises(PermissionDenied):
            answer(notice, org.member, intruder)
    assert not receipt_of(notice, org.member).is_answered


def test_no_answers_after_closing_or_withdrawing(org):
    notice = published_notice(org)
    services.notice_close(notice=notice, by=org.office)
    with pytest.raises(ValidationError, match="已结束或已撤回"):
        answer(notice, org.member, org.member_user)
    services.notice_withdraw(notice=notice, reason="取消", by=org.office)
    with pytest.raises(ValidationError, match="已撤回"):
        answer(notice, org.member, org.office)


def test_a_notice_without_a_reply_slip_takes_no_answer(org):
    notice = published_notice(org, kind=Notice.Kind.ANNOUNCEMENT, wants_reply=False)
    with pytest.raises(ValidationError, match="不需要回执"):
        answer(notice, org.member, org.member_user)


# ---- reminders ----------------------------------------------------------------------------


def test_the_scheduled_reminder_comes_once_within_the_window(org):
    notice = published_notice(org, reply_deadline=timezone.now() + dt.timedelta(hours=30))
    answer(notice, org.other_member, org.other_member_user)
    now = timezone.now()
    assert services.remind_due_replies(now) == 0  # 30 h before: outside the 24 h window
    later = now + dt.timedelta(hours=7)
    assert services.remind_due_replies(later) == 1
    assert services.remind_due_replies(later) == 0
    reminded = Notification.objects.get(title__startswith="请填写回执")
    assert reminded.recipient == org.member_user and reminded.task == services.RECEIPT_TASK
    # Past the deadline nobody is reminded.
    assert services.remind_due_replies(now + dt.timedelta(hours=31)) == 0


def test_no_reminder_when_switched_off_or_closed(org):
    quiet = published_notice(
        org, reply_deadline=timezone.now() + dt.timedelta(hours=2), remind_hours=0
    )
    closed = published_notice(org, reply_deadline=timezone.now() + dt.timedelta(hours=2))
    services.notice_close(notice=closed, by=org.office)
    assert services.remind_due_replies() == 0
    assert (
        not Notification.objects.filter(target_id__in=[quiet.pk, closed.pk])
        .filter(title__startswith="请填写回执")
        .exists()
    )


def test_the_publisher_reminds_at_most_once_a_day(org):
    notice = published_notice(org)
    assert services.notice_remind(notice=notice, by=org.office) == 2
    assert services.notice_remind(notice=notice, by=org.office) == 0
    with pytest.raises(PermissionDenied):
        services.notice_remind(notice=notice, by=org.staff)


# ---- attachments --------------------------------------------------------------------------


def test_attachments_are_checked_and_only_on_drafts(org):
    notice = draft_notice(org)
    attachment = services.attachment_add(
        notice=notice, upload=SimpleUploadedFile("议程.pdf", PDF), by=org.office
    )
    assert attachment.name == "议程.pdf" and attachment.file.name.startswith("notices/")
    assert "议程" not in attachment.file.name
    with pytest.raises(ValidationError):
        services.attachment_add(
            notice=notice, upload=SimpleUploadedFile("x.pdf", b"<html>"), by=org.office
        )
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            notice=notice, upload=SimpleUploadedFile("y.pdf", PDF), by=org.staff
        )
    services.notice_publish(notice=notice, by=org.office)
    with pytest.raises(ValidationError, match="已发布"):
        services.attachment_delete(attachment=attachment, by=org.office)
    assert NoticeAttachment.objects.filter(notice=notice).count() == 1


def test_deleting_a_draft_removes_its_files(org, django_capture_on_commit_callbacks):
    notice = draft_notice(org)
    attachment = services.attachment_add(
        notice=notice, upload=SimpleUploadedFile("议程.pdf", PDF), by=org.office
    )
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_delete(notice=notice, by=org.office)
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert not storage.exists(name)
