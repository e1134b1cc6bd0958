"""What the writes of 文史资料 share: task kinds, the editable fields of each record, the
stale-copy check, editors only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from portal.models import User

from ..access import is_editor
from ..models import (
    CollectionPlan,
    Manuscript,
)

S = Manuscript.Status
P = CollectionPlan.Status

RETURNED_TASK = "archives_returned"
REVIEW_TASK = "archives_review"

PLAN_FIELDS = (
    "committee",
    "kind",
    "year",
    "title",
    "description",
    "themes",
    "target_articles",
    "target_words",
    "target_oral_histories",
    "call_text",
    "closes_on",
)
MANUSCRIPT_FIELDS = (
    "plan",
    "theme",
    "kind",
    "title",
    "author_name",
    "author_contact",
    "witness",
    "period",
    "place",
    "origin",
    "text",
    "restricted",
    "interviewee",
    "interviewers",
    "interview_date",
    "interview_place",
    "duration_minutes",
)
VOLUME_FIELDS = (
    "series",
    "number",
    "title",
    "is_special",
    "editor_in_chief",
    "permit",
    "published_on",
    "print_run",
)
ITEM_FIELDS = (
    "kind",
    "title",
    "creator",
    "period",
    "year_from",
    "year_to",
    "place",
    "persons",
    "keywords",
    "description",
    "rights",
    "provenance",
    "restricted",
    "manuscript",
    "exhibit_location",
    "acquisition",
    "lender",
)


def _stale(obj: Any, version: int) -> None:
    if version and version != obj.version:
        raise ValidationError(
            _("该记录已被他人修改（您看到的是旧版本）。请刷新页面，在最新内容上重新修改。")
        )


# ---- volumes ----------------------------------------------------------------------------


def _editor_only(body_id: int, by: User) -> None:
    if by.body_id != body_id or not is_editor(by):
        raise PermissionDenied
