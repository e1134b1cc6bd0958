"""Permission expectations of every URL of 通知公告 and of the 待办 page, for every role
(tests/test_permission_matrix.py).

Shapes: the office runs every notice of its body; a committee's staff run their
committee's notices (404 for the office's drafts); a member reads the notices he received
and answers their reply slips (403 for the publisher's pages of a notice he can read, 404
for notices that did not reach him); other bodies get 404."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from notices import services
from notices.models import Notice, NoticeAttachment, Receipt
from portal.models import Notification

from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case, everyone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@contextmanager
def _quietly():
    """Objects made for the matrix leave no notifications behind (the matrix test counts
    them to prove GET changes nothing)."""
    before = set(Notification.objects.values_list("pk", flat=True))
    yield
    Notification.objects.exclude(pk__in=before).delete()


def _expect(**given: int) -> dict[str, int]:
    """Anonymous users go to the login page; roles not named get 404."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


def _notice(org: Org, name: str, *, publish: bool, by_staff: bool = False) -> Notice:
    """The office's notice to all members (or, by_staff, the economy committee's notice to
    its members), with a reply slip; made once per org."""
    title = f"matrix-{name}"
    existing = Notice.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing
    by = org.staff if by_staff else org.office
    scope = (
        {
            "committee": org.economy,
            "audience": Notice.Audience.COMMITTEES,
            "committees": [org.economy],
        }
        if by_staff
        else {"audience": Notice.Audience.ALL}
    )
    with _quietly():
        notice = services.notice_create(
            body_id=org.body.pk,
            draft=services.Draft(
                kind=Notice.Kind.ANNOUNCEMENT,
                title=title,
                content="<p>请按时回执。</p>",
                wants_reply=True,
                reply_deadline=timezone.now() + dt.timedelta(days=3),
                reply_fields=[{"label": "是否用餐", "choices": ["是", "否"], "required": True}],
                **scope,
            ),
            by=by,
        )
        services.attachment_add(notice=notice, upload=SimpleUploadedFile("议程.pdf", PDF), by=by)
        if publish:
            services.notice_publish(notice=notice, by=by)
    return notice


def _published(org: Org) -> int:
    return _notice(org, "published", publish=True).pk


def _draft(org: Org) -> int:
    return _notice(org, "draft", publish=False).pk


def _staff_draft(org: Org) -> int:
    return _notice(org, "staff-draft", publish=False, by_staff=True).pk


def _published_attachment(org: Org) -> int:
    return NoticeAttachment.objects.get(notice_id=_published(org)).pk


def _draft_attachment(org: Org) -> int:
    return NoticeAttachment.objects.get(notice_id=_draft(org)).pk


def _receipt(org: Org) -> int:
    return Receipt.objects.get(notice_id=_published(org), member=org.member).pk


PUBLISHERS = {**{role: NO for role in ROLES}, "anon": LOGIN, "office": OK, "staff": OK}
PUBLISHERS["outsider"] = OK  # the office of another body, on its own list

TABLE: dict[str, Case] = {
    "portal:todo_list": Case(expect=everyone()),
    # Members
    "notices:notice_list": Case(expect=everyone()),
    "notices:notice_detail": Case(
        args=lambda o: [_published(o)], expect=_expect(member=OK, office=OK)
    ),
    "notices:notice_reply": Case(
        method="post",
        args=lambda o: [_published(o)],
        data=lambda o: {"response": "attend", "field_0": "是"},
        expect=_expect(member=DONE, office=NO),
    ),
    "notices:attachment_download": Case(
        args=lambda o: [_published_attachment(o)], expect=_expect(member=OK, office=OK)
    ),
    # Publishers
    "notices:notice_manage": Case(expect=PUBLISHERS),
    "notices:notice_create": Case(expect=PUBLISHERS),
    "notices:notice_edit": Case(
        args=lambda o: [_staff_draft(o)], expect=_expect(office=OK, staff=OK)
    ),
    "notices:notice_publish": Case(
        method="post", args=lambda o: [_staff_draft(o)], expect=_expect(office=DONE, staff=DONE)
    ),
    "notices:notice_delete": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(office=DONE)
    ),
    "notices:notice_close": Case(
        method="post", args=lambda o: [_published(o)], expect=_expect(member=NO, office=DONE)
    ),
    "notices:notice_withdraw": Case(
        method="post",
        args=lambda o: [_published(o)],
        data=lambda o: {"reason": "会议延期"},
        expect=_expect(member=NO, office=DONE),
    ),
    "notices:notice_remind": Case(
        method="post", args=lambda o: [_published(o)], expect=_expect(member=NO, office=DONE)
    ),
    "notices:notice_receipts": Case(
        args=lambda o: [_published(o)], expect=_expect(member=NO, office=OK)
    ),
    "notices:notice_export": Case(
        args=lambda o: [_published(o), "xlsx"], expect=_expect(member=NO, office=OK)
    ),
    "notices:receipt_record": Case(
        args=lambda o: [_receipt(o)], expect=_expect(member=NO, office=OK)
    ),
    "notices:attachment_upload": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(office=DONE)
    ),
    "notices:attachment_delete": Case(
        method="post", args=lambda o: [_draft_attachment(o)], expect=_expect(office=DONE)
    ),
}
