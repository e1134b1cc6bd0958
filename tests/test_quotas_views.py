"""The quota board pages: the office sees the whole body, staff and the vice-chair their
committees, members and outsiders nothing; the office edits its body's quotas and records
evidence; the board's query count does not grow with the data."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity
from evaluation.models import Quota, QuotaEvidence

from . import committee_work_helpers as h

T = Activity.Type


def test_the_office_sees_every_committee_staff_their_own(client, org):
    client.force_login(org.office)
    response = client.get(reverse("evaluation:board"))
    assert response.status_code == 200
    columns = [u.pk for u in response.context["board"].committees]
    assert columns == [org.proposals.pk, org.culture.pk, org.economy.pk, org.education.pk]
    client.force_login(org.staff)
    board = client.get(reverse("evaluation:board")).context["board"]
    assert [u.pk for u in board.committees] == [org.economy.pk]
    assert [g.pk for g in board.sector_groups] == [org.economy_group.pk]
    client.force_login(org.vice_chair)
    assert [u.pk for u in client.get(reverse("evaluation:board")).context["board"].committees] == [
        org.economy.pk
    ]
    for user in (org.member_user, org.unit, org.reviewer):
        client.force_login(user)
        assert client.get(reverse("evaluation:board")).status_code == 403


def test_the_board_turns_green_when_the_quota_is_met(client, org):
    client.force_login(org.staff)
    url = reverse("evaluation:board_committee", args=[org.economy.pk])
    assert (
        'data-light="met"'
        not in client.get(url).text.split('data-quota="Q1"')[1].split("data-quota")[0]
    )
    just_now = timezone.localtime() - dt.timedelta(seconds=30)
    h.done_activity(org, starts_at=just_now, type=T.THEORY_STUDY)
    page = client.get(url).text
    q1 = page.split('data-quota="Q1"')[1].split("data-quota")[0]
    assert 'data-light="met"' in q1


def test_a_committee_board_is_for_its_people_only(client, org, other_org):
    url = reverse("evaluation:board_committee", args=[org.economy.pk])
    client.force_login(org.member_user)
    assert client.get(url).status_code == 403
    client.force_login(other_org.office)
    assert client.get(url).status_code == 404
    client.force_login(org.staff)
    assert (
        client.get(reverse("evaluation:board_committee", args=[org.education.pk])).status_code
        == 403
    )
    assert client.get(url).status_code == 200


def test_a_past_year_is_shown_final(client, org):
    client.force_login(org.office)
    year = timezone.localdate().year - 1
    board = client.get(reverse("evaluation:board") + f"?year={year}").context["board"]
    assert board.day == dt.date(year, 12, 31)
    economy = next(u for u in board.committees if u.pk == org.economy.pk)
    assert economy.progress["Q1"].light == "missed"
    # A year before the board's first falls back to today; one no page knows is refused.
    board = client.get(reverse("evaluation:board") + "?year=1990").context["board"]
    assert board.day == timezone.localdate()
    assert client.get(reverse("evaluation:board") + "?year=1900").status_code == 400


def test_member_quotas_page(client, org):
    client.force_login(org.office)
    response = client.get(reverse("evaluation:board_members"))
    assert response.status_code == 200
    assert "社情民意模块尚未上线" in response.text or "社情民意" in response.text
    client.force_login(org.member_user)
    assert client.get(reverse("evaluation:board_members")).status_code == 403


def test_the_office_edits_its_bodys_copy_of_a_quota(client, org, other_org):
    client.force_login(org.office)
    url = reverse("evaluation:quota_edit", args=["Q1"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "target": "2",
            "target_max": "",
            "is_active": "on",
            "reminder_points": "60，80",
            "note": "加强学习",
        },
    )
    assert response.status_code == 302
    mine = Quota.objects.get(body=org.body, code="Q1")
    assert (mine.target, mine.reminder_points, mine.note) == (2, [60, 80], "加强学习")
    assert Quota.objects.get(body=None, code="Q1").target == 1
    assert not Quota.objects.filter(body=other_org.body).exists()
    # Bad input: a clear error, nothing saved.
    response = client.post(url, {"target": "0", "reminder_points": "abc"})
    assert response.status_code == 200
    assert "1 到 99" in response.text
    assert Quota.objects.get(body=org.body, code="Q1").target == 2
    # Fields the form does not offer are not changed.
    client.post(url, {"target": "3", "is_active": "on", "metric": "evidence", "scope": "body"})
    mine.refresh_from_db()
    assert (mine.target, mine.metric, mine.scope) == (3, "activities", "committee")
    client.force_login(org.staff)
    assert client.get(url).status_code == 403
    assert client.get(reverse("evaluation:quota_edit", args=["Q99"])).status_code == 403
    client.force_login(org.office)
    assert client.get(reverse("evaluation:quota_edit", args=["Q99"])).status_code == 404


def test_the_office_records_evidence_with_a_file(client, org, other_org):
    client.force_login(org.office)
    response = client.post(
        reverse("evaluation:evidence_add"),
        {
            "quota_code": "Q22",
            "date": timezone.localdate().isoformat(),
            "title": "政协委员履职导引",
            "file": SimpleUploadedFile("履职导引.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert response.status_code == 302
    evidence = QuotaEvidence.objects.get()
    assert evidence.original_name == "履职导引.pdf"
    file_url = reverse("evaluation:evidence_file", args=[evidence.pk])
    response = client.get(file_url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    board = client.get(reverse("evaluation:board")).context["board"]
    assert board.body_unit.progress["Q22"].light == "met"
    # Not a quota that takes evidence; a future date.
    client.post(
        reverse("evaluation:evidence_add"), {"quota_code": "Q1", "date": "2024-01-01", "title": "x"}
    )
    client.post(
        reverse("evaluation:evidence_add"),
        {
            "quota_code": "Q22",
            "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            "title": "x",
        },
    )
    assert QuotaEvidence.objects.count() == 1
    client.force_login(other_org.office)
    assert client.get(file_url).status_code == 404
    assert client.post(reverse("evaluation:evidence_delete", args=[evidence.pk])).status_code == 404
    client.force_login(org.office)
    client.post(reverse("evaluation:evidence_delete", args=[evidence.pk]))
    assert not QuotaEvidence.objects.exists()


def test_the_board_page_query_count_does_not_grow(client, org):
    client.force_login(org.office)
    url = reverse("evaluation:board")
    client.get(url)

    def count() -> int:
        cache.clear()  # the computation is what is counted, not a cached board
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    day = timezone.localdate() - dt.timedelta(days=1)
    for n in range(8):
        h.held_activity(
            org, day=day, type=T.MEMBER_VISIT, present=[h.new_member(org, name=f"委员{n}")]
        )
    assert count() == few
    assert few <= 25


def test_the_board_is_cached_until_a_counted_record_changes(client, org):
    client.force_login(org.staff)
    url = reverse("evaluation:board_committee", args=[org.economy.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as cached:
        page = client.get(url).text
    # Served from the cache: no counting query runs (only the page frame's own queries).
    assert not any("FILTER" in q["sql"] for q in cached.captured_queries)
    assert 'data-light="met"' not in page.split('data-quota="Q1"')[1].split("data-quota")[0]
    just_now = timezone.localtime() - dt.timedelta(seconds=30)
    h.done_activity(org, starts_at=just_now, type=T.THEORY_STUDY)
    page = client.get(url).text
    assert 'data-light="met"' in page.split('data-quota="Q1"')[1].split("data-quota")[0]
