"""通知公告 pages: forms that keep what was typed, stored XSS, IDOR, read receipts, the
receipts page and its export, and query counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from notices import services
from notices.models import Notice, Receipt

from .committee_work_helpers import new_member
from .notices_helpers import answer, draft_notice, published_notice, receipt_of

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">点我</a>',
    "{{ 7|add:7 }}<iframe src=//evil.example></iframe>",
]


def url(name: str, *args) -> str:
    return reverse(f"notices:{name}", args=args)


def _form_data(org, **overrides) -> dict:
    deadline = timezone.localtime() + dt.timedelta(days=3)
    return {
        "publisher": "office",
        "kind": "announcement",
        "title": "关于报送年度履职报告的通知",
        "content": "<p>请于月底前报送。</p>",
        "audience": "all",
        "wants_reply": "on",
        "reply_deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        "remind_hours": "24",
        "reply_fields": "*是否用餐：是/否\n联系电话",
    } | overrides


class _Markup(HTMLParser):
    """Elements and attributes that would run or load something, as the browser parses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in ("iframe", "svg", "img", "object", "embed", "math"):
            self.found.append(tag)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.found.append("inline script")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"{name}=javascript:")


def _unsafe(page: str) -> list[str]:
    parser = _Markup()
    parser.feed(page)
    return parser.found


# ---- forms ----------------------------------------------------------------------------------


def test_a_failed_form_comes_back_with_what_was_typed(client, org):
    client.force_login(org.office)
    data = _form_data(org, title="保留我输入的标题", reply_fields="坏行：只有一个选项")
    response = client.post(url("notice_create"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "保留我输入的标题" in page and "坏行：只有一个选项" in page
    assert "选项至少两个" in page
    assert not Notice.objects.exists()


def test_a_service_refusal_keeps_the_form_too(client, org):
    client.force_login(org.office)
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url("notice_create"), _form_data(org, reply_deadline=past))
    assert response.status_code == 422
    assert "须晚于现在" in response.content.decode()
    assert "关于报送年度履职报告的通知" in response.content.decode()


def test_creating_and_editing_a_draft(client, org):
    client.force_login(org.office)
    response = client.post(url("notice_create"), _form_data(org))
    notice = Notice.objects.get()
    assert response.url == url("notice_detail", notice.pk)
    assert notice.reply_fields == [
        {"label": "是否用餐", "choices": ["是", "否"], "required": True},
        {"label": "联系电话", "choices": [], "required": False},
    ]
    page = client.get(url("notice_edit", notice.pk)).content.decode()
    assert "*是否用餐：是/否" in page
    response = client.post(
        url("notice_edit", notice.pk), _form_data(org, title="新标题", version=notice.version)
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.version) == ("新标题", 2)


def test_the_reply_form_picks_nothing_and_keeps_the_input_on_error(client, org):
    notice = published_notice(org)
    client.force_login(org.member_user)
    page = client.get(url("notice_detail", notice.pk)).content.decode()
    assert 'name="response"' in page and "checked" not in page.split('id="reply"')[1]
    response = client.post(
        url("notice_reply", notice.pk), {"response": "leave", "field_1": "13900001111"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "请假须填写事由" in page and "13900001111" in page
    assert not receipt_of(notice, org.member).is_answered


def test_a_member_answers_on_the_notice_page(client, org):
    notice = published_notice(org)
    client.force_login(org.member_user)
    response = client.post(
        url("notice_reply", notice.pk), {"response": "attend", "field_0": "是"}, follow=True
    )
    assert "回执已提交" in response.content.decode()
    receipt = receipt_of(notice, org.member)
    assert (receipt.response, receipt.answers["是否用餐"]) == ("attend", "是")
    assert 'id="my-answer"' in response.content.decode()


def test_mass_assignment_changes_nothing_else(client, org):
    notice = published_notice(org)
    client.force_login(org.member_user)
    client.post(
        url("notice_reply", notice.pk),
        {
            "response": "attend",
            "field_0": "是",
            "member": org.other_member.pk,
            "answered_by": org.office.pk,
            "status": "withdrawn",
        },
    )
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    assert receipt_of(notice, org.member).answered_by == org.member_user
    assert not receipt_of(notice, org.other_member).is_answered


# ---- reading --------------------------------------------------------------------------------


def test_opening_a_notice_is_its_read_receipt(client, org):
    notice = published_notice(org)
    client.force_login(org.member_user)
    assert receipt_of(notice, org.member).read_at is None
    assert client.get(url("notice_detail", notice.pk)).status_code == 200
    assert receipt_of(notice, org.member).read_at is not None
    assert receipt_of(notice, org.other_member).read_at is None
    # The publisher looking at it reads nothing for anyone.
    client.force_login(org.office)
    client.get(url("notice_detail", notice.pk))
    assert receipt_of(notice, org.other_member).read_at is None


def test_a_withdrawn_notice_shows_only_why(client, org):
    notice = published_notice(org, content="<p>秘密议程内容</p>")
    services.notice_withdraw(notice=notice, reason="会议延期举行", by=org.office)
    client.force_login(org.member_user)
    page = client.get(url("notice_detail", notice.pk)).content.decode()
    assert "会议延期举行" in page and "秘密议程内容" not in page
    attachment_page = client.get(url("notice_list")).content.decode()
    assert "已撤回" in attachment_page
    assert receipt_of(notice, org.member).read_at is None


def test_the_inbox_lists_only_what_reached_the_member(client, org):
    mine = published_notice(
        org, title="发给经济委", audience="committees", committees=[org.economy]
    )
    theirs = published_notice(
        org, title="发给教科卫体委", audience="committees", committees=[org.education]
    )
    draft = draft_notice(org, title="尚未发布的草稿")
    client.force_login(org.member_user)
    page = client.get(url("notice_list")).content.decode()
    assert mine.title in page and theirs.title not in page and draft.title not in page
    assert client.get(url("notice_detail", theirs.pk)).status_code == 404
    assert client.get(url("notice_detail", draft.pk)).status_code == 404


# ---- IDOR -----------------------------------------------------------------------------------


def test_other_bodies_and_other_members_get_404_and_change_nothing(client, org, other_org):
    notice = published_notice(org, audience="members", members=[org.member])
    receipt = receipt_of(notice, org.member)
    for user in (other_org.office, other_org.member_user, org.other_member_user, org.staff):
        client.force_login(user)
        assert client.get(url("notice_detail", notice.pk)).status_code == 404
        response = client.post(
            url("notice_reply", notice.pk), {"response": "attend", "field_0": "是"}
        )
        assert response.status_code == 404
        assert client.get(url("receipt_record", receipt.pk)).status_code == 404
        assert client.get(url("notice_receipts", notice.pk)).status_code == 404
        assert client.post(url("notice_withdraw", notice.pk), {"reason": "x"}).status_code == 404
    receipt.refresh_from_db()
    notice.refresh_from_db()
    assert not receipt.is_answered and receipt.read_at is None
    assert notice.status == Notice.Status.PUBLISHED


def test_staff_run_their_committee_notices_not_the_offices(client, org):
    office_notice = published_notice(org)
    committee_notice = published_notice(
        org, by=org.staff, committee=org.economy, audience="committees", committees=[org.economy]
    )
    client.force_login(org.staff)
    page = client.get(url("notice_manage")).content.decode()
    assert committee_notice.title in page
    assert client.get(url("notice_receipts", office_notice.pk)).status_code == 404
    assert client.get(url("notice_receipts", committee_notice.pk)).status_code == 200
    client.force_login(org.office)
    assert client.get(url("notice_receipts", committee_notice.pk)).status_code == 200


def test_a_revoked_staff_role_ends_access_on_the_next_request(client, org):
    from portal.models import RoleAssignment
    from portal.services import role_revoke

    notice = published_notice(
        org, by=org.staff, committee=org.economy, audience="committees", committees=[org.economy]
    )
    client.force_login(org.staff)
    assert client.get(url("notice_receipts", notice.pk)).status_code == 200
    role_revoke(assignment=RoleAssignment.objects.get(user=org.staff), by=org.office)
    assert client.get(url("notice_receipts", notice.pk)).status_code == 404


# ---- stored XSS -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS)
def test_stored_payloads_never_run(client, org, payload):
    notice = published_notice(
        org,
        title=f"标题{payload}",
        content=f"<p>正文{payload}</p>{payload}",
        meeting_place=f"地点{payload}",
        reply_fields=[
            {
                "label": f"问题{payload}"[:30],
                "choices": [f"甲{payload}"[:30], "乙"],
                "required": False,
            }
        ],
    )
    label = notice.reply_fields[0]["label"]
    answer(
        notice,
        org.member,
        org.member_user,
        response="leave",
        leave_reason=f"事由{payload}",
        answers={label: "乙"},
    )
    services.notice_withdraw(notice=notice, reason=f"原因{payload}", by=org.office)
    pages = []
    client.force_login(org.member_user)
    pages += [client.get(url("notice_detail", notice.pk)), client.get(url("notice_list"))]
    pages.append(client.get(reverse("portal:notification_list")))
    client.force_login(org.office)
    pages += [
        client.get(url("notice_detail", notice.pk)),
        client.get(url("notice_receipts", notice.pk)),
        client.get(url("notice_manage")),
        client.get(url("receipt_record", receipt_of(notice, org.member).pk)),
    ]
    for response in pages:
        assert response.status_code == 200
        assert _unsafe(response.content.decode()) == [], response.request["PATH_INFO"]


def test_the_stored_text_is_cleaned_on_output_too(client, org):
    """A row written around the service (an import, the admin) is still cleaned."""
    notice = published_notice(org)
    Notice.objects.filter(pk=notice.pk).update(
        content="<p>正文</p><script>alert(1)</script><img src=x onerror=alert(2)>"
    )
    client.force_login(org.member_user)
    page = client.get(url("notice_detail", notice.pk)).content.decode()
    assert "正文" in page and _unsafe(page) == []


# ---- receipts and export --------------------------------------------------------------------


def test_the_publisher_sees_who_read_and_answered(client, org):
    no_login = new_member(org, name="未开户委员")
    notice = published_notice(org)
    answer(notice, org.member, org.member_user, answers={"是否用餐": "是", "联系电话": "139"})
    client.force_login(org.office)
    page = client.get(url("notice_receipts", notice.pk)).content.decode()
    assert "周委员" in page and "吴委员" in page and "未开户委员" in page and "无账号" in page
    unanswered = client.get(url("notice_receipts", notice.pk), {"show": "unanswered"})
    assert "周委员" not in unanswered.content.decode()
    assert "未开户委员" in unanswered.content.decode()
    response = client.post(
        url("receipt_record", receipt_of(notice, no_login).pk),
        {"response": "leave", "leave_reason": "电话告知出差"},
    )
    assert response.status_code == 302
    recorded = receipt_of(notice, no_login)
    assert (recorded.response, recorded.answered_by) == ("leave", org.office)


def test_the_export_has_every_answer_and_escapes_formulas(client, org):
    notice = published_notice(org)
    answer(
        notice,
        org.member,
        org.member_user,
        response="leave",
        leave_reason='=HYPERLINK("http://evil")',
        answers={"联系电话": "+8613900000000"},
    )
    client.force_login(org.office)
    response = client.get(url("notice_export", notice.pk, "xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("委员编号", "姓名", "界别", "手机号码", "阅读时间")
    assert "是否用餐" in header and "联系电话" in header
    zhou = next(r for r in rows if r[1] == "周委员")
    assert '\'=HYPERLINK("http://evil")' in zhou and "'+8613900000000" in zhou
    assert "请假" in zhou
    csv = client.get(url("notice_export", notice.pk, "csv"))
    assert "周委员" in b"".join(csv.streaming_content).decode("utf-8-sig")


# ---- query counts ---------------------------------------------------------------------------


def _queries(client, path: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data or {})
    assert response.status_code == 200
    return len(captured)


def _grow(org, n: int) -> None:
    members = [new_member(org, name=f"增员{i}") for i in range(n)]
    notice = published_notice(org, title=f"第{n}批通知")
    for member in members[: n // 2]:
        Receipt.objects.filter(notice=notice, member=member).update(
            read_at=timezone.now(), response="attend", answered_at=timezone.now()
        )


@pytest.mark.parametrize(
    "role,name,args",
    [
        ("office", "notice_manage", False),
        ("office", "notice_receipts", True),
        ("office", "notice_detail", True),
        ("staff", "notice_manage", False),
        ("member", "notice_list", False),
        ("member", "notice_detail", True),
    ],
)
def test_pages_cost_the_same_queries_for_few_and_many_rows(client, org, role, name, args):
    notice = published_notice(org)
    answer(notice, org.member, org.member_user)
    _grow(org, 3)
    client.force_login(org.login_of(role))
    path = url(name, notice.pk) if args else url(name)
    client.get(path)
    few = _queries(client, path)
    _grow(org, 40)
    for _ in range(3):
        _grow(org, 2)
    many = _queries(client, path)
    assert few == many <= 20
