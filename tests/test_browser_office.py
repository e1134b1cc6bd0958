"""Browser journey (Playwright, Debian's chromium): the office imports members from Excel,
finds one, and opens a committee's roster PDF."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from members.models import Member

from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = [
    "委员编号",
    "姓名",
    "性别",
    "民族",
    "政治面貌",
    "所属党派",
    "界别",
    "工作单位",
    "职务职称",
    "常委",
    "手机号码",
]
ROWS = [
    [
        "W1001",
        "巴特尔",
        "男",
        "蒙古族",
        "中共党员",
        "",
        "经济界",
        "鄂尔多斯能源集团",
        "总经理",
        "是",
        "13947700001",
    ],
    [
        "W1002",
        "其其格",
        "女",
        "蒙古族",
        "无党派人士",
        "",
        "经济界",
        "康巴什商会",
        "会长",
        "否",
        "13947700002",
    ],
    [
        "W1003",
        "李明远",
        "男",
        "汉族",
        "民主党派",
        "民建",
        "教育界",
        "鄂尔多斯市第一中学",
        "校长",
        "否",
        "13947700003",
    ],
]


def _workbook(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_the_office_imports_members_finds_one_and_opens_the_roster_pdf(
    live_server, page: Page, tmp_path, settings
):
    # The import saves its rows one by one through the services; the N+1 guard allows that
    # here as in tests/test_imports.py (the live server's requests read the setting).
    settings.ZEAL_ALLOWLIST = [
        *settings.ZEAL_ALLOWLIST,
        {"model": "members.*"},
        {"model": "organisation.*"},
    ]
    from .conftest import build_org

    org = build_org()
    upload = tmp_path / "委员名单.xlsx"
    _workbook(upload)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(org.office.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#office-section")).to_be_visible()

    # Upload → preview (nothing saved yet) → confirm.
    page.get_by_role("button", name="系统管理").click()
    page.get_by_role("link", name="导入").click()
    page.locator("#file-members").set_input_files(str(upload))
    page.locator("form[action*='members']").get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("heading", name=re.compile("委员名单.xlsx"))).to_be_visible()
    assert not Member.objects.filter(code__in=["W1001", "W1002", "W1003"]).exists()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text(re.compile("导入"))).not_to_have_count(0)
    assert Member.objects.filter(code__in=["W1001", "W1002", "W1003"]).count() == 3

    # Find one member by name; 全员入委 put him in his sector group's committee.
    page.get_by_role("link", name="委员").first.click()
    page.get_by_label("搜索委员").fill("其其格")
    page.get_by_role("button", name="查询").click()
    table = page.locator("#member-table")
    expect(table).to_contain_text("其其格")
    expect(table).to_contain_text("经济委员会")
    expect(table).not_to_contain_text("巴特尔")
    table.get_by_role("link", name="其其格").click()
    expect(page.locator("#memberships")).to_contain_text("经济委员会")

    # The committee's roster PDF.
    page.locator("#memberships").get_by_role("link", name="经济委员会").click()
    expect(page.locator("#roster")).to_contain_text("巴特尔")
    href = page.locator("#roster-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
