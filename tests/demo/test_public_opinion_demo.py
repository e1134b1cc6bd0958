"""The 社情民意 part of `seed_demo`: items in every state of the editors' work, a published
issue, adoptions and a 批示; the demo member's invitation waits on his 待办; every page
of the module answers for the demo logins."""

from __future__ import annotations

from django.urls import reverse

from portal.models import User
from public_opinion.models import Adoption, Instruction, Issue, Report

S = Report.Status


def test_the_demo_has_items_in_every_state_of_the_editors_work(municipal):
    states = set(Report.objects.filter(body=municipal).values_list("status", flat=True))
    assert {S.DRAFT, S.AWAITING_COAUTHORS, S.SUBMITTED, S.RETURNED, S.REJECTED, S.ACCEPTED,
            S.MERGED, S.TO_DEPARTMENT, S.PUBLISHED, S.ADOPTED} <= states  # fmt: skip
    assert Report.objects.filter(body=municipal, kind=Report.Kind.COMBINED).exists()
    assert Report.objects.filter(body=municipal, kind=Report.Kind.COLLECTIVE).exists()
    issue = Issue.objects.get(body=municipal, status="published")
    assert issue.pdf and issue.entries.count() == 4
    assert Adoption.objects.filter(report__body=municipal, level__code="region").exists()
    assert Instruction.objects.filter(report__body=municipal).exists()


def test_the_demo_member_sees_his_adopted_item_and_invitation(municipal, client):
    client.force_login(User.objects.get(username="member"))
    todo = client.get(reverse("portal:todo_list")).content.decode()
    assert "确认联名社情民意信息：关于发展夜间经济的建议" in todo
    own = Report.objects.get(title="关于加强城市内涝防治的建议")
    page = client.get(reverse("public_opinion:report_detail", args=[own.pk])).content.decode()
    assert "自治区政协采用" in page and "市委副书记 张明" in page


def test_every_page_answers_for_the_demo_logins(municipal, client):
    pages = {
        "infoeditor": ["queue", "report_list", "statistics", "issue_list", "forwarding_list",
                       "report_merge", "key_topics"],
        "office": ["queue", "statistics", "issue_list"],
        "staff": ["my_list", "key_topics", "issue_list"],
        "member": ["my_list", "issue_list", "report_create"],
    }  # fmt: skip
    items = list(Report.objects.filter(body=municipal).values_list("pk", flat=True))
    for username, names in pages.items():
        client.force_login(User.objects.get(username=username))
        for name in names:
            assert client.get(reverse(f"public_opinion:{name}")).status_code == 200, name
        for pk in items:
            status = client.get(reverse("public_opinion:report_detail", args=[pk])).status_code
            assert status in (200, 404), (username, pk, status)
    client.force_login(User.objects.get(username="infoeditor"))
    assert client.get(reverse("public_opinion:adoption_report_pdf")).status_code == 200
