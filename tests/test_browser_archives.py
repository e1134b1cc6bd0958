"""Browser journey of 文史资料 (Playwright, Debian's chromium): a member writes a
manuscript on his phone (390×844) with its signed authorisation and submits it; the
editor takes it in, returns it once (退修) with a comment, the member revises it, the
editor takes it through 初审, 复审, 终审 and the proof, compiles a volume and publishes
it; the volume's PDF downloads; the member finds the text by searching; an oral history's
recording plays in the page."""

from __future__ import annotations

import re
import struct
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from archives import services
from archives.models import Manuscript, Volume

from . import archives_helpers as h
from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def _wav(seconds: int = 2, rate: int = 8000) -> bytes:
    """A real (silent) WAV recording the browser can play."""
    data = b"\x00\x00" * rate * seconds
    fmt = struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    return (
        b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + fmt
        + b"data" + struct.pack("<I", len(data)) + data
    )  # fmt: skip


def _move(page: Page, label: str, comment: str = "") -> None:
    if comment:
        page.locator("#id_comment").fill(comment)
    page.locator("#review-form").get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_from_a_phone_to_a_published_volume(live_server, page: Page, tmp_path):
    from .conftest import build_org

    org = build_org()
    base = live_server.url
    paper = tmp_path / "授权书.pdf"
    paper.write_bytes(h.PDF)

    # The member writes on his phone.
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.goto(f"{base}/archives/")
    page.get_by_role("link", name="投稿").click()
    page.get_by_label("标题", exact=True).fill("达拉特旗的第一座扬水站")
    page.get_by_label("三亲类型").select_option("lived")
    page.get_by_label("反映时期").fill("1970年代")
    page.get_by_label("涉及地点").fill("达拉特旗")
    page.get_by_label("正文").fill(
        "一九七四年冬天，公社组织社员在黄河南岸修建扬水站。大家用扁担挑土。"
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="达拉特旗的第一座扬水站")).to_be_visible()
    page.locator("#id_kind").select_option("authorisation")
    page.locator("#id_file").set_input_files(str(paper))
    page.get_by_role("button", name="上传").click()
    expect(page.locator("#files")).to_contain_text("授权书.pdf")
    page.locator("#submit-manuscript").click()
    expect(page.locator("#manuscript .badge").first).to_have_text("已登记")
    m = Manuscript.objects.get(title="达拉特旗的第一座扬水站")
    url = f"{base}/archives/manuscripts/{m.pk}/"

    # The editor takes it in and returns it once.
    page.set_viewport_size(DESKTOP)
    _login(page, base, org.editor.username)
    page.goto(f"{base}/archives/queue/")
    page.get_by_role("link", name=re.compile("达拉特旗的第一座扬水站")).click()
    _move(page, "受理初审")
    _move(page, "退修", "请补充扬水站建成的时间和灌溉面积。")
    expect(page.locator("#manuscript .badge").first).to_have_text("退修")

    # The member revises it on his phone and hands it in again.
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.goto(url)
    expect(page.locator("#reviews")).to_contain_text("请补充扬水站建成的时间和灌溉面积。")
    page.get_by_role("link", name="修改").click()
    page.get_by_label("正文").fill(
        "一九七四年冬天，公社组织社员在黄河南岸修建扬水站。大家用扁担挑土。"
        "一九七五年五月扬水站建成，灌溉农田三千亩。"
    )
    page.get_by_role("button", name="保存").click()
    page.locator("#submit-manuscript").click()
    expect(page.locator("#manuscript .badge").first).to_have_text("已登记")

    # The editor takes it through the reviews and the proof.
    page.set_viewport_size(DESKTOP)
    _login(page, base, org.editor.username)
    page.goto(url)
    for label in ("受理初审", "初审通过", "提交复审", "复审通过", "终审通过", "校样确认"):
        _move(page, label)
    expect(page.locator("#manuscript .badge").first).to_have_text("待入选")
    page.locator("#versions").get_by_role("link", name="第 2 版").click()
    expect(page.locator("#diff ins")).to_contain_text("一九七五年五月扬水站建成")

    # ... compiles a volume, publishes it, and the PDF downloads.
    page.goto(f"{base}/archives/volumes/new/")
    page.get_by_label("丛书名").fill("鄂尔多斯文史资料")
    page.get_by_label("辑号").fill("36")
    page.locator("#id_title").fill("黄河岸边")
    page.get_by_label("出版日期").fill("2026-12-01")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="选入").click()
    expect(page.locator("#toc")).to_contain_text("达拉特旗的第一座扬水站")
    page.locator("#publish-volume").click()
    expect(page.locator(".alert-success")).to_contain_text("本辑已出版")
    with page.expect_download() as download:
        page.locator("#volume-pdf").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Volume.objects.get().status == "published"

    # The member finds it in the archive.
    page.set_viewport_size(PHONE)
    _login(page, base, org.other_member_user.username)
    page.goto(f"{base}/archives/")
    page.get_by_label("关键词").fill("扬水站")
    page.get_by_role("button", name="检索").click()
    expect(page.locator("#results")).to_contain_text("达拉特旗的第一座扬水站")


def test_an_oral_historys_recording_plays_in_the_page(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    m = h.draft(org, kind=Manuscript.Kind.ORAL_HISTORY, interviewee="巴特尔", origin="oral")
    services.file_add(
        manuscript=m,
        kind="audio",
        upload=SimpleUploadedFile("采访录音.wav", _wav()),
        by=org.member_user,
    )
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, org.member_user.username)
    page.goto(f"{live_server.url}/archives/manuscripts/{m.pk}/")
    audio = page.locator("#files audio")
    expect(audio).to_have_count(1)
    _until(page, "document.querySelector('#files audio').duration > 1.5")
    page.evaluate("document.querySelector('#files audio').play()")
    _until(page, "document.querySelector('#files audio').currentTime > 0")


def _until(page: Page, expression: str, seconds: float = 15) -> None:
    """Wait until `expression` holds in the page. (Playwright's wait_for_function evaluates
    a string with eval inside the page, which the Content-Security-Policy refuses.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def test_staff_register_an_outside_authors_manuscript(live_server, page: Page, tmp_path):
    from .conftest import build_org

    org = build_org()
    staff = h.culture_staff(org)
    base = live_server.url
    paper = tmp_path / "授权书.pdf"
    paper.write_bytes(h.PDF)
    page.set_viewport_size(DESKTOP)
    _login(page, base, staff.username)
    page.goto(f"{base}/archives/manuscripts/new/")
    page.get_by_label("撰稿委员").select_option("")
    page.get_by_label("作者", exact=True).fill("高老人（退休矿工）")
    page.get_by_label("标题", exact=True).fill("井下三十年")
    page.get_by_label("三亲类型").select_option("lived")
    page.get_by_label("正文").fill("我十六岁下井，那时候还是手镐刨煤。")
    page.get_by_role("button", name="保存").click()
    page.locator("#id_kind").select_option("authorisation")
    page.locator("#id_file").set_input_files(str(paper))
    page.get_by_role("button", name="上传").click()
    page.locator("#submit-manuscript").click()
    expect(page.locator("#manuscript .badge").first).to_have_text("已登记")
    m = Manuscript.objects.get(title="井下三十年")
    assert (m.author_name, m.contributor_id, m.registered_by_id) == (
        "高老人（退休矿工）",
        None,
        staff.pk,
    )
    assert m.files.filter(kind="authorisation").exists()
