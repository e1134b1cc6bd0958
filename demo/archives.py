"""Demo and benchmark data of 文史资料, hooked into `manage.py seed_demo` by demo.extensions.

- demo: the Ordos culture & history committee's work played through the services: an
  approved annual collection plan with an open call (征稿启事) and a term plan waiting for
  the vice-chair (`vicechair5`); manuscripts and an oral history in every step — two
  published in 《鄂尔多斯文史资料》第35辑, one entered in 第36辑 being compiled, one in 复审,
  one returned to its outside author (registered by `staff_culture_history`), the demo
  `member`'s own manuscript waiting for 初审 and his draft; digital archive items (a scan,
  a recording's record, a museum exhibit).
- region: about 1,700 manuscripts and 16,700 archive records per body at 500 members
  (20,000 and 200,000 for 12 bodies), ten years, in bulk; a tenth of the manuscripts
  published in volumes.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from archives import services
from archives.models import (
    ArchiveItem,
    CollectionPlan,
    Manuscript,
    ManuscriptFile,
    ManuscriptVersion,
    Review,
    Volume,
    VolumeEntry,
    count_words,
)
from members.models import Member
from organisation.models import Body, Committee
from portal.models import Notification, TransitionLog, User

from . import archives_data as data
from . import org_data
from .org_build import Stopwatch

MANUSCRIPTS_PER_BODY_REGION = 1667
ITEMS_PER_BODY_REGION = 16667
BATCH = 2000
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
S = Manuscript.Status
P = CollectionPlan.Status


def build(
    *,
    scale: str,
    body_ids: list[int],
    members_per_body: int,
    rng: random.Random,
    by: User,
    clock: Stopwatch,
) -> str:
    if scale == "demo":
        with clock.stage("文史资料（经服务层）"):
            return build_demo()
    with clock.stage("文史资料（批量）"):
        return build_region(
            body_ids=body_ids,
            manuscripts=org_data.in_proportion(MANUSCRIPTS_PER_BODY_REGION, members_per_body),
            items=org_data.in_proportion(ITEMS_PER_BODY_REGION, members_per_body),
            rng=rng,
            by=by,
        )


def delete(body_ids: list[int]) -> None:
    manuscripts = Manuscript.objects.filter(body_id__in=body_ids)
    ids = list(manuscripts.values_list("pk", flat=True))
    plans = list(CollectionPlan.objects.filter(body_id__in=body_ids).values_list("pk", flat=True))
    volumes = list(Volume.objects.filter(body_id__in=body_ids).values_list("pk", flat=True))
    for model, pks in ((Manuscript, ids), (CollectionPlan, plans), (Volume, volumes)):
        kind = ContentType.objects.get_for_model(model)
        TransitionLog.objects.filter(content_type=kind, object_id__in=pks).delete()
        Notification.objects.filter(target_type=kind, target_id__in=pks).delete()
    for record in ManuscriptFile.objects.filter(manuscript_id__in=ids):
        record.file.delete(save=False)
    items = ArchiveItem.objects.filter(body_id__in=body_ids)
    for item in items.exclude(file=""):
        item.file.delete(save=False)
    items._raw_delete(items.db)
    VolumeEntry.objects.filter(volume_id__in=volumes).delete()
    Volume.objects.filter(pk__in=volumes).delete()
    for model in (ManuscriptFile, ManuscriptVersion, Review):
        rows = model.objects.filter(manuscript_id__in=ids)
        rows._raw_delete(rows.db)
    manuscripts._raw_delete(manuscripts.db)
    CollectionPlan.objects.filter(pk__in=plans).delete()


def _attach(m: Manuscript, by: User, kind: str = "authorisation", name: str = "授权书.pdf"):
    services.file_add(manuscript=m, kind=kind, upload=SimpleUploadedFile(name, PDF), by=by)


def build_demo() -> str:
    body = Body.objects.get(name=org_data.MUNICIPAL.name)
    culture = Committee.objects.get(body=body, kind=Committee.Kind.CULTURE_HISTORY)
    staff = User.objects.get(username=f"staff_{Committee.Kind.CULTURE_HISTORY}")
    vice_chair = User.objects.get(username="vicechair5")
    editor = User.objects.get(username="editor")
    member = Member.objects.get(user__username="member")
    today = timezone.localdate()

    plan = services.plan_create(
        body_id=body.pk,
        data={
            "committee": culture,
            "kind": CollectionPlan.Kind.ANNUAL,
            "year": today.year,
            "title": f"{today.year}年度文史资料征集计划",
            "description": "重点征集反映鄂尔多斯改革开放以来发展历程的三亲史料和口述史。",
            "themes": data.PLAN_THEMES,
            "target_articles": 30,
            "target_words": 200000,
            "target_oral_histories": 6,
            "call_text": data.CALL,
            "closes_on": today + dt.timedelta(days=60),
        },
        by=staff,
    )
    for target, who in ((P.SUBMITTED, staff), (P.APPROVED, vice_chair), (P.OPEN, staff)):
        services.plan_move(plan=plan, target=target, by=who)
    term = services.plan_create(
        body_id=body.pk,
        data={
            "committee": culture,
            "kind": CollectionPlan.Kind.TERM,
            "year": today.year,
            "title": "本届文史资料征集规划",
            "description": "届内出版文史资料四辑，完成口述史二十篇。",
            "themes": data.PLAN_THEMES,
            "target_articles": 120,
            "target_words": 800000,
            "target_oral_histories": 20,
            "call_text": "",
            "closes_on": today + dt.timedelta(days=365 * 3),
        },
        by=staff,
    )
    services.plan_move(plan=term, target=P.SUBMITTED, by=staff)

    made: list[Manuscript] = []
    for title, witness, period, place, theme, kind, author, text in data.MANUSCRIPTS:
        fields = {
            "plan": plan,
            "theme": theme,
            "kind": kind,
            "title": title,
            "witness": witness,
            "period": period,
            "place": place,
            "origin": "oral" if kind == "oral_history" else "written",
            "text": text,
            "author_name": author,
        }
        if kind == "oral_history":
            fields |= {
                "interviewee": author,
                "interviewers": "孙干事、钱玉兰",
                "interview_date": today - dt.timedelta(days=90),
                "interview_place": f"{place}图克镇",
                "duration_minutes": 95,
                "author_name": "孙干事整理",
            }
        m = services.manuscript_create(body_id=body.pk, data=fields, by=staff)
        _attach(m, staff)
        if kind == "oral_history":
            _attach(m, staff, "consent", "口述人知情同意书.pdf")
        made.append(services.manuscript_submit(manuscript=m, by=staff))

    def to(m: Manuscript, *targets: str, comment: str = "") -> Manuscript:
        for target in targets:
            m = services.manuscript_move(manuscript=m, target=target, by=editor, comment=comment)
        return m

    path = (S.FIRST_REVIEW, S.EDITING, S.SECOND_REVIEW, S.FINAL_REVIEW, S.PROOFING, S.READY)
    published = Volume(
        series="鄂尔多斯文史资料",
        number=35,
        title="煤海记忆",
        editor_in_chief="钱玉兰",
        permit="内部资料准印证 蒙O-2025-035",
        published_on=today - dt.timedelta(days=30),
        print_run=2000,
    )
    volume = services.volume_create(
        body_id=body.pk, data={f: getattr(published, f) for f in services.VOLUME_FIELDS}, by=editor
    )
    for m in made[:2]:
        m = to(m, *path[:2])
        services.manuscript_update(
            manuscript=m,
            data={"text": m.text.replace("一九", "19").replace("零下三十多度", "零下三十多摄氏度")},
            version=m.version,
            note="统一数字和计量单位写法",
            by=editor,
        )
        m = to(Manuscript.objects.get(pk=m.pk), *path[2:])
        services.volume_add(volume=volume, manuscript=m, by=editor)
    services.volume_publish(volume=volume, by=editor)
    compiling = services.volume_create(
        body_id=body.pk,
        data={
            "series": "鄂尔多斯文史资料",
            "number": 36,
            "title": "大漠绿洲",
            "is_special": True,
            "editor_in_chief": "钱玉兰",
            "permit": "",
            "published_on": None,
            "print_run": None,
        },
        by=editor,
    )
    services.volume_add(volume=compiling, manuscript=to(made[2], *path), by=editor)
    to(made[3], S.FIRST_REVIEW, S.EDITING, S.SECOND_REVIEW)
    to(made[4], S.FIRST_REVIEW)
    to(made[4], S.RETURNED, comment="请补充民族中学创办的具体时间和首任校长姓名，并核对学生人数。")
    # The demo member's own manuscript, waiting for 初审, and his draft.
    own = services.manuscript_create(
        body_id=body.pk,
        data={
            "plan": plan,
            "theme": "改革开放亲历",
            "kind": "article",
            "title": "我所经历的乡镇企业改制",
            "witness": "lived",
            "period": "1990年代",
            "place": "达拉特旗",
            "origin": "written",
            "text": "一九九八年，我所在的乡镇企业开始改制。那一年的职工大会开了整整一天，"
            "大家最关心的是饭碗能不能保住。",
        },
        by=member.user,
        contributor=member,
    )
    _attach(own, member.user)
    own = services.manuscript_submit(manuscript=own, by=member.user)
    to(own, S.FIRST_REVIEW)
    services.manuscript_create(
        body_id=body.pk,
        data={
            "kind": "article",
            "title": "（草稿）老街记忆",
            "witness": "saw",
            "text": "小时候的东胜老街，有一家供销社和一家照相馆。",
        },
        by=member.user,
        contributor=member,
    )
    for kind, title, creator, period, year, place, persons, keywords, text in data.ITEMS:
        services.item_create(
            body_id=body.pk,
            data={
                "kind": kind,
                "title": title,
                "creator": creator,
                "period": period,
                "year_from": year,
                "year_to": year,
                "place": place,
                "persons": persons,
                "keywords": keywords,
                "description": text,
                "rights": "鄂尔多斯市政协文史馆所有，仅供研究参考"
                if kind != "audio"
                else "口述人授权，限内部使用",
                "provenance": "征集" if kind != "scan" else "馆藏旧辑数字化",
                "restricted": kind == "audio",
                "manuscript": made[2] if kind == "audio" else None,
                "exhibit_location": "文史馆第二展厅" if kind == "object" else "",
                "acquisition": "donation" if kind == "object" else "",
                "lender": persons if kind == "object" else "",
            },
            upload=SimpleUploadedFile(f"{title}.pdf", PDF) if kind == "scan" else None,
            by=editor,
        )
    return (
        f"文史资料：征集计划 2 项，稿件 {Manuscript.objects.filter(body=body).count()} 篇"
        f"（已出版 2 篇），文史资料辑 2 辑，数字档案 {len(data.ITEMS)} 条；"
        "文史委工作人员 staff_culture_history，编审 editor。"
    )


def build_region(
    *, body_ids: list[int], manuscripts: int, items: int, rng: random.Random, by: User
) -> str:
    """Ten years of manuscripts and archive records per body, in bulk (the search column
    is computed by the database as rows arrive)."""
    sentences = [
        s + "。"
        for _t, _w, _p, _pl, _th, _k, _a, text in data.MANUSCRIPTS
        for s in text.replace("\n", "").split("。")
        if s
    ]
    places = [
        "东胜区",
        "康巴什区",
        "达拉特旗",
        "准格尔旗",
        "鄂托克前旗",
        "鄂托克旗",
        "杭锦旗",
        "乌审旗",
        "伊金霍洛旗",
    ]
    themes = data.PLAN_THEMES.split("\n")
    states = [S.PUBLISHED] * 1 + [S.KEPT, S.REJECTED, S.REGISTERED, S.FIRST_REVIEW] + [S.READY] * 5
    now = timezone.now()
    this_year = timezone.localdate().year
    total_m = total_i = 0
    for body_id in body_ids:
        batch: list[Manuscript] = []
        for n in range(manuscripts):
            text = "".join(rng.choice(sentences) for _ in range(rng.randint(6, 14)))
            at = now - dt.timedelta(days=rng.random() * 3650)
            status = states[n % len(states)]
            batch.append(
                Manuscript(
                    body_id=body_id,
                    theme=rng.choice(themes),
                    kind="oral_history" if n % 7 == 0 else "article",
                    interviewee="口述人" if n % 7 == 0 else "",
                    title=f"{rng.choice(places)}往事（{n + 1}）",
                    author_name=f"作者{n % 400}",
                    witness=rng.choice(("lived", "saw", "heard")),
                    period=f"{rng.randint(195, 201)}0年代",
                    place=rng.choice(places),
                    text=text,
                    word_count=count_words(text),
                    status=status,
                    status_changed_at=at,
                    registered_by=by,
                    created_at=at,
                    submitted_at=at,
                    published_at=at if status == S.PUBLISHED else None,
                )
            )
            if len(batch) >= BATCH:
                Manuscript.objects.bulk_create(batch)
                total_m += len(batch)
                batch = []
        Manuscript.objects.bulk_create(batch)
        total_m += len(batch)
        published = list(
            Manuscript.objects.filter(body_id=body_id, status=S.PUBLISHED)
            .order_by("published_at")
            .values_list("pk", flat=True)
        )
        per_volume = 25
        for v, start in enumerate(range(0, len(published), per_volume), start=1):
            volume = Volume.objects.create(
                body_id=body_id,
                series="文史资料",
                number=v,
                title=f"第{v}辑",
                status=Volume.Status.PUBLISHED,
                published_on=dt.date(this_year - 9 + min(9, v // 2), 6, 1),
                created_by=by,
            )
            VolumeEntry.objects.bulk_create(
                VolumeEntry(volume=volume, manuscript_id=pk, position=i)
                for i, pk in enumerate(published[start : start + per_volume], start=1)
            )
        rows: list[ArchiveItem] = []
        kinds = [k for k, _label in ArchiveItem.Kind.choices]
        for n in range(items):
            year = rng.randint(1950, this_year)
            rows.append(
                ArchiveItem(
                    body_id=body_id,
                    kind=kinds[n % len(kinds)],
                    title=f"{rng.choice(places)}{rng.choice(themes)}档案（{n + 1}）",
                    period=f"{year // 10 * 10}年代",
                    year_from=year,
                    year_to=year,
                    place=rng.choice(places),
                    keywords=rng.choice(themes),
                    description=rng.choice(sentences),
                    created_by=by,
                    created_at=now - dt.timedelta(days=rng.random() * 3650),
                )
            )
            if len(rows) >= BATCH * 5:
                ArchiveItem.objects.bulk_create(rows)
                total_i += len(rows)
                rows = []
        ArchiveItem.objects.bulk_create(rows)
        total_i += len(rows)
    return f"文史资料：稿件 {total_m} 篇，数字档案 {total_i} 条。"
