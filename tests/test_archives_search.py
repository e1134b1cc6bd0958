"""Chinese full-text search (archives.search): a hand-built corpus of real sentences,
searched for two-character and longer words inside sentences, ranked sensibly, through
the GIN index, and never showing what the searcher may not read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from archives import search
from archives.models import ArchiveItem, Manuscript
from archives.selectors import items_visible_to, manuscripts_visible_to

from . import archives_helpers as h

CORPUS = {
    "coal": (
        "准格尔煤田开发亲历记",
        "一九八五年，我作为技术员参加了准格尔煤田的开发建设。当时的煤矿工人住在简易工棚里，"
        "冬天零下三十度，大家仍坚持在露天矿坑作业。煤矿投产那天，全旗的乡亲都来看热闹。",
    ),
    "troupe": (
        "草原上的红色文艺轻骑兵",
        "乌兰牧骑的队员们骑着马，带着马头琴和四胡，走遍了鄂托克旗的每一个嘎查。"
        "牧民们说，乌兰牧骑来了，草原就热闹了。",
    ),
    "split": (
        "一次难忘的春节慰问",
        "那年春节，乌兰浩特来的同志和牧骑手们一起联欢，大家在蒙古包里唱了一夜的歌。",
    ),
    "bridge": (
        "黄河大桥建设回忆",
        "黄河大桥通车以前，过河全靠渡船。煤炭外运十分困难，一到凌汛期就要停运。"
        "大桥建成后，运煤的卡车排成长龙。",
    ),
}


def _titles(qs) -> list[str]:
    return [m.title for m in qs]


@pytest.fixture
def corpus(org):
    made = {}
    for key, (title, text) in CORPUS.items():
        made[key] = h.published(org, title=title, text=text)
    return made


def _search(user, query):
    return search.search(manuscripts_visible_to(user), query, ("title", "text"))


def test_it_finds_a_two_character_word_inside_sentences(org, corpus):
    assert set(_titles(_search(org.other_member_user, "煤矿"))) == {"准格尔煤田开发亲历记"}
    # 黄河 appears in the title and the text of one, nowhere else
    assert _titles(_search(org.other_member_user, "黄河")) == ["黄河大桥建设回忆"]


def test_a_longer_word_must_appear_with_its_characters_together(org, corpus):
    # 乌兰 and 牧骑 both occur in "split", but not as 乌兰牧骑
    assert _titles(_search(org.other_member_user, "乌兰牧骑")) == ["草原上的红色文艺轻骑兵"]
    assert _titles(_search(org.other_member_user, "准格尔煤田")) == ["准格尔煤田开发亲历记"]


def test_several_words_must_all_appear(org, corpus):
    assert _titles(_search(org.other_member_user, "煤炭 凌汛")) == ["黄河大桥建设回忆"]
    assert _titles(_search(org.other_member_user, "煤炭 马头琴")) == []


def test_a_single_character_matches_words_starting_with_it(org, corpus):
    assert "草原上的红色文艺轻骑兵" in _titles(_search(org.other_member_user, "琴"))


def test_punctuation_and_case_do_not_matter(org, corpus):
    assert _titles(_search(org.other_member_user, "「乌兰牧骑」！")) == ["草原上的红色文艺轻骑兵"]
    assert search.tsquery("   ，。") == ""
    assert list(_search(org.other_member_user, "，。")) == []


def test_it_ranks_title_and_repeated_hits_first(org, corpus):
    h.published(
        org,
        title="矿区往事",
        text="煤炭运不出去的年月，煤炭堆成了山，我们天天盼着煤炭外运的铁路。",
    )
    h.published(
        org,
        title="煤炭工业六十年",
        text="煤炭是鄂尔多斯的支柱。煤炭外运、煤炭转化，煤炭工人的故事说不完。",
    )
    found = _titles(_search(org.other_member_user, "煤炭"))
    assert found[0] == "煤炭工业六十年"
    assert found == ["煤炭工业六十年", "矿区往事", "黄河大桥建设回忆"]


def test_unpublished_manuscripts_only_for_their_authors_and_editors(org, corpus):
    own = h.advance(org, h.draft(org, title="未刊稿", text="独贵龙运动的口述回忆。"), h.S.EDITING)
    assert _titles(_search(org.member_user, "独贵龙")) == ["未刊稿"]  # the author
    assert _titles(_search(org.editor, "独贵龙")) == ["未刊稿"]
    assert _titles(_search(org.other_member_user, "独贵龙")) == []
    assert _titles(_search(org.reviewer, "独贵龙")) == []
    own.restricted = True
    own.save(update_fields=["restricted"])
    assert _titles(_search(org.office, "独贵龙")) == []
    assert _titles(_search(org.editor, "独贵龙")) == ["未刊稿"]


def test_restricted_published_manuscripts_only_for_editors(org, corpus):
    Manuscript.objects.filter(pk=corpus["troupe"].pk).update(restricted=True)
    assert _titles(_search(org.other_member_user, "乌兰牧骑")) == []
    assert _titles(_search(org.office, "乌兰牧骑")) == []
    assert _titles(_search(org.editor, "乌兰牧骑")) == ["草原上的红色文艺轻骑兵"]


def test_another_body_finds_nothing(org, other_org, corpus):
    assert _titles(_search(other_org.editor, "煤矿")) == []


def test_archive_items_are_searched_too(org):
    ArchiveItem.objects.create(
        body=org.body,
        kind=ArchiveItem.Kind.PHOTO,
        title="伊金霍洛旗成吉思汗陵旧照",
        persons="巴图",
        keywords="祭祀 旧照",
        description="拍摄于一九五六年的陵园大门。",
        created_by=org.editor,
    )
    ArchiveItem.objects.create(
        body=org.body,
        kind=ArchiveItem.Kind.DOCUMENT,
        title="内部档案",
        description="成吉思汗陵修缮的批复。",
        restricted=True,
        created_by=org.editor,
    )
    found = search.search(items_visible_to(org.member_user), "成吉思汗陵", ("title",))
    assert [i.title for i in found] == ["伊金霍洛旗成吉思汗陵旧照"]
    found = search.search(items_visible_to(org.editor), "成吉思汗陵", ("title",))
    assert [i.title for i in found] == ["伊金霍洛旗成吉思汗陵旧照", "内部档案"]
    found = search.search(items_visible_to(org.editor), "巴图", ("title",))
    assert [i.title for i in found] == ["伊金霍洛旗成吉思汗陵旧照"]


def test_edits_are_searchable_at_once(org, corpus):
    from archives import services

    m = h.advance(org, h.draft(org, title="待改稿"), h.S.EDITING)
    services.manuscript_update(
        manuscript=m, data={"text": "鄂尔多斯婚礼的传统仪式。"}, version=m.version, by=org.editor
    )
    assert _titles(_search(org.editor, "婚礼")) == ["待改稿"]
    assert _titles(_search(org.editor, "勘探")) == []


def test_the_search_is_an_indexed_query(org, corpus):
    """With a body's worth of manuscripts, the planner reads the bigram GIN index."""
    filler = "那一年我们在伊克昭盟的牧区修路，春天播种，秋天打草，日子过得很平静。"
    Manuscript.objects.bulk_create(
        Manuscript(
            body=org.body,
            title=f"回忆文章{i}",
            author_name="作者",
            witness="lived",
            text=filler * 5,
            status=Manuscript.Status.PUBLISHED,
            registered_by=org.editor,
        )
        for i in range(3000)
    )
    qs = _search(org.other_member_user, "乌兰牧骑")
    assert _titles(qs) == ["草原上的红色文艺轻骑兵"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archives_manuscript")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "archives_manuscript_search" in plan, plan


def test_the_search_page_shows_ranked_results(org, corpus, client):
    client.force_login(org.other_member_user)
    response = client.get(reverse("archives:home"), {"q": "煤炭"})
    assert response.status_code == 200
    assert "黄河大桥建设回忆" in response.content.decode()
    assert "准格尔煤田开发亲历记" not in response.content.decode()
    response = client.get(reverse("archives:home"), {"q": "乌兰牧骑", "witness": "heard"})
    assert "草原上的红色文艺轻骑兵" not in response.content.decode()


def test_the_archive_lists_total_is_kept_and_follows_each_change(org, client):
    """The list's total is kept between requests (portal.paging): a new item, an item
    restricted afterwards and one deleted show at once; an editor also counts restricted
    ones."""

    def total(user) -> int:
        client.force_login(user)
        return client.get(reverse("archives:item_list")).context["page"].paginator.count

    def item(title: str, **fields) -> ArchiveItem:
        return ArchiveItem.objects.create(
            body=org.body, kind=ArchiveItem.Kind.PHOTO, title=title, created_by=org.editor,
            **fields,
        )  # fmt: skip

    assert (total(org.member_user), total(org.editor)) == (0, 0)
    photo = item("旧照一")
    item("内部档案", restricted=True)
    assert (total(org.member_user), total(org.editor)) == (1, 2)
    photo.restricted = True
    photo.save()
    assert (total(org.member_user), total(org.editor)) == (0, 2)
    photo.delete()
    assert (total(org.member_user), total(org.editor)) == (0, 1)
