from django.http import HttpRequest

from .access import roles_of
from .navigation import nav_items
from .todos import counts_for


def portal(request: HttpRequest) -> dict:
    """Navigation, role names, the unread count and the open work per kind for the page
    frame (three queries: roles, member link, and one for all the counts)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    counts = counts_for(request)
    return {
        "roles": roles,
        "role_labels": roles.labels,
        "nav_items": nav_items(request),
        "unread_count": counts.unread,
        "todo_counts": counts,
    }
