from django.http import HttpRequest

from .access import roles_of
from .models import Notification
from .navigation import nav_items


def portal(request: HttpRequest) -> dict:
    """Navigation, role names and the unread count for the page frame (three queries)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {
        "roles": roles,
        "role_labels": roles.labels,
        "nav_items": nav_items(request),
        "unread_count": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
