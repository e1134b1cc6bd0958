"""The statistics page (issue 3): every number checked against a hand-built data set; the
Excel and PDF exports; the counts other modules read (Q13/Q14 collective proposals)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from proposals import services
from proposals.models import Proposal
from proposals.selectors import (
    collective_proposal_counts,
    proposal_statistics,
    proposals_of_member,
)

from . import proposals_helpers as h
from .test_pdf import pdf_fonts, pdf_text


@pytest.fixture
def data(org):
    """Ten proposals of this year (one a draft), one of last year; see each comment."""
    o = org
    p1 = h.evaluated(o, title="P1 满意后办结")
    services.proposal_close(proposal=p1, by=o.office)
    p2 = h.assigned(o, by=o.other_member_user, title="P2 主办加协办", co=[o.other_department])
    co = p2.assignments.get(role="co")
    services.assignment_send_opinion(assignment=co, by=_other_unit(o), opinion="同意")
    lead = h.lead_assignment(p2)
    h.contact(o, lead)
    h.reply(o, lead, code="B")
    services.proposal_evaluate(proposal=p2, by=o.other_member_user, result="basically")
    p3 = h.assigned(
        o,
        by=o.staff,
        kind="collective",
        organiser=o.economy,
        title="P3 集体分办",
        separate=[o.department, o.other_department],
    )
    mine = p3.assignments.get(department=o.department)
    h.contact(o, mine)
    h.reply(o, mine, code="A")
    late = timezone.localdate() - dt.timedelta(days=3)
    p3.assignments.filter(department=o.other_department).update(
        deadline=late, original_deadline=late
    )
    p4 = h.submitted(o, title="P4 不予立案")
    services.proposal_decide(
        proposal=p4, by=o.reviewer, review=services.Review("reject", ground="personal")
    )
    p5 = h.submitted(o, by=o.other_member_user, title="P5 并入P1")
    services.proposal_decide(proposal=p5, by=o.reviewer, review=services.Review("merge", target=p1))
    p6 = h.submitted(o, title="P6 撤回")
    services.proposal_withdraw(proposal=p6, by=o.member_user)
    h.submitted(o, title="P7 待审查")
    h.draft(o, title="P8 草稿")
    p9 = h.assigned(o, by=o.other_member_user, title="P9 退回", lead=o.other_department)
    services.assignment_return(
        assignment=h.lead_assignment(p9), by=_other_unit(o), reason="职责不符"
    )
    p10 = h.replied(o, title="P10 重新办理")
    first = h.lead_assignment(p10)
    # Round 1 was answered with C, round 2 with A: only the final round counts.
    first.reply.category = h.category(o, "C")
    first.reply.save()
    services.proposal_evaluate(
        proposal=p10, by=o.member_user, result="dissatisfied", comment="答复空泛"
    )
    p10.refresh_from_db()
    second = p10.assignments.get(round=2)
    h.contact(o, second)
    h.reply(o, second, code="A")
    services.proposal_evaluate(proposal=p10, by=o.member_user, result="satisfied")
    old = h.filed(o, title="去年的提案")
    Proposal.objects.filter(pk=old.pk).update(year=old.year - 1)
    return o


def _other_unit(org):
    from portal.models import Role, RoleAssignment
    from portal.services import role_grant

    from .factories import UserFactory

    existing = RoleAssignment.objects.filter(department=org.other_department).first()
    if existing:
        return existing.user
    user = UserFactory(body=org.body, username="jyj")
    role_grant(
        user=user, role=Role.HANDLING_UNIT, body=org.body, department=org.other_department, by=None
    )
    return user


def rows(items) -> dict:
    return {r.name: (r.count, r.filed) if r.filed is not None else r.count for r in items}


def test_the_numbers_match_the_hand_built_data_set(data):
    stats = proposal_statistics(body_id=data.body.pk, year=timezone.localdate().year)
    assert stats.totals == {
        "submitted": 9,
        "filed": 5,
        "merged": 1,
        "not_filed": 1,
        "withdrawn": 1,
        "waiting": 1,
        "answered": 3,
        "rehandled": 1,
        "key": 0,
        "excellent": 0,
        "collective": 1,
    }
    assert {r.name: r.count for r in stats.by_status} == {
        "待审查": 1,
        "立案": 1,
        "并案": 1,
        "不予立案": 1,
        "撤回": 1,
        "办理中": 1,
        "已评价": 2,
        "办结": 1,
    }
    assert rows(stats.by_kind) == {"个人提案": (8, 4), "集体提案": (1, 1)}
    assert rows(stats.by_category) == {"经济建设": (9, 5)}
    assert rows(stats.by_sector) == {"经济界": (5, 2), "教育界": (3, 2), "集体提案": (1, 1)}
    assert rows(stats.by_committee) == {"经济委员会": (6, 3), "教科卫体委员会": (3, 2)}
    units = {u.name: u for u in stats.by_unit}
    ndrc, education = units["市发展和改革委员会"], units["市教育局"]
    assert (ndrc.assigned, ndrc.lead, ndrc.co, ndrc.separate) == (5, 4, 0, 1)
    assert (ndrc.returned, ndrc.active, ndrc.replied, ndrc.on_time, ndrc.overdue) == (
        0,
        0,
        5,
        5,
        0,
    )
    assert ndrc.by_category == (3, 1, 1)
    assert (education.assigned, education.lead, education.co, education.separate) == (3, 1, 1, 1)
    assert (education.returned, education.active, education.replied, education.overdue) == (
        1,
        1,
        0,
        1,
    )
    assert education.by_category == (0, 0, 0)
    assert rows(stats.by_reply_category) == {
        "A 已解决或采纳": 3,
        "B 正在解决或列入计划": 1,
        "C 因条件限制留作参考": 0,
    }
    assert rows(stats.satisfaction) == {"满意": 2, "基本满意": 1, "不满意": 0}
    assert stats.charts["units"]["overdue"][list(units).index("市教育局")] == 1


def test_last_years_proposals_are_counted_in_their_year(data):
    stats = proposal_statistics(body_id=data.body.pk, year=timezone.localdate().year - 1)
    assert stats.totals["submitted"] == 1 and stats.totals["filed"] == 1


def test_the_page_the_excel_and_the_pdf_show_the_same_numbers(data, client, tmp_path):
    client.force_login(data.office)
    page = client.get(reverse("proposals:statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="total-submitted">9<' in html and 'id="total-filed">5<' in html
    assert 'id="chart-data"' in html and "vendor/chartjs/chart.umd.min.js" in html
    response = client.get(reverse("proposals:statistics_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = {
        (row[0], row[1]): row[2:] for row in workbook.active.iter_rows(min_row=2, values_only=True)
    }
    assert sheet["承办单位", "市教育局"][:4] == (3, None, 0, 1)
    assert sheet["承办单位", "市发展和改革委员会"][4:] == (3, 1, 1)
    assert sheet["满意度", "满意"][0] == 2
    pdf = client.get(reverse("proposals:statistics_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(pdf.content, tmp_path).split())
    assert "提案统计" in text and "市发展和改革委员会" in text
    assert "CJK" in pdf_fonts(pdf.content, tmp_path)
    # Issue 10, defect 3: every headline figure, with its label, is the same in all three
    # (重新办理 was 10 in the PDF and 1 on the page: two different counts under one word).
    stats = proposal_statistics(body_id=data.body.pk, year=timezone.localdate().year)
    labels = [label for _key, label, _n in stats.total_rows]
    assert len(set(labels)) == len(labels) and "曾重新办理" in labels
    header = "".join(labels)
    figures = "".join(str(n) for _key, _label, n in stats.total_rows)
    assert header + figures in text
    for key, label, n in stats.total_rows:
        assert f'id="total-{key}">{n}<' in html and label in html
        assert sheet["合计", label][0] == n
    assert "重新办理中" not in labels


def test_the_page_is_cached_until_a_proposal_changes(data, client, django_assert_max_num_queries):
    client.force_login(data.office)
    url = reverse("proposals:statistics")
    assert 'id="total-submitted">9<' in client.get(url).content.decode()
    with django_assert_max_num_queries(10):  # session, user, powers, unread, years
        assert 'id="total-submitted">9<' in client.get(url).content.decode()
    h.submitted(data, title="P12 新提交")
    assert 'id="total-submitted">10<' in client.get(url).content.decode()


def test_the_proposal_pdf_carries_its_replies(data, client, tmp_path):
    proposal = Proposal.objects.get(title="P10 重新办理")
    client.force_login(data.member_user)
    response = client.get(reverse("proposals:proposal_pdf", args=[proposal.pk]))
    text = "".join(pdf_text(response.content, tmp_path).split())
    assert proposal.number in text and "重新办理答复" in text and "不满意" in text


def _year_so_far(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    since = timezone.make_aware(dt.datetime.combine(dt.date(day.year, 1, 1), dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return since, until


def test_collective_counts_for_the_quota_board_count_filed_proposals_only(data):
    today = timezone.localdate()
    counts = collective_proposal_counts(data.body.pk, *_year_so_far(today))
    before = counts.get(("committee", data.economy.pk), 0)
    group = ("sector_group", data.economy_group.pk)
    assert group not in counts
    # Waiting for review, withdrawn, draft, rejected: none of them counts (issue 9, Q13/Q14).
    waiting = h.submitted(data, by=data.staff, kind="collective", organiser=data.economy_group)
    withdrawn = h.submitted(data, by=data.staff, kind="collective", organiser=data.economy_group)
    services.proposal_withdraw(proposal=withdrawn, by=data.staff)
    h.draft(data, by=data.staff, kind="collective", organiser=data.economy_group)
    rejected = h.submitted(data, by=data.staff, kind="collective", organiser=data.economy_group)
    services.proposal_decide(
        proposal=rejected,
        by=data.reviewer,
        review=services.Review(decision="reject", ground="academic", conversion=""),
    )
    assert group not in collective_proposal_counts(data.body.pk, *_year_so_far(today))
    # Filed: counts for the group, not for the committee it is linked to.
    services.proposal_decide(
        proposal=waiting, by=data.reviewer, review=services.Review(decision="file")
    )
    counts = collective_proposal_counts(data.body.pk, *_year_so_far(today))
    assert counts[group] == 1
    assert counts.get(("committee", data.economy.pk), 0) == before
    yesterday = today - dt.timedelta(days=1)
    assert group not in collective_proposal_counts(data.body.pk, *_year_so_far(yesterday))


def test_a_members_proposals_as_first_proposer_or_co_proposer(org):
    today = timezone.localdate()
    own = h.submitted(org)
    joint = h.joint_awaiting(org, title="联名")
    services.signer_answer(proposal=joint, by=org.other_member_user, accept=True)
    found = {
        p.pk: p.as_first
        for p in proposals_of_member(member_id=org.other_member.pk, start=today, end=today)
    }
    assert found == {joint.pk: False}
    found = {
        p.pk: p.as_first
        for p in proposals_of_member(member_id=org.member.pk, start=today, end=today)
    }
    assert found == {own.pk: True, joint.pk: True}
