"""The safe subset of HTML a notice's text may use (nh3, the Rust ammonia sanitiser).

Paragraphs, headings, emphasis, lists, quotes, tables and links (http, https, mailto,
tel; opened with rel="noopener noreferrer nofollow"). No images (files are attachments),
no styles, classes, ids, scripts, event handlers, frames, forms or comments. Text without
any markup (typed without the editor) becomes paragraphs."""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import linebreaks

TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "noscript",
    "svg",
    "math",
}


BLOCKS = re.compile(r"<(p|br|h3|h4|ul|ol|blockquote|hr|table)\b", re.IGNORECASE)


def _clean(text: str) -> str:
    return nh3.clean(
        text,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def sanitise(text: str) -> str:
    """The notice text as safe HTML."""
    cleaned = _clean((text or "").strip())
    if cleaned and not BLOCKS.search(cleaned):
        # Typed without the editor: blank lines are paragraphs, newlines line breaks.
        cleaned = _clean(linebreaks(cleaned, autoescape=False))
    return cleaned


def plain(text: str, limit: int = 200) -> str:
    """The text without markup, for notifications, lists and exports."""
    bare = html.unescape(nh3.clean(text or "", tags=set(), clean_content_tags=DROPPED_WITH_CONTENT))
    bare = " ".join(bare.split())
    return bare if len(bare) <= limit else bare[: limit - 1] + "…"
