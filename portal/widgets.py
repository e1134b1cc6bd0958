"""Form widgets shared by the modules."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


class CheckList(forms.CheckboxSelectMultiple):
    """A multiple choice as a list of checkboxes (usable on a phone, unlike a Ctrl-click
    <select multiple>); `includes/form_fields.html` renders it, with a filter box above it
    when it has more than SEARCH_FROM choices (static/js/checklist.js)."""

    SEARCH_FROM = 8

    def __init__(self, attrs=None, choices=()) -> None:
        super().__init__({"class": "form-check-input", **(attrs or {})}, choices)


class SelectWidget(forms.Select):
    """A <select> of many flat choices (a body's 500 members, 1,700 manuscripts) written
    as plain HTML: Django's Select renders a template per option (~0.3 ms each, most of
    such a form's page). The same markup as forms.Select; named so that its `widget_type`
    stays "select" for `includes/form_fields.html`."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{conditional_escape(name)}"{flatatt(final)}>']
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            mark = " selected" if key in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(key)}"{mark}>'
                f"{conditional_escape(label)}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))
