"""The form renderer (settings.FORM_RENDERER): Django's, with the widgets written once per
option (a select's <option>, a checkbox list's <input>) built in Python.

Django renders one template per option: on a select of a body's 500 members or a list of
1,700 manuscripts that is ~0.3 ms an option, most of the form page's time. These few
templates are tiny and fixed (django/forms/templates/django/forms/widgets/), so they are
written here as they are there, with the same escaping and whitespace (tests compare the
two for every kind of choice widget); every other widget template
(and any option of another template) goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
CHECKBOX_OPTION = "django/forms/widgets/checkbox_option.html"
RADIO_OPTION = "django/forms/widgets/radio_option.html"


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{conditional_escape(str(widget["value"]))}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html (None: an option of another template)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(f"\n  {_option(option)}\n")  # the included file's newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input_option.html with input.html (a checkbox or radio)."""
    value = widget["value"]
    shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
    tag = (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )
    if not widget.get("wrap_label"):
        return tag
    label_id = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(label_id)}"' if label_id else ""
    # input.html ends with a newline, kept inside the label as the template keeps it.
    return f"<label{label_for}>{tag}\n {conditional_escape(widget['label'])}</label>"


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    SELECT: _select,
    SELECT_OPTION: _option,
    CHECKBOX_OPTION: _input_option,
    RADIO_OPTION: _input_option,
}


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict, request=None) -> str:
        writer = _WRITERS.get(template_name)
        if writer is not None:
            html = writer(context["widget"])
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
