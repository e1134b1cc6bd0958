"""Form widgets shared by the modules."""

from __future__ import annotations

from django import forms


class CheckList(forms.CheckboxSelectMultiple):
    """A multiple choice as a list of checkboxes (usable on a phone, unlike a Ctrl-click
    <select multiple>); `includes/form_fields.html` renders it, with a filter box above it
    when it has more than SEARCH_FROM choices (static/js/checklist.js)."""

    SEARCH_FROM = 8

    def __init__(self, attrs=None, choices=()) -> None:
        super().__init__({"class": "form-check-input", **(attrs or {})}, choices)
