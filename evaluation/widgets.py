"""A <select> rendered in Python: Django's Select renders a template per option, about
0.3 ms each, and the office's forms here choose among the body's 500 members."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """The same markup as forms.Select for flat choices (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            mark = " selected" if key in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(key)}"{mark}>'
                f"{conditional_escape(label)}</option>"
            )
        parts.append("</select>")
        return mark_safe("".join(parts))
