"""Builders for notice tests: each goes through the services, as the office or a
committee's staff of `tests.conftest.build_org` would in the portal."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from notices import services
from notices.models import Notice, Receipt

from .conftest import Org

CONTENT = "<p>请各位委员准时参加。</p><ul><li>携带履职手册</li><li>提前十分钟签到</li></ul>"


def draft_notice(org: Org, *, by=None, **fields) -> Notice:
    """A draft of the office to all members, with a reply slip due in three days."""
    values = {
        "kind": Notice.Kind.MEETING,
        "title": "关于召开市政协全体委员学习会的通知",
        "content": CONTENT,
        "audience": Notice.Audience.ALL,
        "meeting_starts_at": timezone.now() + dt.timedelta(days=5),
        "meeting_place": "市政协三楼报告厅",
        "wants_reply": True,
        "reply_deadline": timezone.now() + dt.timedelta(days=3),
        "reply_fields": [
            {"label": "是否用餐", "choices": ["是", "否"], "required": True},
            {"label": "联系电话", "choices": [], "required": False},
        ],
    } | fields
    return services.notice_create(
        body_id=org.body.pk, draft=services.Draft(**values), by=by or org.office
    )


def published_notice(org: Org, *, by=None, **fields) -> Notice:
    by = by or org.office
    notice = draft_notice(org, by=by, **fields)
    return services.notice_publish(notice=notice, by=by)


def receipt_of(notice: Notice, member) -> Receipt:
    return Receipt.objects.select_related("notice", "member").get(notice=notice, member=member)


def answer(notice: Notice, member, by, **reply) -> Receipt:
    values = {"response": "attend", "answers": {"是否用餐": "是"}} | reply
    return services.receipt_answer(
        receipt=receipt_of(notice, member), reply=services.Reply(**values), by=by
    )
