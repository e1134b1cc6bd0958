"""Widgets: a cell's text to a stored value, with Chinese errors. The resources
(members/resources.py, organisation/resources.py) build their columns from these; the
template lists each widget's `allowed_values` as a drop-down."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

CJK = re.compile(r"[\u3400-\u9fff]")


def chinese_message(message: str) -> str:
    """A message for the office: library text that is not Chinese never reaches it."""
    return message if CJK.search(message) else _("内容不符合要求。")


def cell_text(value: Any) -> str:
    """A cell as text: stripped, whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class TextWidget(widgets.Widget):
    def __init__(self, *, required: bool = False, default: str = "") -> None:
        super().__init__()
        self.required = required
        self.default = default

    def allowed_values(self) -> list[str] | None:
        return None

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError(_("必填，不能为空。"))
            return self.default
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """The Chinese label of a TextChoices value (男 → "male")."""

    def __init__(
        self, choices: type[models.TextChoices], *, required: bool = False, default: str = ""
    ) -> None:
        super().__init__(required=required, default=default)
        self.choices = choices
        self._by_label: dict[str | None, dict[str, str]] = {}

    def allowed_values(self) -> list[str]:
        return [str(label) for label in self.choices.labels]

    def _values_by_label(self) -> dict[str, str]:
        """The values by their label in the active language (translated once per run,
        not once per cell)."""
        language = translation.get_language()
        if language not in self._by_label:
            self._by_label[language] = {str(c.label): c.value for c in self.choices}
        return self._by_label[language]

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        if not text:
            return super().clean(value, row, **kwargs)  # the default, or "required"
        value = self._values_by_label().get(text)
        if value is not None:
            return value
        raise ValueError(
            _("“%(value)s”不是可选的值，请填写%(choices)s之一。")
            % {"value": text, "choices": "、".join(self.allowed_values())}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        labels = dict(self.choices.choices)
        return str(labels.get(value, value or ""))


class YesNoWidget(TextWidget):
    def __init__(self, *, default: bool) -> None:
        super().__init__()
        self.default = default

    def allowed_values(self) -> list[str]:
        return ["是", "否"]

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> Any:
        text = cell_text(value)
        if not text:
            return self.default
        if text in ("是", "否"):
            return text == "是"
        raise ValueError(_("“%(value)s”应填写“是”或“否”。") % {"value": text})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else ("是" if value else "否")


class DateWidget(TextWidget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = super().clean(value, row, **kwargs)
        if not text:
            return None
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day)
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s”不是有效的日期，请按 2024-01-31 的格式填写。") % {"value": text}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else ""


class NamedWidget(TextWidget):
    """A record of the importing body found by its name; other bodies' records are not
    found. The resource loads the candidates once (`load`)."""

    def __init__(self, what: str, *, required: bool = False) -> None:
        super().__init__(required=required)
        self.what = what
        self.objects: dict[str, models.Model] = {}

    def load(self, objects: Iterable[models.Model]) -> None:
        self.objects = {obj.name.strip(): obj for obj in objects}

    def allowed_values(self) -> list[str]:
        return list(self.objects)

    def clean(self, value: Any, row: dict | None = None, **kwargs: Any) -> Any:
        text = super().clean(value, row, **kwargs)
        if not text:
            return None
        try:
            return self.objects[text]
        except KeyError:
            raise ValueError(
                _("找不到%(what)s“%(name)s”。") % {"what": self.what, "name": text}
            ) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else value.name
