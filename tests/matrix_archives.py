"""Permission expectations of every URL of 文史资料, for every role
(tests/test_permission_matrix.py).

Shapes: everyone logged in searches and reads the published archive of his body (404 for
another body's records); a member reads and changes his own manuscripts (404 for others'
unpublished ones); the editors (文史编审) review, edit, compile and publish volumes; the
office (and a culture & history committee's staff) keep plans, register manuscripts and
the digital archive; signed authorisations go only to the author and the editors."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile

from archives import services
from archives.models import (
    ArchiveItem,
    CollectionPlan,
    Manuscript,
    ManuscriptFile,
    Volume,
    VolumeEntry,
)
from portal.models import Notification

from . import archives_helpers as h
from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case, everyone

S = Manuscript.Status


@contextmanager
def _quietly():
    """Objects made for the matrix leave no notifications behind (the matrix test counts
    them to prove GET changes nothing)."""
    before = set(Notification.objects.values_list("pk", flat=True))
    yield
    Notification.objects.exclude(pk__in=before).delete()


def _expect(**given: int) -> dict[str, int]:
    """Anonymous users go to the login page; roles not named get 404."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


def _denied(**given: int) -> dict[str, int]:
    """Roles not named get 403 (pages of a role, not of an object)."""
    table = {role: NO for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


def _once(org: Org, title: str, make) -> Manuscript:
    existing = Manuscript.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing
    with _quietly():
        return make()


def _published(org: Org) -> int:
    def make():
        m = h.published(org, title="matrix-published")
        services.file_add(
            manuscript=m,
            kind="scan",
            upload=SimpleUploadedFile("扫描.pdf", h.PDF),
            by=org.editor,
        )
        return m

    return _once(org, "matrix-published", make).pk


def _draft(org: Org) -> int:
    def make():
        m = h.draft(org, title="matrix-draft")
        h.attach(m, org.member_user, "photo", "老照片.pdf")
        return m

    return _once(org, "matrix-draft", make).pk


def _in_review(org: Org) -> int:
    return _once(
        org,
        "matrix-review",
        lambda: h.advance(org, h.draft(org, title="matrix-review"), S.FIRST_REVIEW),
    ).pk


def _scan(org: Org) -> int:
    return ManuscriptFile.objects.get(manuscript_id=_published(org), kind="scan").pk


def _authorisation(org: Org) -> int:
    return ManuscriptFile.objects.get(manuscript_id=_published(org), kind="authorisation").pk


def _draft_file(org: Org) -> int:
    return ManuscriptFile.objects.get(manuscript_id=_draft(org)).pk


def _plan(org: Org) -> int:
    """A draft plan of the culture & history committee."""
    title = "matrix-plan"
    existing = CollectionPlan.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing.pk
    # The office writes it (a staff login would add a role assignment, which the matrix
    # counts to prove GET changes nothing).
    return services.plan_create(
        body_id=org.body.pk, data=h.plan_data(org, title=title), by=org.office
    ).pk


def _volume(org: Org) -> int:
    """A volume being compiled, with one entry."""
    existing = Volume.objects.filter(body=org.body, title="matrix-volume").first()
    if existing is not None:
        return existing.pk
    with _quietly():
        v = h.volume(org, number=900, title="matrix-volume")
        m = h.advance(org, h.draft(org, title="matrix-entry"), S.READY)
        services.volume_add(volume=v, manuscript=m, by=org.editor)
    return v.pk


def _published_volume(org: Org) -> int:
    return VolumeEntry.objects.get(manuscript_id=_published(org)).volume_id


def _entry(org: Org) -> int:
    return VolumeEntry.objects.get(volume_id=_volume(org)).pk


def _item(org: Org, restricted: bool = False) -> int:
    title = f"matrix-item-{restricted}"
    existing = ArchiveItem.objects.filter(body=org.body, title=title).first()
    if existing is not None:
        return existing.pk
    return services.item_create(
        body_id=org.body.pk,
        data={
            **{f: "" for f in services.ITEM_FIELDS},
            "kind": "scan",
            "title": title,
            "year_from": None,
            "year_to": None,
            "restricted": restricted,
            "manuscript": None,
        },
        upload=SimpleUploadedFile("档案.pdf", h.PDF),
        by=org.editor,
    ).pk


EVERYONE = {**everyone(), "outsider": OK}
IN_BODY = {**everyone(), "outsider": GONE}
COLLECTORS = _denied(editor=OK, office=OK, outsider=OK)
EDITORS = _denied(editor=OK)

TABLE: dict[str, Case] = {
    "archives:home": Case(expect=EVERYONE, query="?q=勘探"),
    "archives:my_manuscripts": Case(expect=EVERYONE),
    "archives:manuscript_list": Case(expect=COLLECTORS),
    "archives:manuscript_create": Case(
        expect=_denied(member=OK, editor=OK, office=OK, outsider=OK)
    ),
    "archives:manuscript_detail": Case(args=lambda o: [_published(o)], expect=IN_BODY),
    "archives:manuscript_edit": Case(
        args=lambda o: [_draft(o)], expect=_expect(member=OK, editor=NO)
    ),
    "archives:manuscript_submit": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(member=DONE, editor=NO)
    ),
    "archives:manuscript_move": Case(
        method="post",
        args=lambda o: [_in_review(o), "kept"],
        expect=_expect(member=NO, office=NO, editor=DONE),
    ),
    "archives:version_detail": Case(
        args=lambda o: [_in_review(o), 1], expect=_expect(member=OK, editor=OK)
    ),
    "archives:file_upload": Case(
        method="post", args=lambda o: [_draft(o)], expect=_expect(member=DONE, editor=DONE)
    ),
    "archives:file_download": Case(args=lambda o: [_scan(o)], expect=IN_BODY),
    "archives:file_delete": Case(
        method="post", args=lambda o: [_draft_file(o)], expect=_expect(member=DONE, editor=NO)
    ),
    "archives:review_queue": Case(expect=EDITORS),
    "archives:plan_list": Case(expect=EVERYONE),
    "archives:plan_create": Case(expect=_denied(office=OK, outsider=OK)),
    "archives:plan_detail": Case(args=lambda o: [_plan(o)], expect=_expect(office=OK, editor=OK)),
    "archives:plan_edit": Case(args=lambda o: [_plan(o)], expect=_expect(office=OK, editor=NO)),
    "archives:plan_move": Case(
        method="post",
        args=lambda o: [_plan(o), "submitted"],
        expect=_expect(office=DONE, editor=NO),
    ),
    "archives:volume_list": Case(expect=EVERYONE),
    "archives:volume_create": Case(expect=EDITORS),
    "archives:volume_detail": Case(args=lambda o: [_published_volume(o)], expect=IN_BODY),
    "archives:volume_edit": Case(args=lambda o: [_volume(o)], expect=EDITORS),
    "archives:volume_add": Case(
        method="post", args=lambda o: [_volume(o)], expect=_denied(editor=DONE)
    ),
    "archives:volume_reorder": Case(
        method="post",
        args=lambda o: [_volume(o)],
        data=lambda o: {"order": str(_entry(o))},
        expect=_denied(editor=DONE),
    ),
    "archives:volume_publish": Case(
        method="post", args=lambda o: [_volume(o)], expect=_denied(editor=DONE)
    ),
    "archives:volume_pdf": Case(args=lambda o: [_volume(o)], expect=_expect(editor=OK)),
    "archives:volume_pdf_start": Case(
        method="post", args=lambda o: [_volume(o)], expect=_expect(editor=DONE)
    ),
    "archives:volume_remove": Case(
        method="post", args=lambda o: [_entry(o)], expect=_denied(editor=DONE)
    ),
    "archives:item_list": Case(expect=EVERYONE),
    "archives:item_create": Case(expect=COLLECTORS),
    "archives:item_detail": Case(args=lambda o: [_item(o, True)], expect=_expect(editor=OK)),
    "archives:item_edit": Case(
        args=lambda o: [_item(o)], expect={**_denied(editor=OK, office=OK), "outsider": GONE}
    ),
    "archives:item_file": Case(args=lambda o: [_item(o)], expect=IN_BODY),
    "archives:statistics": Case(expect=COLLECTORS),
    "archives:statistics_export": Case(expect=COLLECTORS),
}
