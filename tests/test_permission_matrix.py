"""QUALITY.md item 2: every URL × every role against one table of expectations.

A URL pattern that is not in the table fails `test_every_url_is_in_the_table`: a new page
cannot ship without someone deciding who may open it. Public URLs are listed explicitly.
"""

from __future__ import annotations

from dataclasses import fields
from importlib import import_module
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.models import Notification, Role, RoleAssignment
from portal.services import notify

from .conftest import Org, build_org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case, everyone, office_only


def _notification(org: Org) -> int:
    return notify(recipients=[org.member_user], title="测试通知", url="/", email=False)[0].pk


def _editor_assignment(org: Org) -> int:
    return RoleAssignment.objects.get(user=org.editor, role=Role.ARCHIVES_EDITOR).pk


def _seat(org: Org) -> int:
    return org.member.memberships.get().pk


def _unlinked_member(org: Org) -> int:
    from members.models import Member
    from members.services import member_create

    existing = Member.objects.filter(body=org.body, code="W0900").first()
    if existing is not None:
        return existing.pk
    return member_create(
        body_id=org.body.pk,
        data={
            "code": "W0900",
            "name": "冯委员",
            "gender": "male",
            "affiliation": "non_party",
            "sector": org.economy_sector,
        },
        term=org.term,
        by=None,
    ).pk


def _session(org: Org) -> list[int]:
    """The first plenary session of org's term (made once per org)."""
    from organisation.models import PlenarySession

    session, _created = PlenarySession.objects.get_or_create(
        term=org.term,
        number=1,
        defaults={"start_date": org.term.start_date, "end_date": org.term.start_date},
    )
    return [session.pk]


def _office_job(org: Org) -> int:
    """A finished background job of org's office (made once per org)."""
    from django.core.files.base import ContentFile

    from portal.models import Job

    existing = Job.objects.filter(created_by=org.office).first()
    if existing is not None:
        return existing.pk
    job = Job(
        kind="member_roster", title="委员名册（PDF）", created_by=org.office, body=org.body,
        status=Job.Status.DONE, progress=100, result_name="名册.pdf",
        result_type="application/pdf",
    )  # fmt: skip
    job.result.save("roster.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.save()
    return job.pk


def _job_case(method: str = "get", ok: int = OK) -> Case:
    """A job's pages: only the person who asked for it, 404 for everyone else."""
    return Case(
        method=method,
        args=lambda o: [_office_job(o)],
        expect={**{r: GONE for r in ROLES}, "anon": LOGIN, "office": ok},
    )


def _import_batch(org: Org) -> int:
    """A previewed import of org's body (made once per org)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from portal.imports import import_preview
    from portal.models import ImportBatch

    existing = ImportBatch.objects.filter(body=org.body).first()
    if existing is not None:
        return existing.pk
    workbook = Workbook()
    workbook.active.append(["单位名称"])
    workbook.active.append(["市统计局"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("单位.xlsx", buffer.getvalue())
    return import_preview(body=org.body, kind="departments", upload=upload, by=org.office).pk


FOUNDATION: dict[str, Case] = {
    # Authentication: public, or the user's own account.
    "login": Case(expect={**everyone(302), "anon": OK}),
    "logout": Case(method="post", expect={**everyone(302), "anon": 302}),
    "password_change": Case(expect=everyone()),
    "password_change_done": Case(expect=everyone()),
    # Portal
    "portal:home": Case(expect=everyone()),
    "portal:health": Case(expect={role: OK for role in ROLES}),
    "portal:favicon": Case(expect={role: OK for role in ROLES}),
    "portal:notification_list": Case(expect=everyone()),
    "portal:notification_open": Case(
        method="post",
        args=lambda o: [_notification(o)],
        expect={**{r: GONE for r in ROLES}, "anon": LOGIN, "member": DONE},
    ),
    "portal:notifications_read_all": Case(method="post", expect=everyone(DONE)),
    "organisation:user_list": Case(expect=office_only()),
    "organisation:user_create": Case(expect=office_only()),
    "organisation:user_detail": Case(
        args=lambda o: [o.staff.pk], expect=office_only(outsider=GONE)
    ),
    "organisation:role_grant": Case(
        method="post",
        args=lambda o: [o.reviewer.pk],
        data=lambda o: {"role": "archives_editor"},
        expect=office_only(DONE, outsider=GONE),
    ),
    "organisation:user_set_active": Case(
        method="post",
        args=lambda o: [o.reviewer.pk],
        data=lambda o: {"active": "0"},
        expect=office_only(DONE, outsider=GONE),
    ),
    "organisation:user_reset_password": Case(
        method="post",
        args=lambda o: [o.reviewer.pk],
        data=lambda o: {"password": "Xq-9-new-pass"},
        expect=office_only(DONE, outsider=GONE),
    ),
    "organisation:role_revoke": Case(
        method="post",
        args=lambda o: [_editor_assignment(o)],
        expect=office_only(DONE, outsider=GONE),
    ),
    "portal:history": Case(expect=office_only()),
    "portal:job_list": Case(expect=everyone()),
    "portal:job_detail": _job_case(),
    "portal:job_progress": _job_case(),
    "portal:job_download": _job_case(),
    "portal:job_retry": _job_case("post", DONE),
    "members:body_roster_start": Case(method="post", expect=office_only(DONE, outsider=DONE)),
    "portal:import_list": Case(expect=office_only()),
    "portal:import_upload": Case(
        method="post", args=lambda o: ["members"], expect=office_only(DONE, outsider=DONE)
    ),
    "portal:import_template": Case(args=lambda o: ["members"], expect=office_only()),
    "portal:import_preview": Case(
        args=lambda o: [_import_batch(o)], expect=office_only(outsider=GONE)
    ),
    "portal:import_confirm": Case(
        method="post", args=lambda o: [_import_batch(o)], expect=office_only(DONE, outsider=GONE)
    ),
    "portal:import_discard": Case(
        method="post", args=lambda o: [_import_batch(o)], expect=office_only(DONE, outsider=GONE)
    ),
    # Committees and organisation
    "members:committee_list": Case(expect=everyone()),
    "organisation:committee_create": Case(expect=office_only()),
    "members:committee_detail": Case(
        args=lambda o: [o.economy.pk], expect={**everyone(), "outsider": GONE}
    ),
    "organisation:committee_edit": Case(
        args=lambda o: [o.economy.pk],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "outsider": GONE,
        },
    ),
    "members:committee_roster_pdf": Case(
        args=lambda o: [o.economy.pk],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "vice_chair": OK,
            "outsider": GONE,
        },
    ),
    "organisation:body_list": Case(expect=office_only()),
    "organisation:body_create": Case(expect=office_only()),
    "organisation:body_edit": Case(args=lambda o: [o.body.pk], expect=office_only(outsider=GONE)),
    "organisation:term_list": Case(expect=office_only()),
    "organisation:term_create": Case(expect=office_only()),
    "organisation:term_edit": Case(args=lambda o: [o.term.pk], expect=office_only(outsider=GONE)),
    "organisation:session_create": Case(
        args=lambda o: [o.term.pk], expect=office_only(outsider=GONE)
    ),
    "organisation:session_edit": Case(args=_session, expect=office_only(outsider=GONE)),
    "organisation:sector_list": Case(expect=office_only()),
    "organisation:sector_create": Case(expect=office_only()),
    "organisation:sector_edit": Case(
        args=lambda o: [o.economy_sector.pk], expect=office_only(outsider=GONE)
    ),
    "organisation:sector_group_create": Case(expect=office_only()),
    "organisation:sector_group_edit": Case(
        args=lambda o: [o.economy_group.pk], expect=office_only(outsider=GONE)
    ),
    "members:party_group_edit": Case(
        args=lambda o: [o.economy_group.pk], expect=office_only(outsider=GONE)
    ),
    "organisation:department_list": Case(expect=office_only()),
    "organisation:department_export": Case(args=lambda o: ["xlsx"], expect=office_only()),
    "organisation:department_create": Case(expect=office_only()),
    "organisation:department_detail": Case(
        args=lambda o: [o.department.pk],
        expect={**{r: GONE for r in ROLES}, "anon": LOGIN, "office": OK, "unit": OK},
    ),
    "organisation:department_edit": Case(
        args=lambda o: [o.department.pk], expect=office_only(outsider=GONE)
    ),
    # Members
    "members:member_list": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "vice_chair": OK,
            "outsider": OK,
        },
    ),
    "members:member_export": Case(
        args=lambda o: ["csv"],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "vice_chair": OK,
            "outsider": OK,
        },
    ),
    "members:member_create": Case(expect=office_only()),
    "members:member_detail": Case(
        args=lambda o: [o.member.pk],
        expect={
            **{r: GONE for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "staff": OK,
            "vice_chair": OK,
            "member": OK,
        },
    ),
    "members:member_edit": Case(
        args=lambda o: [o.member.pk],
        expect={
            **{r: GONE for r in ROLES},
            "anon": LOGIN,
            "office": OK,
            "member": OK,
            "staff": NO,
            "vice_chair": NO,
        },
    ),
    "members:member_open_account": Case(
        method="post",
        args=lambda o: [_unlinked_member(o)],
        data=lambda o: {"username": "w0900", "password": "Lz-open-2026"},
        expect=office_only(DONE, outsider=GONE),
    ),
    "members:membership_transfer": Case(
        method="post",
        args=lambda o: [o.member.pk],
        data=lambda o: {
            "committee": o.proposals.pk,
            "role": "member",
            "on_date": "2024-03-01",
            "reason": "工作需要",
        },
        expect=office_only(DONE, outsider=GONE),
    ),
    "members:membership_start": Case(
        method="post",
        args=lambda o: [o.economy.pk],
        data=lambda o: {"member": o.member.pk, "role": "member", "start_date": "2024-01-01"},
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "office": DONE,
            "staff": DONE,
            "outsider": GONE,
        },
    ),
    "members:membership_end": Case(
        args=lambda o: [_seat(o)],
        expect={**{r: GONE for r in ROLES}, "anon": LOGIN, "office": OK, "staff": OK},
    ),
}


def _all_tables() -> dict[str, Case]:
    """The foundation's table merged with every tests/matrix_<app>.py table."""
    table = dict(FOUNDATION)
    for path in sorted(Path(__file__).parent.glob("matrix_*.py")):
        module = import_module(f"tests.{path.stem}")
        overlap = set(table) & set(module.TABLE)
        assert not overlap, f"{path.name} repeats {sorted(overlap)}"
        table.update(module.TABLE)
    return table


TABLE = _all_tables()

# URLs outside the table on purpose: Django's admin has its own staff-only login.
EXEMPT_NAMESPACES = {"admin"}


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner in EXEMPT_NAMESPACES:
                continue
            names |= _url_names(entry, f"{inner}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_is_in_the_table():
    missing = _url_names() - set(TABLE)
    assert not missing, f"URLs without permission expectations: {sorted(missing)}"


def _client_for(role: str, org: Org, outsider: Org, client):
    if role == "anon":
        return client
    user = outsider.office if role == "outsider" else org.login_of(role)
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def bodies(django_db_setup, django_db_blocker):
    """Our body and an outsider's, built once for the module inside a transaction that is
    rolled back at its end; each test runs in a savepoint of it, so what one URL's
    successful POST changes is gone before the next URL is tried."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_org(), build_org("康巴什区政协")
        transaction.set_rollback(True)


@pytest.fixture
def _made_afresh(bodies):
    """The records the tables make once per body (kept on the Org object by
    matrix_proposals, in matrix_consultations._MADE) are rolled back with each test's
    savepoint, so each test makes its own again."""
    from . import matrix_consultations

    def forget() -> None:
        matrix_consultations._MADE.clear()
        for org in bodies:
            for key in set(vars(org)) - {field.name for field in fields(org)}:
                delattr(org, key)

    forget()
    yield
    forget()


@pytest.mark.usefixtures("_made_afresh")
@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_answers_each_role_as_the_table_says(name, bodies, db, client):
    case = TABLE[name]
    org, outsider = bodies
    # Roles that succeed go last: a successful POST may change what the next role sees.
    order = sorted(ROLES, key=lambda r: case.expect[r] in (OK, DONE) and r != "anon")
    results = {}
    for role in order:
        client.logout()
        c = _client_for(role, org, outsider, client)
        url = reverse(name, args=case.args(org)) + case.query
        response = getattr(c, case.method)(url, case.data(org))
        results[role] = response.status_code
        if response.status_code == LOGIN and role == "anon" and name not in ("login", "logout"):
            assert "/accounts/login/" in response["Location"], (name, role)
    expected = {role: case.expect[role] for role in order}
    assert results == expected


@pytest.mark.usefixtures("_made_afresh")
def test_get_never_changes_state_on_post_only_urls(bodies, db, client):
    org, _outsider = bodies
    client.force_login(org.office)
    # The records the URLs name are made first (making them notifies and grants roles).
    urls = {
        name: reverse(name, args=case.args(org))
        for name, case in TABLE.items()
        if case.method == "post" and name not in ("logout",)
    }
    before = Notification.objects.count(), RoleAssignment.objects.count()
    for name, url in urls.items():
        assert client.get(url).status_code == 405, name
    assert (Notification.objects.count(), RoleAssignment.objects.count()) == before
