"""Page links keep the other filters and go to the page they name: Django's
{% querystring %} writes the leading "?" itself, so a template must not add one (the
links read "??page=2", which Django parses as a key "?page": every 下一页 showed page 1
again and the history page's links grew without end)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_the_next_page_link_names_the_page_and_keeps_the_filters():
    request = RequestFactory().get("/proposals/", {"status": "filed", "page": "1"})
    page = Paginator(list(range(100)), 30).get_page(1)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?status=filed&amp;page=2"' in html
    assert "??" not in html
