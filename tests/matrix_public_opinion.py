"""Permission expectations of every URL of 社情民意, for every role
(tests/test_permission_matrix.py).

Shapes: a member reads and changes only his own items (404 for anything else; 403 for
the editors' pages of an item he can read); committee staff write collective items and
keep key topics; the office is the information editor of its body (queue, decisions,
issues, adoptions, forwarding, statistics); another body's office ("outsider") gets 404
for every item of ours, except what was forwarded to its body, which it receives."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organisation.models import Body
from portal.models import Notification
from public_opinion import services
from public_opinion.models import (
    AdoptionLevel,
    Attachment,
    Author,
    Forwarding,
    Instruction,
    Issue,
    Report,
)

from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case
from .public_opinion_helpers import draft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OUTSIDER_BODY = "康巴什区政协"


@contextmanager
def _quietly():
    before = set(Notification.objects.values_list("pk", flat=True))
    yield
    Notification.objects.exclude(pk__in=before).delete()


def _expect(**given: int) -> dict[str, int]:
    """Anonymous users go to the login page; roles not named get 404."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


def _forbidden(**given: int) -> dict[str, int]:
    """Pages of a role: everyone else 403."""
    table = {role: NO for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


def _item(org: Org, name: str, *, state: str) -> Report:
    """An item of org's member in `state` (draft, submitted, accepted), made once."""
    title = f"matrix-{name}"
    existing = Report.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing
    with _quietly():
        report = services.report_create(
            body_id=org.body.pk, draft=draft(title=title), by=org.member_user
        )
        services.attachment_add(
            report=report, upload=SimpleUploadedFile("材料.pdf", PDF), by=org.member_user
        )
        if state != "draft":
            services.report_submit(report=report, by=org.member_user)
        if state == "accepted":
            services.report_accept(report=report, by=org.office)
    return report


def _draft(org: Org) -> int:
    return _item(org, "draft", state="draft").pk


def _submitted(org: Org) -> int:
    return _item(org, "submitted", state="submitted").pk


def _accepted(org: Org) -> int:
    return _item(org, "accepted", state="accepted").pk


def _awaiting(org: Org) -> Report:
    """The member's item waiting for a co-author (the other member)."""
    title = "matrix-awaiting"
    existing = Report.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing
    with _quietly():
        report = services.report_create(
            body_id=org.body.pk,
            draft=draft(title=title, coauthors=[org.other_member]),
            by=org.member_user,
        )
        services.report_submit(report=report, by=org.member_user)
    return report


def _invitation(org: Org) -> int:
    """An invitation to the member from the other member."""
    title = "matrix-invitation"
    report = Report.objects.filter(body=org.body, title=title).first()
    if report is None:
        with _quietly():
            report = services.report_create(
                body_id=org.body.pk,
                draft=draft(title=title, coauthors=[org.member]),
                by=org.other_member_user,
            )
            services.report_submit(report=report, by=org.other_member_user)
    return Author.objects.get(report=report, member=org.member).pk


def _draft_attachment(org: Org) -> int:
    return Attachment.objects.get(report_id=_draft(org)).pk


def _submitted_attachment(org: Org) -> int:
    return Attachment.objects.get(report_id=_submitted(org)).pk


def _instruction(org: Org) -> int:
    report = Report.objects.get(pk=_accepted(org))
    existing = Instruction.objects.filter(report=report).first()
    if existing is not None:
        return existing.pk
    with _quietly():
        return services.instruction_record(
            report=report,
            data=services.InstructionData(
                leader="李市长", level="city", instructed_on=timezone.localdate(), text="阅。"
            ),
            by=org.office,
        ).pk


def _other_body() -> Body:
    body = Body.objects.filter(name=OUTSIDER_BODY).first()
    if body is None:
        body = Body.objects.create(name=OUTSIDER_BODY, short_name="康区", level="district")
    return body


def _forwarding(org: Org) -> int:
    """The accepted item forwarded to the outsider's body (org has no parent: any body)."""
    report = Report.objects.get(pk=_accepted(org))
    existing = Forwarding.objects.filter(report=report).first()
    if existing is not None:
        return existing.pk
    with _quietly():
        return services.report_forward(report=report, to_body=_other_body(), by=org.office).pk


def _issue(org: Org, *, published: bool) -> int:
    number = Issue.objects.filter(
        body=org.body, signer="matrix-published" if published else "matrix-draft"
    ).first()
    if number is not None:
        return number.pk
    with _quietly():
        issue = services.issue_create(
            body_id=org.body.pk,
            year=timezone.localdate().year,
            signer="matrix-published" if published else "matrix-draft",
            recipients="市委、市政府",
            by=org.office,
        )
        report = _item(org, f"issue-{published}", state="accepted")
        services.issue_set_entries(issue=issue, report_ids=[report.pk], by=org.office)
        if published:
            services.issue_publish(issue=issue, by=org.office)
    return issue.pk


def _region_level(org: Org) -> int:
    return AdoptionLevel.objects.get(body=org.body, code="region").pk


MEMBER_PAGES = _forbidden(member=OK, staff=OK, office=OK, outsider=OK)
EDITOR_PAGES = _forbidden(office=OK, outsider=OK)

TABLE: dict[str, Case] = {
    # Members and committee staff
    "public_opinion:my_list": Case(expect=MEMBER_PAGES),
    "public_opinion:report_create": Case(expect=_forbidden(member=OK, staff=OK)),
    "public_opinion:report_detail": Case(
        args=lambda o: [_submitted(o)], expect=_expect(member=OK, office=OK)
    ),
    "public_opinion:report_edit": Case(args=lambda o: [_draft(o)], expect=_expect(member=OK)),
    "public_opinion:report_submit": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(member=DONE)
    ),
    "public_opinion:report_recall": Case(
        method="post", args=lambda o: [_awaiting(o).pk], expect=_expect(member=DONE)
    ),
    "public_opinion:report_withdraw": Case(
        method="post", args=lambda o: [_submitted(o)], expect=_expect(member=DONE, office=NO)
    ),
    "public_opinion:report_delete": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(member=DONE)
    ),
    "public_opinion:coauthor_answer": Case(
        method="post",
        args=lambda o: [_invitation(o)],
        data=lambda o: {"confirm": "1"},
        expect=_expect(member=DONE),
    ),
    "public_opinion:similar": Case(query="?title=老旧小区加装电梯", expect=MEMBER_PAGES),
    "public_opinion:attachment_upload": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(member=DONE)
    ),
    "public_opinion:attachment_download": Case(
        args=lambda o: [_submitted_attachment(o)], expect=_expect(member=OK, office=OK)
    ),
    "public_opinion:attachment_delete": Case(
        method="post", args=lambda o: [_draft_attachment(o)], expect=_expect(member=DONE)
    ),
    "public_opinion:key_topics": Case(expect=_forbidden(staff=OK, office=OK, outsider=OK)),
    # Information editors (the office of the body)
    "public_opinion:queue": Case(expect=EDITOR_PAGES),
    "public_opinion:report_list": Case(expect=EDITOR_PAGES),
    "public_opinion:report_decide": Case(
        method="post",
        args=lambda o: [_submitted(o)],
        data=lambda o: {"decision": "accepted"},
        expect=_expect(member=NO, office=DONE),
    ),
    "public_opinion:report_revise": Case(
        args=lambda o: [_submitted(o)], expect=_expect(member=NO, office=OK)
    ),
    "public_opinion:report_merge": Case(expect=EDITOR_PAGES),
    "public_opinion:adoption_add": Case(
        method="post",
        args=lambda o: [_accepted(o)],
        data=lambda o: {"level": _region_level(o), "adopted_on": timezone.localdate().isoformat()},
        expect=_expect(member=NO, office=DONE),
    ),
    "public_opinion:instruction_add": Case(
        method="post",
        args=lambda o: [_accepted(o)],
        data=lambda o: {
            "leader": "王书记",
            "level": "city",
            "instructed_on": timezone.localdate().isoformat(),
            "text": "请研究。",
        },
        expect=_expect(member=NO, office=DONE),
    ),
    "public_opinion:instruction_result": Case(
        method="post",
        args=lambda o: [_instruction(o)],
        data=lambda o: {"result": "已落实"},
        expect=_expect(member=NO, office=DONE),
    ),
    "public_opinion:report_forward": Case(
        method="post",
        args=lambda o: [_accepted(o)],
        data=lambda o: {"to_body": _other_body().pk},
        expect=_expect(member=NO, office=DONE),
    ),
    "public_opinion:forwarding_list": Case(expect=EDITOR_PAGES),
    "public_opinion:forwarding_detail": Case(
        args=lambda o: [_forwarding(o)], expect=_expect(member=OK, office=OK, outsider=OK)
    ),
    "public_opinion:forwarding_accept": Case(
        method="post",
        args=lambda o: [_forwarding(o)],
        expect=_expect(member=NO, office=NO, outsider=DONE),
    ),
    "public_opinion:forwarding_decline": Case(
        method="post",
        args=lambda o: [_forwarding(o)],
        data=lambda o: {"answer": "与本级信息重复"},
        expect=_expect(member=NO, office=NO, outsider=DONE),
    ),
    "public_opinion:data_settings": Case(expect=EDITOR_PAGES),
    # 《社情民意》
    "public_opinion:issue_list": Case(expect=MEMBER_PAGES),
    "public_opinion:issue_create": Case(expect=EDITOR_PAGES),
    "public_opinion:issue_detail": Case(
        args=lambda o: [_issue(o, published=True)], expect=_expect(member=OK, staff=OK, office=OK)
    ),
    "public_opinion:issue_entries": Case(
        method="post", args=lambda o: [_issue(o, published=False)], expect=_expect(office=DONE)
    ),
    "public_opinion:issue_publish": Case(
        method="post", args=lambda o: [_issue(o, published=False)], expect=_expect(office=DONE)
    ),
    "public_opinion:issue_pdf": Case(
        args=lambda o: [_issue(o, published=True)], expect=_expect(member=OK, staff=OK, office=OK)
    ),
    # Statistics
    "public_opinion:statistics": Case(expect=EDITOR_PAGES),
    "public_opinion:statistics_xlsx": Case(expect=EDITOR_PAGES),
    "public_opinion:adoption_report_pdf": Case(expect=EDITOR_PAGES),
}
