"""portal.warmup: a server process does the first request's lazy work at start-up, so the
first page each worker serves is not ~10× slower than the next (issue 12)."""

from __future__ import annotations

from unittest import mock

from django.template import engines
from django.urls import URLResolver, clear_url_caches, get_resolver, reverse

from portal.warmup import project_templates, warm_up


def _cached_loader():
    (loader,) = engines["django"].engine.template_loaders
    return loader


def test_every_project_template_is_compiled_and_no_library_template_is():
    loader = _cached_loader()
    loader.reset()
    compiled = warm_up()
    names = project_templates()
    assert compiled == len(names)
    assert {"base.html", "portal/home.html", "proposals/proposal_detail.html"} <= set(names)
    assert not [n for n in names if n.startswith("admin/")]  # Django's own stay lazy
    cached = set(loader.get_template_cache)
    assert set(names) <= cached


def test_after_warm_up_no_reverse_builds_a_lookup():
    clear_url_caches()
    warm_up()
    built = []
    original = URLResolver._populate

    def counting(self):
        built.append(self)
        return original(self)

    assert {"portal", "proposals", "committees", "evaluation"} <= set(get_resolver().namespace_dict)
    with mock.patch.object(URLResolver, "_populate", counting):
        reverse("portal:home")
        reverse("proposals:proposal_list")
        reverse("committees:calendar")
        reverse("evaluation:summary_list")
    assert built == []
    clear_url_caches()
    with mock.patch.object(URLResolver, "_populate", counting):
        reverse("proposals:proposal_list")  # without the warm-up, the first reverse builds
    assert built
