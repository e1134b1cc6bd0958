"""Browser journeys (Playwright, Debian's chromium) of 协商 (issue 14):

- a committee proposes a topic → the office puts it in the plan → the chair meeting's
  review and the party committee's approval are recorded → staff record held research and
  an approved report, schedule and hold the consultation with attendance → the outcome is
  reviewed and signed off → a 批示 and the department's feedback are recorded → the
  office's plan view shows it complete;
- a member posts in an online deliberation from a phone-sized viewport (390×844).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.models import Consultation, Post, Recommendation, Topic

from .consultations_helpers import chair_of, ensure_kinds, thread
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


def _ok(page: Page) -> None:
    expect(page.locator(".alert-danger")).to_have_count(0)


def _step(page: Page, target: str, *, doc: str = "") -> None:
    """A step of the plan page: its form's date and number, then its button."""
    form = page.locator(f"form:has(input[name=target][value={target}])")
    if doc:
        form.locator("input[name=on]").fill(timezone.localdate().isoformat())
        form.locator("input[name=doc]").fill(doc)
    form.get_by_role("button").click()
    _ok(page)


def test_a_topic_goes_from_proposal_to_complete_feedback(live_server, page: Page):
    from .conftest import build_org

    ensure_kinds()
    org = build_org()
    chair = chair_of(org)
    base = live_server.url
    year = timezone.localdate().year
    page.set_viewport_size(DESKTOP)

    # The economy committee's staff propose a topic.
    _login(page, base, org.staff.username)
    page.goto(f"{base}/consultations/topics/new/")
    page.get_by_label("计划年度").fill(str(year))
    page.get_by_label("课题名称").fill("推动能源产业高质量发展")
    page.get_by_label("选题理由").fill("能源产业链条短、附加值低。")
    page.get_by_label("建议协商形式").select_option(label="专题协商会")
    page.get_by_label("提出单位").select_option(label="经济委员会")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#topic-status")).to_have_text("已提交")
    topic = Topic.objects.get()

    # The office accepts it, puts it in this year's plan and submits the plan.
    _login(page, base, org.office.username)
    page.goto(f"{base}/consultations/topics/{topic.pk}/")
    page.get_by_label("处理", exact=True).select_option("accepted")
    page.get_by_role("button", name="提交处理").click()
    expect(page.locator("#topic-status")).to_have_text("已采用")
    page.goto(f"{base}/consultations/plans/")
    page.get_by_label("年度").fill(str(year))
    page.get_by_role("button", name="创建").click()
    page.get_by_role("link", name="添加课题").click()
    page.get_by_label("来源选题").select_option(label="推动能源产业高质量发展")
    page.get_by_label("牵头专委会").select_option(label="经济委员会")
    page.get_by_label("计划月份").fill(str(timezone.localdate().month))
    page.get_by_label(re.compile("重点协商课题")).check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#plan-items")).to_contain_text("推动能源产业高质量发展")
    _step(page, "submitted")
    expect(page.locator("#plan-status")).to_have_text("报主席会议审议")

    # The chair records the chair meeting's review; the office the party committee's.
    _login(page, base, chair.username)
    page.goto(f"{base}/consultations/plans/")
    page.get_by_role("link", name=re.compile(f"{year}年度政协协商计划")).click()
    _step(page, "reviewed", doc="主席会议纪要〔2026〕3号")
    expect(page.locator("#plan-status")).to_have_text("主席会议已审议")
    plan_url = page.url
    _login(page, base, org.office.username)
    page.goto(plan_url)
    _step(page, "approved", doc="鄂党办字〔2026〕8号")
    expect(page.locator("#plan-status")).to_have_text("市委已审定")

    # Staff start the consultation; the meeting cannot be scheduled before research.
    _login(page, base, org.staff.username)
    page.goto(plan_url)
    page.get_by_role("button", name="开展协商").click()
    expect(page.locator("#missing-research")).to_contain_text("尚未登记调研活动")
    page.get_by_text("登记调研活动", exact=True).click()
    research = page.locator("form[action$='/research/']")
    research.get_by_label("类型").select_option(label="专题调研")
    research.get_by_label("调研内容").fill("赴准格尔旗调研煤电一体化")
    research.get_by_label("日期").fill(timezone.localdate().isoformat())
    research.get_by_role("button", name="登记").click()
    _ok(page)
    page.get_by_placeholder("调研情况（必填）").fill("走访企业6家，座谈2场。")
    page.get_by_role("button", name="登记为已开展").click()
    _ok(page)
    page.get_by_role("link", name="撰写调研报告").click()
    page.get_by_label("标题").fill("关于能源产业高质量发展的调研报告")
    page.get_by_label("正文").fill("一、基本情况；二、问题；三、建议。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="报分管副主席审核").click()
    expect(page.locator("#missing-research")).to_contain_text("调研报告尚未经分管副主席审定")
    consultation_url = page.url

    _login(page, base, org.vice_chair.username)
    page.goto(consultation_url)
    page.get_by_role("button", name="审定").click()
    _ok(page)

    # Staff prepare, invite, schedule and hold the meeting, and record attendance.
    _login(page, base, org.staff.username)
    page.goto(consultation_url)
    expect(page.locator("#missing-research")).to_have_count(0)
    page.get_by_role("link", name=re.compile("会议准备")).click()
    started = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("会议时间").fill(started.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("会议地点").fill("市政协协商议政厅")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="邀请委员").click()
    page.get_by_label(re.compile("周委员")).check()
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="安排协商会议").click()
    expect(page.locator("#consultation-status")).to_have_text("已安排会议")
    page.get_by_role("button", name="标记为已召开").click()
    expect(page.locator("#consultation-status")).to_have_text("已召开")
    page.get_by_role("link", name="登记考勤").click()
    page.get_by_label("出席").check()
    page.get_by_role("button", name="保存考勤").click()
    expect(page.locator("#participants")).to_contain_text("出席")

    # The outcome with one recommendation, to review.
    page.get_by_role("link", name="起草协商成果").click()
    page.get_by_label("成果形式").select_option(label="协商专报")
    page.get_by_label("正文").fill("经协商，提出以下建议。")
    page.get_by_role("button", name="保存").click()
    add = page.locator("form[action$='/recommendations/']")
    add.get_by_label("建议内容").fill("加快煤电一体化项目审批")
    add.get_by_label("责任部门").select_option(label="市发展和改革委员会")
    add.get_by_label("反馈期限").fill((timezone.localdate() + dt.timedelta(days=30)).isoformat())
    add.get_by_role("button", name="添加建议").click()
    expect(page.locator("#recommendations")).to_contain_text("加快煤电一体化项目审批")
    page.get_by_role("button", name="报分管副主席审核").click()
    expect(page.locator("#outcome-status")).to_have_text("报分管副主席审核")

    _login(page, base, org.vice_chair.username)
    page.goto(consultation_url)
    page.get_by_role("button", name="审核通过，报主席签发").click()
    expect(page.locator("#outcome-status")).to_have_text("报主席签发")
    _login(page, base, chair.username)
    page.goto(consultation_url)
    page.get_by_role("button", name="签发报送").click()
    expect(page.locator("#outcome-status")).to_have_text("已报送")

    # The 批示, recorded by staff.
    _login(page, base, org.staff.username)
    page.goto(consultation_url)
    page.get_by_text("登记领导批示", exact=True).click()
    form = page.locator("form[action$='/instructions/']")
    form.get_by_label("批示领导").fill("市长")
    form.get_by_label("领导层级").select_option(label="市政府主要领导")
    form.get_by_label("批示日期").fill(timezone.localdate().isoformat())
    form.get_by_label("批示内容").fill("请市发改委研究落实。")
    form.get_by_role("button", name="登记").click()
    expect(page.locator("#instructions")).to_contain_text("请市发改委研究落实。")

    # The department answers from its to-do.
    _login(page, base, org.unit.username)
    page.goto(f"{base}/todo/")
    page.get_by_role("link", name=re.compile("反馈协商建议")).first.click()
    page.get_by_label("采纳情况").select_option(label="采纳")
    page.get_by_label("反馈意见").fill("已列入年度重点项目，加快审批。")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.locator("#rec-status")).to_have_text("采纳")

    # Staff close it; the office's plan view shows it complete.
    _login(page, base, org.staff.username)
    page.goto(consultation_url)
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#outcome-status")).to_have_text("反馈完毕")
    _login(page, base, org.office.username)
    page.goto(plan_url)
    expect(page.locator("#plan-items [data-stage]")).to_have_text("反馈完毕")
    c = Consultation.objects.get()
    assert c.status == Consultation.Status.HELD and c.is_key
    assert Recommendation.objects.get().status == Recommendation.Status.ADOPTED


def test_a_member_posts_in_an_online_deliberation_from_a_phone(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    t = thread(org)
    base = live_server.url
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.goto(f"{base}/consultations/")
    page.get_by_role("link", name=re.compile("如何优化营商环境")).click()
    page.get_by_label("我的意见建议").fill("建议设立企业服务专员，一企一策解决问题。")
    page.get_by_role("button", name="发表意见").click()
    expect(page.locator("#posts")).to_contain_text("建议设立企业服务专员")
    # The form fits the phone: no horizontal scrolling.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    post = Post.objects.get()
    assert (post.thread, post.member) == (t, org.member)
