"""The statistics of 社情民意 on a hand-built set: the page, the .xlsx workbook and the
annual adoption report (PDF) show the same numbers."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from public_opinion import services
from public_opinion.models import AdoptionLevel, RejectionReason

from .public_opinion_helpers import (
    accepted_report,
    draft,
    info_editor,
    member_report,
    submitted_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org):
    """3 member items (1 accepted+adopted at region, 1 rejected, 1 waiting), 1 collective
    item of the economy committee (accepted), 1 draft (not counted)."""
    editor = info_editor(org)
    adopted = accepted_report(org, title="采用的", topic="ecology")
    level = AdoptionLevel.objects.get(body=org.body, code="region")
    services.adoption_record(
        report=adopted, level=level, adopted_on=timezone.localdate(), by=editor
    )
    rejected = submitted_report(org, user=org.other_member_user, title="不采用的", topic="ecology")
    services.report_reject(
        report=rejected, reason=RejectionReason.objects.filter(body=org.body).first(), by=editor
    )
    submitted_report(org, title="待受理的", topic="livelihood")
    values = draft(organiser_committee=org.economy, title="集体的", topic="economy")
    collective = services.report_create(body_id=org.body.pk, draft=values, by=org.staff)
    services.report_submit(report=collective, by=org.staff)
    services.report_accept(report=collective, by=editor)
    member_report(org, title="草稿")
    return org


EXPECTED_TOPIC = {"生态环境": [2, 1, 1], "社会民生": [1, 0, 0], "经济发展": [1, 1, 0]}
EXPECTED_MEMBER = {"周委员": [2, 1, 1], "吴委员": [1, 0, 0]}


def _page_tables(html: str) -> dict[str, dict[str, list[int]]]:
    import re

    tables = {}
    for title, body in re.findall(r'data-title="([^"]+)">.*?<tbody>(.*?)</tbody>', html, re.S):
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            if cells and cells[1:] and all(c.isdigit() for c in cells[1:]):
                rows[cells[0]] = [int(c) for c in cells[1:]]
        tables[title] = rows
    return tables


def test_page_excel_and_pdf_agree(data, client):
    org = data
    year = timezone.localdate().year
    client.force_login(info_editor(org))
    html = client.get(reverse("public_opinion:statistics"), {"year": year}).content.decode()
    assert "共报送 4 条，已受理 2 条。" in html
    page = _page_tables(html)
    assert page["按领域"] == EXPECTED_TOPIC
    assert page["按委员"] == EXPECTED_MEMBER
    assert page["按专委会"]["经济委员会"] == [3, 2, 1]  # 吴委员 sits in 教科卫体委员会
    assert page["按采用层级"]["自治区政协采用"] == [1]
    assert page["按状态"] == {"已采用": [1], "不予采用": [1], "待受理": [1], "已受理": [1]}

    response = client.get(reverse("public_opinion:statistics_xlsx"), {"year": year})
    book = load_workbook(BytesIO(response.content))
    for title, rows in page.items():
        sheet = book[title]
        found = {r[0]: list(r[1:]) for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert found == rows, title

    pdf = client.get(reverse("public_opinion:adoption_report_pdf"), {"year": year}).content
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "共报送 4 条，已受理 2 条" in text.replace("\n", "")
    assert "自治区政协采用" in text and "采用的" in text


def test_excel_cells_are_escaped(org, client):
    accepted_report(org, title="=HYPERLINK(1)")
    client.force_login(info_editor(org))
    response = client.get(reverse("public_opinion:statistics_xlsx"))
    book = load_workbook(BytesIO(response.content))
    names = [r[0] for r in book["按委员"].iter_rows(min_row=2, values_only=True)]
    assert names == ["周委员"]


def test_the_higher_body_counts_what_lower_bodies_sent(org, other_org):
    from public_opinion.reports import statistics

    org.body.parent = other_org.body
    org.body.save()
    sent = [accepted_report(org), accepted_report(org, title="第二条")]
    editor, upper = info_editor(org), info_editor(other_org)
    forwardings = [
        services.report_forward(report=r, to_body=other_org.body, by=editor) for r in sent
    ]
    services.forwarding_accept(forwarding=forwardings[0], by=upper)
    stats = statistics(other_org.body.pk, timezone.localdate().year)
    assert [(r.label, r.items, r.accepted, r.adopted) for r in stats.by_body] == [
        (org.body.name, 2, 1, 0)
    ]


def test_the_cached_statistics_follow_each_change(data, other_org, django_assert_num_queries):
    """The page reads the statistics from the cache; a submission, an adoption or a
    committee's new name shows at once, and another body's statistics stay cached."""
    from public_opinion.reports import cached_statistics

    org = data
    year = timezone.localdate().year
    assert cached_statistics(org.body.pk, year).total == 4
    cached_statistics(other_org.body.pk, year)
    with django_assert_num_queries(0):
        assert cached_statistics(org.body.pk, year).total == 4

    submitted_report(org, title="新报送的", topic="livelihood")
    with django_assert_num_queries(0):
        cached_statistics(other_org.body.pk, year)  # another body's: still cached
    stats = cached_statistics(org.body.pk, year)
    assert stats.total == 5
    assert {r.label: r.items for r in stats.by_topic}["社会民生"] == 2

    waiting = stats.total - stats.accepted
    report = submitted_report(org, title="再受理的", topic="ecology")
    services.report_accept(report=report, by=info_editor(org))
    stats = cached_statistics(org.body.pk, year)
    assert (stats.total, stats.total - stats.accepted) == (6, waiting)

    org.economy.name = "经济与发展委员会"
    org.economy.save()
    labels = [r.label for r in cached_statistics(org.body.pk, year).by_committee]
    assert "经济与发展委员会" in labels and "经济委员会" not in labels


def test_the_lists_totals_follow_each_change(org, client):
    """The totals of 我的信息, the editors' queue and all items are kept between requests
    (portal.paging) and follow a new item, a co-author and an acceptance."""
    from public_opinion.models import Author

    def total(name: str) -> int:
        return client.get(reverse(name)).context["page"].paginator.count

    client.force_login(org.other_member_user)
    assert total("public_opinion:my_list") == 0
    report = member_report(org, title="联名的")
    Author.objects.create(report=report, member=org.other_member, role=Author.Role.CO, order=2)
    assert total("public_opinion:my_list") == 1  # a co-author sees it among his own

    editor = info_editor(org)
    client.force_login(editor)
    queued = total("public_opinion:queue")
    listed = total("public_opinion:report_list")
    submitted = submitted_report(org, title="新报送的")
    assert total("public_opinion:queue") == queued + 1
    assert total("public_opinion:report_list") == listed + 1
    services.report_accept(report=submitted, by=editor)
    assert total("public_opinion:queue") == queued
    assert total("public_opinion:report_list") == listed + 1
