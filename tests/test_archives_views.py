"""Pages of 文史资料, each role: a member submits from his phone and follows his
manuscript; editors review, edit (with a diff) and compile; nobody reaches another
person's unpublished manuscript, a restricted one, a signed authorisation or an unpublished
volume by its id — 404, with nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archives.models import CollectionPlan, Manuscript, ManuscriptFile, ManuscriptVersion
from portal.todos import counts

from . import archives_helpers as h

S = Manuscript.Status


def _form(**fields) -> dict:
    return {
        "kind": "article",
        "title": "我在乌审旗治沙的日子",
        "witness": "lived",
        "period": "1980年代",
        "place": "乌审旗",
        "origin": "written",
        "text": "那年春天风沙特别大，我们在毛乌素沙地种下了第一片沙柳。",
        "author_contact": "",
    } | fields


def test_a_member_submits_his_own_manuscript(org, client):
    client.force_login(org.member_user)
    response = client.post(
        reverse("archives:manuscript_create"),
        _form(
            # fields the form does not offer: ignored (no mass assignment)
            status="published",
            contributor=org.other_member.pk,
            registered_by=org.editor.pk,
            body=999,
            restricted="on",
            word_count=1,
        ),
    )
    m = Manuscript.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("archives:manuscript_detail", args=[m.pk])
    assert (m.status, m.contributor, m.registered_by, m.body_id) == (
        S.DRAFT,
        org.member,
        org.member_user,
        org.body.pk,
    )
    assert m.author_name == "周委员" and not m.restricted and m.word_count == 27
    response = client.post(reverse("archives:manuscript_submit", args=[m.pk]))
    m.refresh_from_db()
    assert m.status == S.REGISTERED
    page = client.get(reverse("archives:my_manuscripts")).content.decode()
    assert "我在乌审旗治沙的日子" in page and "已登记" in page


def test_a_bad_form_keeps_what_was_typed(org, client):
    client.force_login(org.member_user)
    response = client.post(
        reverse("archives:manuscript_create"),
        _form(kind="oral_history", interviewee="", text="口述内容很长很长"),
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "口述史须填写口述人" in body and "口述内容很长很长" in body
    assert not Manuscript.objects.exists()


def test_staff_register_an_outside_authors_manuscript(org, client):
    staff = h.culture_staff(org)
    client.force_login(staff)
    response = client.post(
        reverse("archives:manuscript_create"), _form(contributor="", author_name="")
    )
    assert response.status_code == 422
    assert "请填写作者姓名" in response.content.decode()
    client.post(reverse("archives:manuscript_create"), _form(contributor="", author_name="高老人"))
    m = Manuscript.objects.get()
    assert (m.author_name, m.contributor, m.registered_by) == ("高老人", None, staff)


def test_others_get_404_for_a_members_draft_and_nothing_changes(org, client, other_org):
    m = h.draft(org)
    record = h.attach(m, org.member_user)
    urls = [
        ("get", reverse("archives:manuscript_detail", args=[m.pk])),
        ("get", reverse("archives:manuscript_edit", args=[m.pk])),
        ("post", reverse("archives:manuscript_edit", args=[m.pk])),
        ("post", reverse("archives:manuscript_submit", args=[m.pk])),
        ("get", reverse("archives:version_detail", args=[m.pk, 1])),
        ("post", reverse("archives:file_upload", args=[m.pk])),
        ("get", reverse("archives:file_download", args=[record.pk])),
        ("post", reverse("archives:file_delete", args=[record.pk])),
    ]
    for user in (org.other_member_user, org.office, org.staff, other_org.editor):
        client.force_login(user)
        for method, url in urls:
            data = _form(title="篡改") if method == "post" else {}
            assert getattr(client, method)(url, data).status_code == 404, (user, url)
    m.refresh_from_db()
    assert (m.status, m.title, m.version) == (S.DRAFT, "黄河岸边的勘探岁月", 1)
    assert ManuscriptFile.objects.filter(pk=record.pk).exists()


def test_a_restricted_manuscript_is_only_for_editors(org, client):
    m = h.published(org)
    Manuscript.objects.filter(pk=m.pk).update(restricted=True)
    scan = h.attach(m, org.editor, "scan", "扫描.pdf")
    for user in (org.other_member_user, org.office, org.reviewer):
        client.force_login(user)
        assert client.get(reverse("archives:manuscript_detail", args=[m.pk])).status_code == 404
        assert client.get(reverse("archives:file_download", args=[scan.pk])).status_code == 404
        assert (
            "黄河岸边" not in client.get(reverse("archives:home"), {"q": "勘探"}).content.decode()
        )
    client.force_login(org.editor)
    assert client.get(reverse("archives:manuscript_detail", args=[m.pk])).status_code == 200


def test_a_signed_authorisation_only_for_the_author_and_editors(org, client):
    m = h.published(org)
    scan = h.attach(m, org.editor, "scan", "扫描.pdf")
    paper = m.files.get(kind="authorisation")
    client.force_login(org.other_member_user)
    assert client.get(reverse("archives:file_download", args=[scan.pk])).status_code == 200
    assert client.get(reverse("archives:file_download", args=[paper.pk])).status_code == 404
    page = client.get(reverse("archives:manuscript_detail", args=[m.pk])).content.decode()
    assert "授权书.pdf" not in page and "扫描.pdf" in page
    for user in (org.member_user, org.editor):
        client.force_login(user)
        response = client.get(reverse("archives:file_download", args=[paper.pk]))
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")


def test_an_unpublished_volume_and_its_pdf_are_only_for_editors(org, client):
    v = h.volume(org)
    for user in (org.member_user, org.office):
        client.force_login(user)
        assert client.get(reverse("archives:volume_detail", args=[v.pk])).status_code == 404
        assert client.get(reverse("archives:volume_pdf", args=[v.pk])).status_code == 404


def test_an_editor_returns_a_manuscript_and_the_author_revises_it(org, client):
    m = h.advance(org, h.draft(org), S.FIRST_REVIEW)
    client.force_login(org.editor)
    url = reverse("archives:manuscript_move", args=[m.pk, "returned"])
    response = client.post(url, {"comment": ""})
    assert response.status_code == 422
    assert "需要填写意见" in response.content.decode()
    m.refresh_from_db()
    assert m.status == S.FIRST_REVIEW
    client.post(url, {"comment": "请补充一九五八年勘探队的人员名单。"})
    m.refresh_from_db()
    assert m.status == S.RETURNED
    # the author's to-do and notification
    kinds = {kind.key: n for kind, n in counts(org.member_user).kinds}
    assert kinds["archives_returned"] == 1
    client.force_login(org.member_user)
    page = client.get(reverse("archives:manuscript_detail", args=[m.pk])).content.decode()
    assert "请补充一九五八年勘探队的人员名单。" in page
    client.post(
        reverse("archives:manuscript_edit", args=[m.pk]),
        _form(title=m.title, text=m.text + "\n勘探队共十二人。", version=m.version),
    )
    client.post(reverse("archives:manuscript_submit", args=[m.pk]))
    m.refresh_from_db()
    assert m.status == S.REGISTERED
    assert {kind.key: n for kind, n in counts(org.member_user).kinds}["archives_returned"] == 0
    assert {kind.key: n for kind, n in counts(org.editor).kinds}["archives_review"] == 1


def test_an_editor_edits_and_sees_the_diff(org, client):
    m = h.advance(org, h.draft(org), S.EDITING)
    client.force_login(org.editor)
    response = client.post(
        reverse("archives:manuscript_edit", args=[m.pk]),
        _form(
            title=m.title,
            text=m.text.replace("一九五八年", "1958年"),
            version=m.version,
            note="数字",
        ),
    )
    assert response.status_code == 302
    assert ManuscriptVersion.objects.filter(manuscript=m).count() == 2
    page = client.get(reverse("archives:version_detail", args=[m.pk, 2])).content.decode()
    assert "<del>一九五八</del><ins>1958</ins>" in page
    # the original is still there
    page = client.get(reverse("archives:version_detail", args=[m.pk, 1])).content.decode()
    assert "一九五八年春天" in page


def test_a_stale_edit_is_refused_and_the_text_kept(org, client):
    m = h.draft(org)
    client.force_login(org.member_user)
    client.post(
        reverse("archives:manuscript_edit", args=[m.pk]), _form(text="第一次修改", version=1)
    )
    response = client.post(
        reverse("archives:manuscript_edit", args=[m.pk]), _form(text="旧页面的修改", version=1)
    )
    assert response.status_code == 422
    assert "旧页面的修改" in response.content.decode()
    assert Manuscript.objects.get(pk=m.pk).text == "第一次修改"


def test_the_vice_chair_approves_a_plan_from_its_page(org, client):
    p = h.plan(org, status=CollectionPlan.Status.SUBMITTED)
    client.force_login(h.culture_vice_chair(org))
    page = client.get(reverse("archives:plan_detail", args=[p.pk])).content.decode()
    assert "批准" in page
    client.post(reverse("archives:plan_move", args=[p.pk, "approved"]))
    p.refresh_from_db()
    assert p.status == CollectionPlan.Status.APPROVED
    client.force_login(org.member_user)  # not yet a call
    assert (
        "按此启事投稿"
        not in client.get(reverse("archives:plan_detail", args=[p.pk])).content.decode()
    )


def test_a_member_cannot_move_a_plan(org, client):
    p = h.plan(org, status=CollectionPlan.Status.APPROVED)
    client.force_login(org.member_user)
    assert client.post(reverse("archives:plan_move", args=[p.pk, "open"])).status_code == 403
    p.refresh_from_db()
    assert p.status == CollectionPlan.Status.APPROVED


def test_culture_staff_create_a_plan_through_the_form(org, client):
    client.force_login(h.culture_staff(org))
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in h.plan_data(org).items()}
    response = client.post(reverse("archives:plan_create"), data | {"themes": ""})
    assert response.status_code == 422
    assert not CollectionPlan.objects.exists()
    response = client.post(reverse("archives:plan_create"), data)
    p = CollectionPlan.objects.get()
    assert response["Location"] == reverse("archives:plan_detail", args=[p.pk])
    assert p.theme_list == ["煤炭工业发展", "民族团结进步", "乌兰牧骑"]


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_user_text_is_escaped(org, client, payload):
    m = h.published(org, title=payload, text=payload)
    client.force_login(org.other_member_user)
    page = client.get(reverse("archives:manuscript_detail", args=[m.pk])).content.decode()
    assert payload not in page
    assert "&lt;" in page


def test_the_office_sees_archives_changes_in_the_change_history(org, client):
    h.draft(org, title="变更记录里的稿件")
    client.force_login(org.office)
    page = client.get(reverse("portal:history")).content.decode()
    assert "文史稿件" in page and "变更记录里的稿件" in page


def test_the_menu_offers_the_archives(org, client):
    client.force_login(org.member_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("archives:home") in page and reverse("archives:review_queue") not in page
    client.force_login(org.editor)
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("archives:review_queue") in page


def test_the_item_form_offers_every_manuscript_and_keeps_the_chosen_one(org, client):
    """The manuscript select is written as plain HTML (it may list thousands): every
    manuscript the user may read is an option, titles escaped, the linked one selected."""
    from archives.models import ArchiveItem

    m = h.draft(org, title="<b>勘探往事</b>")
    client.force_login(org.editor)

    def manuscript_select(url: str) -> str:
        html = client.get(url).content.decode()
        select = html[html.index('<select name="manuscript"') :]
        return select[: select.index("</select>")]

    select = manuscript_select(reverse("archives:item_create"))
    assert "form-select" in select and 'id="id_manuscript"' in select
    assert '<option value="" selected>' in select
    assert f'<option value="{m.pk}">&lt;b&gt;勘探往事&lt;/b&gt;</option>' in select
    response = client.post(
        reverse("archives:item_create"),
        {"kind": "photo", "title": "老照片", "manuscript": m.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ArchiveItem.objects.get(title="老照片")
    assert item.manuscript == m
    select = manuscript_select(reverse("archives:item_edit", args=[item.pk]))
    assert f'<option value="{m.pk}" selected>' in select
    assert '<option value="" selected>' not in select
