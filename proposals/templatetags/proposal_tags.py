import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_left(deadline: dt.date | None) -> int | None:
    """Calendar days from today (Asia/Shanghai) to the deadline; negative when overdue."""
    if deadline is None:
        return None
    return (deadline - timezone.localdate()).days


@register.filter
def absolute(value: int) -> int:
    return abs(value)
