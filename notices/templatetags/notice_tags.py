from django import template
from django.utils.safestring import SafeString, mark_safe

from notices.html import sanitise

register = template.Library()


@register.filter
def notice_html(value: str) -> SafeString:
    """A notice's text as safe HTML: cleaned when saved, and again here (defence in depth:
    rows written by an import or the admin are cleaned too)."""
    return mark_safe(sanitise(value))  # noqa: S308 - nh3 has removed everything unsafe


@register.filter
def answer(answers: dict, label: str) -> str:
    """One answer of a reply slip, by the question's label."""
    return answers.get(label, "") if isinstance(answers, dict) else ""
