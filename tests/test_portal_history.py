"""The office's change history (变更记录): keyset pages (no OFFSET), filters by kind of
record, person and days, values as people read them (是/否, names of related records),
no empty rows for logins (issue 10, defect 5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from members.models import Member
from members.services import member_update
from portal.history import Cursor, HistoryFilters, history_page
from portal.models import User

from .factories import PASSWORD

URL = reverse("portal:history")


def _members(org, count: int, start: int = 100) -> list[Member]:
    return bulk_create_with_history(
        [
            Member(
                body=org.body,
                code=f"H{start + i:05d}",
                name=f"历史委员{i}",
                gender="female",
                affiliation="non_party",
                sector=org.economy_sector,
            )  # fmt: skip
            for i in range(count)
        ],
        Member,
    )


def _all_pages(org, filters: HistoryFilters | None = None, size: int = 7):
    seen, cursor, pages = [], None, 0
    while True:
        page = history_page(
            body_id=org.body.pk, filters=filters or HistoryFilters(), cursor=cursor, size=size
        )
        seen.extend((c.at, c.source, c.record) for c in page.changes)
        pages += 1
        if page.older is None:
            return seen, pages
        cursor = page.older


def test_pages_follow_each_other_without_gaps_or_repeats(org):
    _members(org, 30)
    everything = history_page(body_id=org.body.pk, filters=HistoryFilters(), size=10_000)
    assert everything.older is None and everything.newer is None
    expected = [(c.at, c.source, c.record) for c in everything.changes]
    assert len(expected) > 40  # the org's own records and the 30 members
    seen, pages = _all_pages(org)
    assert seen == expected
    assert pages >= len(expected) / 7
    # Newest first.
    assert [at for at, *_ in seen] == sorted((at for at, *_ in seen), reverse=True)


def test_the_newer_page_is_the_one_before(org):
    _members(org, 30)
    first = history_page(body_id=org.body.pk, filters=HistoryFilters(), size=10)
    second = history_page(
        body_id=org.body.pk, filters=HistoryFilters(), cursor=first.older, size=10
    )
    back = history_page(
        body_id=org.body.pk, filters=HistoryFilters(), cursor=second.newer, older=False, size=10
    )
    assert [c.record for c in back.changes] == [c.record for c in first.changes]
    assert back.newer is None  # nothing is newer than the first page
    assert back.older == first.older


def test_merging_in_python_gives_the_same_pages(org, monkeypatch):
    """SQLite cannot order and limit the parts of a UNION: the streams merge in Python."""
    _members(org, 20)
    union, _ = _all_pages(org)
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    merged, _ = _all_pages(org)
    assert merged == union


def test_ties_in_time_across_kinds_of_record_are_not_lost(org):
    """Rows of different kinds written at the same instant: the order (time, kind, id)
    is total, so a page boundary between them loses none."""
    at = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    for member in _members(org, 3):
        member.history.update(history_date=at)
    org.economy.history.update(history_date=at)
    seen, _ = _all_pages(org, size=1)
    assert len(seen) == len(set(seen))
    assert sum(1 for when, *_ in seen if when == at) == 3 + org.economy.history.count()


def test_it_filters_by_kind_person_and_days(org, client):
    member = org.member
    member_update(member=member, data={"employer": "伊泰集团"}, expected_version=member.version,
                  by=org.office)  # fmt: skip
    member.refresh_from_db()
    member_update(member=member, data={"position": "总经理"}, expected_version=member.version,
                  by=org.staff)  # fmt: skip
    client.force_login(org.office)
    by_office = client.get(URL, {"source": "member", "person": "张主任"})
    records = [c.changes for c in by_office.context["page"].changes]
    assert [[f.field for f in fields] for fields in records] == [["工作单位"]]
    by_staff = client.get(URL, {"person": "李干事"}).context["page"].changes
    assert [c.changes[0].new for c in by_staff] == ["总经理"]
    assert client.get(URL, {"person": "没有这个人"}).context["page"].changes == []
    today = timezone.localdate()
    assert client.get(URL, {"since": today + dt.timedelta(days=1)}).context["page"].changes == []
    yesterday = client.get(URL, {"until": today - dt.timedelta(days=1)})
    assert yesterday.context["page"].changes == []
    todays = client.get(URL, {"since": today, "until": today, "source": "member"})
    assert len(todays.context["page"].changes) == Member.history.filter(body=org.body).count()


def test_a_reversed_date_range_is_an_error_not_a_crash(org, client):
    client.force_login(org.office)
    response = client.get(URL, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()


@pytest.mark.parametrize(
    "cursor", ["x", "2026-01-01T00:00:00+08:00~member~", "2026-13-01~member~1",
               "2026-01-01T00:00:00~member~1", "2026-01-01T00:00:00+08:00~nope~1", "~~", "9" * 40]
)  # fmt: skip
def test_a_malformed_cursor_shows_the_first_page(org, client, cursor):
    client.force_login(org.office)
    assert Cursor.decode(cursor) is None
    response = client.get(URL, {"older": cursor, "newer": cursor})
    assert response.status_code == 200
    assert response.context["page"].newer is None


def test_values_read_as_people_say_them(org, client):
    """Issue 10, defect 5: booleans as 是/否, related records by name, not "True" or "#57"."""
    member = org.member
    member_update(
        member=member,
        data={"is_standing": True, "sector": org.education_sector},
        expected_version=member.version,
        by=org.office,
    )
    client.force_login(org.office)
    response = client.get(URL, {"source": "member"})
    latest = response.context["page"].changes[0]
    shown = {f.field: (str(f.old), str(f.new)) for f in latest.changes}
    assert shown["常委"] == ("否", "是")
    assert shown["界别"] == ("经济界", "教育界")
    html = response.content.decode()
    assert not re.search(r">\s*(True|False|None)\s*<", html)
    assert not re.search(r"#\d+", html)
    seats = client.get(URL, {"source": "membership"}).content.decode()
    assert "教科卫体委员会" in seats and not re.search(r"#\d+", seats)


def test_a_deleted_related_record_is_named_as_deleted(org, client):
    from organisation.models import Sector

    spare = Sector.objects.create(body=org.body, name="临时界别")
    member = org.member
    member_update(member=member, data={"sector": spare}, expected_version=member.version,
                  by=org.office)  # fmt: skip
    member.refresh_from_db()
    member_update(member=member, data={"sector": org.economy_sector},
                  expected_version=member.version, by=org.office)  # fmt: skip
    spare_pk = spare.pk
    spare.delete()
    client.force_login(org.office)
    changes = client.get(URL, {"source": "member"}).context["page"].changes
    assert str(changes[0].changes[0].old) == f"已删除的记录（编号 {spare_pk}）"


def test_logging_in_writes_no_version_and_no_empty_row(org, client):
    user = org.member_user
    versions = user.history.count()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == versions
    client.force_login(org.office)
    for change in client.get(URL, {"source": "user"}).context["page"].changes:
        assert change.changes, change


def test_the_migration_drops_the_empty_versions_logins_wrote(org):
    import importlib

    from django.apps import apps

    user = org.member_user
    for _ in range(3):  # as Django's own receiver did at every login
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
    user.full_name = "周委员（改名）"
    user.save()
    before = list(user.history.order_by("history_id").values_list("history_type", flat=True))
    assert before.count("~") >= 4
    migration = importlib.import_module("portal.migrations.0007_history_without_logins")
    with connection.schema_editor() as editor:
        migration.forwards(apps, editor)
    kept = list(user.history.order_by("history_id"))
    assert [v.history_type for v in kept] == ["+", "~"]
    assert kept[-1].full_name == "周委员（改名）"
    assert User.objects.get(pk=user.pk).history.count() == 2


def test_a_page_costs_the_same_queries_deep_in_the_history(org, client, settings):
    settings.HISTORY_CACHE_SECONDS = 0  # each request reads the history (no cached page)
    client.force_login(org.office)
    _members(org, 120)  # two full pages of records of one shape
    client.get(URL)
    with CaptureQueriesContext(connection) as first:
        page = client.get(URL, {"source": "member"}).context["page"]
    deeper = client.get(URL, {"source": "member", "older": page.older.encode()})
    assert deeper.context["page"].changes
    with CaptureQueriesContext(connection) as second:
        client.get(URL, {"source": "member", "older": page.older.encode()})
    assert len(first) == len(second)
    assert not any("OFFSET" in q["sql"] for q in second.captured_queries)


def test_json_values_read_as_words_not_python():
    """Issue 10, defect 4: "True" and raw lists/dicts in the change history."""
    from portal.history import _json_text

    fields = [
        {"label": "是否参加", "type": "choice", "required": True, "choices": ["参加", "请假"]},
        {"label": "备注", "type": "text", "required": False},
    ]
    assert _json_text(fields) == "是否参加、备注"
    assert _json_text([50, 75, 90]) == "50、75、90"
    assert _json_text(True) == "是" and _json_text(False) == "否"
    assert "True" not in _json_text({"a": True, "b": [False, None]})


@pytest.mark.parametrize("source", ["member_term", "membership"])
def test_seats_of_another_bodys_members_are_not_shown(org, other_org, source):
    """Term and committee seats find their body through the member (members.hooks
    of_members_in): exactly the body's own members' versions, whichever body wrote last."""
    from members.models import CommitteeMembership, MemberTerm
    from portal.history import _rows

    model = {"member_term": MemberTerm, "membership": CommitteeMembership}[source]
    ours = set(model.history.filter(member__body=org.body).values_list("history_id", flat=True))
    theirs = set(
        model.history.filter(member__body=other_org.body).values_list("history_id", flat=True)
    )
    assert ours and theirs
    rows = _rows([source], org.body.pk, HistoryFilters(), None, True, 10_000)
    assert {history_id for _at, history_id, _key in rows} == ours


def test_a_page_is_read_once_until_a_new_version_is_kept_in_its_body(org, other_org, client):
    client.force_login(org.office)
    client.get(URL)
    with CaptureQueriesContext(connection) as cached:
        client.get(URL)
    with CaptureQueriesContext(connection) as fresh:
        client.get(URL, {"source": "member"})  # another page: read
    assert len(fresh) - len(cached) >= 3  # the page's rows, versions, previous versions

    member_update(
        member=other_org.member,
        data={"name": "别处的委员"},
        expected_version=other_org.member.version,
        by=other_org.office,
    )
    with CaptureQueriesContext(connection) as after_other:
        client.get(URL)
    assert len(after_other) == len(cached)  # another body's change: still cached

    member_update(
        member=org.member,
        data={"name": "改名的委员"},
        expected_version=org.member.version,
        by=org.office,
    )
    response = client.get(URL)
    assert response.context["page"].changes[0].record.endswith("改名的委员")  # at once
    assert "改名的委员" in response.content.decode()


def test_a_bulk_write_makes_the_cached_pages_stale(org, client):
    from portal.caching import bulk_saved

    client.force_login(org.office)
    client.get(URL, {"source": "member"})
    _members(org, 1, start=900)
    bulk_saved.send(sender=Member)  # as the services send after a bulk write
    changes = client.get(URL, {"source": "member"}).context["page"].changes
    assert any("历史委员0" in change.record for change in changes)
