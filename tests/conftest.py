"""Shared fixtures: one small body with a person in each role, and one other body whose
people must never see ours. Browser tests use Debian's chromium (STACK.md)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from members.models import Member
from members.services import member_create, member_open_account
from organisation.models import Body, Committee, Department, Sector, SectorGroup, Term
from portal.models import Role, User
from portal.services import role_grant

from .factories import PASSWORD, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(optionalhook=True)  # without pytest-xdist (-p no:xdist) no such hook
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile`, except that a package whose conftest seeds data for all its
    modules (tests/demo/) is one unit of work: one worker seeds it once, instead of
    every worker that is handed one of its files seeding it again."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SHARED_PACKAGE if path.startswith(SHARED_PACKAGE) else path

    return Scheduling(config, log)


SHARED_PACKAGE = "tests/demo/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """A browser test fails when the Content-Security-Policy blocked anything on its pages
    (Chromium reports each refusal on the console): an inline script, an on…= handler, a
    style or a source the policy does not allow (issue 11)."""
    if "page" not in request.fixturenames:
        yield []
        return
    page = request.getfixturevalue("page")
    if not hasattr(page, "on"):  # a test's own parameter named `page` (a URL name), no browser
        yield []
        return
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield refused  # a test that provokes a refusal on purpose empties the list
    assert not refused, refused


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, the database's rows as migrations left them.

    A transactional test ends with a flush that empties every table. Its
    serialized_rollback makes the flush skip post_migrate (so no content types or
    permissions come back), and Django restores the rows only when the next *transactional*
    test starts. Under --dist loadfile a worker may run ordinary tests after a transactional
    file (xdist hands out the biggest files first), so the rows are restored here, right
    after the flush, from the copy Django serialized when it created the test database."""
    result = yield
    if nextitem is None:  # the session is over: the test databases are gone already
        return result
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reset_axes_cache():
    from django.core.cache import cache

    from portal import navigation, todos

    cache.clear()
    todos.COUNT_QUERIES.clear()  # a user's compiled counting query (kept 60 s)
    navigation.MENUS.clear()  # a user's menu (kept 60 s)


@dataclass
class Org:
    """A body with its term, committees, groups, sectors, departments and one person per
    role. Attribute names say who is who."""

    body: Body
    term: Term
    proposals: Committee
    culture: Committee
    economy: Committee
    education: Committee
    economy_group: SectorGroup
    education_group: SectorGroup
    economy_sector: Sector
    education_sector: Sector
    department: Department
    other_department: Department
    office: User
    staff: User
    vice_chair: User
    member_user: User
    member: Member
    other_member_user: User
    other_member: Member
    unit: User
    reviewer: User
    editor: User

    def login_of(self, role: str) -> User | None:
        return {
            "office": self.office,
            "staff": self.staff,
            "vice_chair": self.vice_chair,
            "member": self.member_user,
            "unit": self.unit,
            "reviewer": self.reviewer,
            "editor": self.editor,
        }.get(role)


ORG_NAME = "鄂尔多斯市政协"
OTHER_ORG_NAME = "康巴什区政协"


def build_org(name: str = ORG_NAME) -> Org:
    body = Body.objects.create(name=name, short_name=name[:3], level=Body.Level.MUNICIPAL)
    # The term runs at least a year past today, so "seated today" holds whenever CI runs.
    term = Term.objects.create(
        body=body,
        number=4,
        name="第四届",
        start_date=dt.date(2022, 1, 1),
        end_date=max(dt.date(2026, 12, 31), timezone.localdate() + dt.timedelta(days=366)),
    )
    proposals = Committee.objects.create(body=body, name="提案委员会", kind="proposals", order=1)
    culture = Committee.objects.create(
        body=body, name="文化文史和学习委员会", kind="culture_history", order=2
    )
    economy = Committee.objects.create(body=body, name="经济委员会", kind="economy", order=3)
    education = Committee.objects.create(
        body=body, name="教科卫体委员会", kind="education", order=4
    )
    economy_group = SectorGroup.objects.create(body=body, name="经济界活动组", committee=economy)
    education_group = SectorGroup.objects.create(
        body=body, name="教育界活动组", committee=education
    )
    economy_sector = Sector.objects.create(body=body, name="经济界", group=economy_group)
    education_sector = Sector.objects.create(body=body, name="教育界", group=education_group)
    department = Department.objects.create(body=body, name="市发展和改革委员会")
    other_department = Department.objects.create(body=body, name="市教育局")

    def user(username: str, full_name: str) -> User:
        return UserFactory(username=f"{username}@{body.pk}", full_name=full_name, body=body)

    def member(code: str, name: str, sector: Sector) -> tuple[User, Member]:
        record = member_create(
            body_id=body.pk,
            data={
                "code": code,
                "name": name,
                "gender": "male",
                "affiliation": "non_party",
                "sector": sector,
                "phone": f"1390000{code[-4:]}",
            },
            term=term,
            by=None,
        )
        login = member_open_account(
            member=record, username=f"{code}@{body.pk}", password=PASSWORD, by=None
        )
        return login, record

    office = user("office", "办公室张主任")
    role_grant(user=office, role=Role.OFFICE, body=body, by=None)
    staff = user("staff", "经济委李干事")
    role_grant(user=staff, role=Role.COMMITTEE_STAFF, body=body, committee=economy, by=None)
    vice_chair = user("vicechair", "王副主席")
    role_grant(user=vice_chair, role=Role.VICE_CHAIR, body=body, committee=economy, by=None)
    unit = user("unit", "发改委刘科长")
    role_grant(user=unit, role=Role.HANDLING_UNIT, body=body, department=department, by=None)
    reviewer = user("reviewer", "审查专家赵")
    role_grant(user=reviewer, role=Role.REVIEWER, body=body, by=None)
    editor = user("editor", "文史编审钱")
    role_grant(user=editor, role=Role.ARCHIVES_EDITOR, body=body, by=None)
    member_user, member_record = member("W0001", "周委员", economy_sector)
    other_member_user, other_member = member("W0002", "吴委员", education_sector)
    return Org(
        body=body,
        term=term,
        proposals=proposals,
        culture=culture,
        economy=economy,
        education=education,
        economy_group=economy_group,
        education_group=education_group,
        economy_sector=economy_sector,
        education_sector=education_sector,
        department=department,
        other_department=other_department,
        office=office,
        staff=staff,
        vice_chair=vice_chair,
        member_user=member_user,
        member=member_record,
        other_member_user=other_member_user,
        other_member=other_member,
        unit=unit,
        reviewer=reviewer,
        editor=editor,
    )


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def _kept_for_module(request, django_db_blocker, name: str):
    """A body built once for the test module, inside a transaction that is rolled back
    when the module is done; each test runs in a savepoint of it (pytest-django's `db`),
    so what a test writes is gone before the next one, as if it had built its own. Tests
    get a deep copy, so the objects carry nothing (a cached permission, a changed field)
    from one test to the next. A module with transactional tests (their transactions must
    really commit) builds a body per test instead: None."""
    module = request.node.path
    if any(_transactional(item) for item in request.session.items if item.path == module):
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_org(name)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _module_org(request, django_db_setup, django_db_blocker):
    yield from _kept_for_module(request, django_db_blocker, ORG_NAME)


@pytest.fixture(scope="module")
def _module_other_org(request, django_db_setup, django_db_blocker):
    yield from _kept_for_module(request, django_db_blocker, OTHER_ORG_NAME)


# The module's body is a parameter, not asked for inside: pytest then sets it up (a
# module-scoped fixture) before the test's own savepoint (`db`).
@pytest.fixture
def org(_module_org, db) -> Org:
    return build_org(ORG_NAME) if _module_org is None else copy.deepcopy(_module_org)


@pytest.fixture
def other_org(_module_other_org, db) -> Org:
    """A second body: its people are outsiders to `org`."""
    if _module_other_org is None:
        return build_org(OTHER_ORG_NAME)
    return copy.deepcopy(_module_other_org)


@pytest.fixture
def quota_org(org):
    """`org` with its term fixed to 2022–2026, whatever day the tests run."""
    org.term.end_date = dt.date(2026, 12, 31)
    org.term.save()
    return org
