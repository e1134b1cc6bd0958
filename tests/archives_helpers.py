"""Builders for 文史资料 tests: each goes through the services, as the people of
`tests.conftest.build_org` would in the portal (plus the culture & history committee's
staff and its vice-chair in charge, made here once per org)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from archives import services
from archives.models import CollectionPlan, FileKind, Manuscript, Volume
from portal.models import Role, User
from portal.services import role_grant

from .conftest import Org
from .factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 2000

TEXT = (
    "一九五八年春天，我随勘探队来到准格尔旗的黄河岸边。那时的矿区只有几顶帐篷，"
    "夜里风沙很大，大家就着煤油灯整理勘探资料。\n"
    "老队长常说，乌兰牧骑的演出是我们最大的慰问。每当马头琴响起，疲惫便一扫而空。"
)


def culture_staff(org: Org) -> User:
    """Staff of org's culture & history committee (made once per org)."""
    username = f"culturestaff@{org.body.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username, full_name="文史委孙干事", body=org.body)
        role_grant(
            user=user, role=Role.COMMITTEE_STAFF, body=org.body, committee=org.culture, by=None
        )
    return user


def culture_vice_chair(org: Org) -> User:
    """The vice-chair in charge of org's culture & history committee (made once per org)."""
    username = f"culturevc@{org.body.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = UserFactory(username=username, full_name="李副主席", body=org.body)
        role_grant(user=user, role=Role.VICE_CHAIR, body=org.body, committee=org.culture, by=None)
    return user


def plan_data(org: Org, **fields) -> dict:
    return {
        "committee": org.culture,
        "kind": CollectionPlan.Kind.ANNUAL,
        "year": timezone.localdate().year,
        "title": "三亲史料征集年度计划",
        "description": "重点征集反映改革开放以来发展历程的亲历资料。",
        "themes": "煤炭工业发展\n民族团结进步\n乌兰牧骑",
        "target_articles": 20,
        "target_words": 200000,
        "target_oral_histories": 5,
        "call_text": "欢迎各界人士踊跃投稿，来稿请注明三亲类型。",
        "closes_on": timezone.localdate() + dt.timedelta(days=30),
    } | fields


def plan(org: Org, *, status: str = CollectionPlan.Status.DRAFT, **fields) -> CollectionPlan:
    staff = culture_staff(org)
    p = services.plan_create(body_id=org.body.pk, data=plan_data(org, **fields), by=staff)
    S = CollectionPlan.Status
    path = [S.SUBMITTED, S.APPROVED, S.OPEN, S.CLOSED]
    for target in path[: path.index(status) + 1] if status in path else []:
        by = culture_vice_chair(org) if target == S.APPROVED else staff
        p = services.plan_move(plan=p, target=target, by=by)
    return p


def manuscript_data(**fields) -> dict:
    return {
        "kind": Manuscript.Kind.ARTICLE,
        "title": "黄河岸边的勘探岁月",
        "witness": Manuscript.Witness.LIVED,
        "period": "1950年代",
        "place": "准格尔旗",
        "origin": Manuscript.Source.WRITTEN,
        "text": TEXT,
    } | fields


def draft(org: Org, *, by: User | None = None, contributor=None, **fields) -> Manuscript:
    """A member's own draft (default), or one registered by `by` for `contributor`."""
    if by is None:
        by, contributor = org.member_user, org.member
    return services.manuscript_create(
        body_id=org.body.pk, data=manuscript_data(**fields), by=by, contributor=contributor
    )


def attach(m: Manuscript, by: User, kind: str = FileKind.AUTHORISATION, name="授权书.pdf"):
    data = MP3 if kind == FileKind.AUDIO else PDF
    return services.file_add(manuscript=m, kind=kind, upload=SimpleUploadedFile(name, data), by=by)


S = Manuscript.Status
PATH = [
    S.REGISTERED,
    S.FIRST_REVIEW,
    S.EDITING,
    S.SECOND_REVIEW,
    S.FINAL_REVIEW,
    S.PROOFING,
    S.READY,
]


def advance(org: Org, m: Manuscript, to: str) -> Manuscript:
    """Take a draft along the happy path up to `to` (authorisation uploaded on the way)."""
    author = m.registered_by
    for target in PATH[: PATH.index(to) + 1]:
        if target == S.REGISTERED:
            if not services.has_authorisation(m):
                attach(m, author)
                if m.kind == Manuscript.Kind.ORAL_HISTORY:
                    attach(m, author, FileKind.CONSENT, "同意书.pdf")
            m = services.manuscript_submit(manuscript=m, by=author)
        else:
            m = services.manuscript_move(manuscript=m, target=target, by=org.editor)
    return m


def volume(org: Org, number: int = 12, **fields) -> Volume:
    data = {
        "series": "鄂尔多斯文史资料",
        "number": number,
        "title": "黄河记忆",
        "is_special": False,
        "editor_in_chief": "王主编",
        "permit": "内部资料准印证 2026-001",
        "published_on": timezone.localdate(),
        "print_run": 2000,
    } | fields
    return services.volume_create(body_id=org.body.pk, data=data, by=org.editor)


def published(org: Org, *, title: str = "黄河岸边的勘探岁月", text: str = TEXT, **fields):
    """A manuscript published in a new volume (a volume per call: numbers go up)."""
    m = advance(org, draft(org, title=title, text=text, **fields), S.READY)
    number = Volume.objects.filter(body=org.body).count() + 1
    v = volume(org, number=number)
    services.volume_add(volume=v, manuscript=m, by=org.editor)
    services.volume_publish(volume=v, by=org.editor)
    m.refresh_from_db()
    return m
