import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()

STATUS_CLASSES = {
    "draft": "text-bg-light border",
    "awaiting_signers": "text-bg-warning",
    "submitted": "text-bg-info",
    "filed": "text-bg-primary",
    "merged": "text-bg-secondary",
    "not_filed": "text-bg-dark",
    "withdrawn": "text-bg-light border text-muted",
    "assigned": "text-bg-primary",
    "handling": "text-bg-primary",
    "replied": "text-bg-success",
    "evaluated": "text-bg-success",
    "rehandling": "text-bg-danger",
    "closed": "text-bg-secondary",
}


@register.filter
def status_class(status: str) -> str:
    """The Bootstrap badge classes of a proposal state."""
    return STATUS_CLASSES.get(status, "text-bg-light border")


@register.filter
def days_left(deadline: dt.date | None) -> int | None:
    """Calendar days from today (Asia/Shanghai) to the deadline; negative when overdue."""
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def absolute(value: int) -> int:
    return abs(value)
