"""Services of 文史资料: versions kept and compared, volumes ordered, published and laid out
as a PDF, plans' progress, statistics and their export, reminders sent once, the counts
for the quota board and the annual scoring."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from archives import services
from archives.models import CollectionPlan, Manuscript, ManuscriptVersion, Volume, VolumeEntry
from archives.selectors import contributions, diff, plans_with_progress, statistics
from portal.models import Notification
from portal.registry import quota_counters, score_sources

from . import archives_helpers as h
from .test_pdf import pdf_fonts, pdf_text, squeeze

S = Manuscript.Status


# ---- versions -----------------------------------------------------------------------------


def test_the_original_is_version_one_and_never_changes(org):
    m = h.draft(org)
    services.manuscript_update(
        manuscript=m,
        data={"text": m.text + "\n补记：此事后来载入旗志。"},
        version=1,
        by=org.member_user,
    )
    m = h.advance(org, Manuscript.objects.get(pk=m.pk), S.EDITING)
    services.manuscript_update(
        manuscript=m,
        data={"text": m.text.replace("一九五八年", "1958年")},
        version=m.version,
        note="统一数字写法",
        by=org.editor,
    )
    versions = list(ManuscriptVersion.objects.filter(manuscript=m).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[0].text == h.TEXT and versions[0].note == "原稿"
    assert versions[1].created_by == org.member_user
    assert versions[2].note == "统一数字写法" and versions[2].status == S.EDITING
    m.refresh_from_db()
    assert m.text == versions[2].text
    assert m.word_count == versions[2].word_count


def test_saving_unchanged_text_makes_no_version(org):
    m = h.draft(org)
    services.manuscript_update(
        manuscript=m, data={"period": "1960年代"}, version=1, by=org.member_user
    )
    assert ManuscriptVersion.objects.filter(manuscript=m).count() == 1
    assert Manuscript.objects.get(pk=m.pk).period == "1960年代"


def test_a_stale_save_is_refused(org):
    m = h.draft(org)
    services.manuscript_update(
        manuscript=m, data={"text": "新的正文"}, version=1, by=org.member_user
    )
    with pytest.raises(ValidationError) as error:
        services.manuscript_update(
            manuscript=m, data={"text": "旧页面上的修改"}, version=1, by=org.member_user
        )
    assert "已被他人修改" in error.value.messages[0]
    assert Manuscript.objects.get(pk=m.pk).text == "新的正文"


def test_who_may_change_the_text_when(org):
    m = h.draft(org)
    with pytest.raises(ValidationError):  # editors do not touch drafts
        services.manuscript_update(manuscript=m, data={"text": "x"}, version=1, by=org.editor)
    m = h.advance(org, m, S.EDITING)
    with pytest.raises(ValidationError):  # the author waits while it is edited
        services.manuscript_update(
            manuscript=m, data={"text": "x"}, version=m.version, by=org.member_user
        )
    assert Manuscript.objects.get(pk=m.pk).text == h.TEXT


def test_the_diff_marks_insertions_and_deletions_character_by_character():
    d = diff("一九五八年春天，我来到<黄河>岸边。", "1958年春天，我们来到<黄河>岸边。")
    assert d.inserted == 5 and d.deleted == 4
    assert "<del>一九五八</del><ins>1958</ins>" in d.html
    assert "我<ins>们</ins>来到" in d.html
    assert "&lt;黄河&gt;" in d.html  # escaped


def test_word_count_ignores_white_space(org):
    m = h.draft(org, text="乌兰 牧骑\n\n来了")
    assert m.word_count == 6


def test_a_member_registers_only_his_own_manuscripts(org):
    with pytest.raises(PermissionDenied):
        services.manuscript_create(
            body_id=org.body.pk,
            data=h.manuscript_data(),
            by=org.member_user,
            contributor=org.other_member,
        )
    assert not Manuscript.objects.exists()


def test_staff_register_an_outside_author(org):
    staff = h.culture_staff(org)
    m = h.draft(org, by=staff, contributor=None, author_name="高老人（退休矿工）")
    assert m.contributor is None and m.registered_by == staff
    m = services.manuscript_submit(manuscript=m, by=staff)
    assert m.status == S.REGISTERED


# ---- files ---------------------------------------------------------------------------------


def test_an_audio_file_is_kept_with_its_checksum(org):
    import hashlib

    m = h.draft(org, kind=Manuscript.Kind.ORAL_HISTORY, interviewee="巴特尔")
    record = h.attach(m, org.member_user, "audio", "采访录音.mp3")
    assert record.content_type == "audio/mpeg"
    assert record.sha256 == hashlib.sha256(h.MP3).hexdigest()
    assert record.file.name.startswith("archives/") and "采访" not in record.file.name


@pytest.mark.parametrize(
    "kind,name,data,message",
    [
        ("audio", "录音.mp3", b"%PDF-1.4 not audio", "不符"),
        ("audio", "授权书.pdf", h.PDF, "音频"),
        ("authorisation", "录音.mp3", h.MP3, "不能上传音频"),
        ("scan", "脚本.exe", b"MZ....", "不支持"),
        ("scan", "扫描.jpg", b"not a jpeg", "不符"),
    ],
)
def test_bad_files_are_refused(org, kind, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    m = h.draft(org)
    with pytest.raises(ValidationError) as error:
        services.file_add(
            manuscript=m, kind=kind, upload=SimpleUploadedFile(name, data), by=org.member_user
        )
    assert message in error.value.messages[0]
    assert not m.files.exists()


def test_media_size_limit_is_a_setting(org, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ARCHIVES_MEDIA_MAX_BYTES = 1000
    m = h.draft(org)
    with pytest.raises(ValidationError) as error:
        services.file_add(
            manuscript=m,
            kind="audio",
            upload=SimpleUploadedFile("长录音.mp3", h.MP3),
            by=org.member_user,
        )
    assert "太大" in error.value.messages[0]


# ---- volumes -------------------------------------------------------------------------------


def _ready(org, title: str) -> Manuscript:
    return h.advance(org, h.draft(org, title=title), S.READY)


def test_a_volume_is_ordered_reordered_and_published(org):
    v = h.volume(org)
    a, b, c = (_ready(org, t) for t in ("甲篇", "乙篇", "丙篇"))
    for m in (a, b, c):
        services.volume_add(volume=v, manuscript=m, by=org.editor)
    entries = list(v.entries.order_by("position"))
    assert [e.manuscript.title for e in entries] == ["甲篇", "乙篇", "丙篇"]
    services.volume_reorder(
        volume=v, entry_ids=[entries[2].pk, entries[0].pk, entries[1].pk], by=org.editor
    )
    assert [e.manuscript.title for e in v.entries.order_by("position")] == ["丙篇", "甲篇", "乙篇"]
    services.volume_remove(entry=VolumeEntry.objects.get(manuscript=a), by=org.editor)
    assert list(v.entries.order_by("position").values_list("position", "manuscript__title")) == [
        (1, "丙篇"),
        (2, "乙篇"),
    ]
    assert Manuscript.objects.get(pk=a.pk).status == S.READY
    services.volume_publish(volume=v, by=org.editor)
    v.refresh_from_db()
    assert v.status == Volume.Status.PUBLISHED
    assert set(Manuscript.objects.filter(pk__in=[b.pk, c.pk]).values_list("status", flat=True)) == {
        S.PUBLISHED
    }
    assert (
        Notification.objects.filter(recipient=org.member_user, title__contains="已出版").count()
        == 2
    )
    with pytest.raises(ValidationError):
        services.volume_add(volume=v, manuscript=a, by=org.editor)
    with pytest.raises(ValidationError):
        services.volume_publish(volume=v, by=org.editor)


def test_a_bad_order_changes_nothing(org):
    v = h.volume(org)
    for t in ("甲篇", "乙篇"):
        services.volume_add(volume=v, manuscript=_ready(org, t), by=org.editor)
    ids = list(v.entries.order_by("position").values_list("pk", flat=True))
    for bad in ([ids[0]], [ids[0], ids[0]], [ids[0], ids[1], 999999]):
        with pytest.raises(ValidationError):
            services.volume_reorder(volume=v, entry_ids=bad, by=org.editor)
    assert list(v.entries.order_by("position").values_list("pk", flat=True)) == ids


def test_only_ready_manuscripts_enter_a_volume(org):
    v = h.volume(org)
    m = h.advance(org, h.draft(org), S.FINAL_REVIEW)
    with pytest.raises(ValidationError):
        services.volume_add(volume=v, manuscript=m, by=org.editor)
    assert not v.entries.exists()


def test_an_empty_volume_is_not_published_and_numbers_are_unique(org):
    v = h.volume(org)
    with pytest.raises(ValidationError):
        services.volume_publish(volume=v, by=org.editor)
    with pytest.raises(ValidationError) as error:
        h.volume(org, number=v.number)
    assert "已经存在" in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.volume_create(
            body_id=org.body.pk,
            data={**{f: getattr(v, f) for f in services.VOLUME_FIELDS}, "number": 99},
            by=org.office,
        )
    assert Volume.objects.count() == 1


def test_the_volume_pdf_is_a_book_with_contents_and_cjk_fonts(org, client, tmp_path):
    v = h.volume(org)
    for title in ("准格尔煤田开发亲历记", "草原上的红色文艺轻骑兵"):
        services.volume_add(volume=v, manuscript=_ready(org, title), by=org.editor)
    client.force_login(org.editor)
    response = client.get(reverse("archives:volume_pdf", args=[v.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "Noto" in pdf_fonts(response.content, tmp_path) and "CJK" in pdf_fonts(
        response.content, tmp_path
    )
    flat = squeeze(pdf_text(response.content, tmp_path))
    assert "《鄂尔多斯文史资料》" in flat and "第12辑" in flat and "校样" in flat
    assert "目录" in flat
    # the contents page names each article with its page: cover 1, contents 2, articles 3, 4
    assert "准格尔煤田开发亲历记周委员" in flat
    assert flat.index("目录") < flat.index("一九五八年春天")
    assert "第4页/共4页" in flat


def test_a_long_volume_is_made_in_the_background_not_in_the_request(
    org, client, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from archives.views import volumes as volume_views
    from portal.models import Job

    monkeypatch.setattr(volume_views, "VOLUME_PDF_INLINE_ARTICLES", 1)
    v = h.volume(org)
    for title in ("准格尔煤田开发亲历记", "草原上的红色文艺轻骑兵"):
        services.volume_add(volume=v, manuscript=_ready(org, title), by=org.editor)
    client.force_login(org.editor)

    def render_pdf(*args, **kwargs):
        raise AssertionError("a long volume was laid out in the request")

    with monkeypatch.context() as patched:
        patched.setattr(volume_views, "pdf_response", render_pdf)
        response = client.get(reverse("archives:volume_pdf", args=[v.pk]), follow=True)
    assert "请点击“生成 PDF”在后台生成" in response.content.decode()
    page = client.get(reverse("archives:volume_detail", args=[v.pk])).content.decode()
    assert reverse("archives:volume_pdf_start", args=[v.pk]) in page

    assert client.get(reverse("archives:volume_pdf_start", args=[v.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archives:volume_pdf_start", args=[v.pk]))
    job = Job.objects.get(created_by=org.editor, kind="archives_volume_pdf")
    assert response["Location"] == reverse("portal:job_detail", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("portal:job_download", args=[job.pk]))
    flat = squeeze(pdf_text(b"".join(download.streaming_content), tmp_path))
    assert "准格尔煤田开发亲历记周委员" in flat and "第4页/共4页" in flat
    client.force_login(org.member_user)  # an unpublished volume: not his to ask for
    assert client.post(reverse("archives:volume_pdf_start", args=[v.pk])).status_code == 404


# ---- plans and statistics -----------------------------------------------------------------


def test_plan_progress_counts_what_was_collected(org):
    p = h.plan(org, status=CollectionPlan.Status.OPEN)
    h.advance(org, h.draft(org, plan=p, theme="乌兰牧骑"), S.FIRST_REVIEW)
    h.draft(org, plan=p, title="草稿不计")
    h.advance(
        org,
        h.draft(org, plan=p, kind=Manuscript.Kind.ORAL_HISTORY, interviewee="巴特尔"),
        S.REGISTERED,
    )
    row = plans_with_progress(h.culture_staff(org)).get(pk=p.pk)
    assert (row.n_articles, row.n_oral, row.n_published) == (2, 1, 0)
    assert row.n_words == 2 * Manuscript.objects.filter(plan=p).first().word_count


def test_a_theme_outside_the_plan_is_refused(org):
    p = h.plan(org, status=CollectionPlan.Status.OPEN)
    with pytest.raises(ValidationError):
        h.draft(org, plan=p, theme="航天工业")


def test_approved_plans_change_only_their_call(org):
    p = h.plan(org, status=CollectionPlan.Status.OPEN)
    data = h.plan_data(org, closes_on=p.closes_on + dt.timedelta(days=10))
    services.plan_update(plan=p, data=data, version=p.version, by=h.culture_staff(org))
    p.refresh_from_db()
    with pytest.raises(ValidationError):
        services.plan_update(
            plan=p,
            data=h.plan_data(org, target_articles=1),
            version=p.version,
            by=h.culture_staff(org),
        )


def test_statistics_and_their_export(org, client):
    h.published(org, title="甲")
    h.advance(org, h.draft(org, title="乙", witness="heard"), S.FIRST_REVIEW)
    h.draft(
        org,
        title='=HYPERLINK("x")',
        by=h.culture_staff(org),
        contributor=None,
        author_name="=外部作者",
    )
    stats = statistics(org.editor)
    assert stats["total"] == 2  # drafts are not counted
    assert dict(stats["by_status"])["已出版"] == 1
    assert dict(stats["by_witness"])["亲闻"] == 1
    assert stats["by_contributor"][0]["n"] == 2
    client.force_login(org.editor)
    response = client.get(reverse("archives:statistics_export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["分类", "项目", "稿件数", "字数"]
    assert ["按状态", "已出版", 1, None] in rows or ["按状态", "已出版", 1, ""] in rows


# ---- reminders, quota board, scores -------------------------------------------------------


def test_reminders_are_sent_once(org, django_capture_on_commit_callbacks):
    staff = h.culture_staff(org)
    p = h.plan(
        org,
        status=CollectionPlan.Status.OPEN,
        closes_on=timezone.localdate() + dt.timedelta(days=3),
    )
    m = h.advance(org, h.draft(org), S.FIRST_REVIEW)
    Manuscript.objects.filter(pk=m.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=20)
    )
    h.advance(org, h.draft(org, title="刚到的稿件"), S.FIRST_REVIEW)
    assert services.remind() == 2
    assert services.remind() == 0
    assert Notification.objects.filter(recipient=staff, title__contains=p.title).count() == 1
    waiting = Notification.objects.filter(recipient=org.editor, title__contains="等候")
    assert [n.title for n in waiting] == [f"稿件「{m.title}」在「初审」环节已等候超过 14 天"]


def test_the_quota_counter_and_the_score_source(org):
    p = h.plan(org, status=CollectionPlan.Status.OPEN)
    m = h.published(org, plan=p, theme="乌兰牧骑")
    h.advance(
        org,
        h.draft(org, by=h.culture_staff(org), contributor=None, author_name="外部作者"),
        S.REGISTERED,
    )
    year = timezone.localdate().year
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    counter = quota_counters.get("archives_manuscripts")
    assert counter.count(org.body.pk, start, end, timezone.localdate()) == {
        ("member", org.member.pk): 1,
        ("committee", org.culture.pk): 1,
        ("body", org.body.pk): 2,
    }
    source = score_sources.get("archives")
    rows = sorted(source.rows(org.body.pk, year), key=lambda r: r["role"])
    assert [(r["member_id"], r["record_id"], r["role"]) for r in rows] == [
        (org.member.pk, m.pk, "published"),
        (org.member.pk, m.pk, "submitted"),
    ]
    assert list(contributions(org.body.pk, year - 1)) == []
    assert source.url(m.pk) == reverse("archives:manuscript_detail", args=[m.pk])
