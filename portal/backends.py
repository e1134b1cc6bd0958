"""Object permissions (django-guardian) with one permission checker per user object.

Guardian's backend makes a new `ObjectPermissionChecker` for every `user.has_perm(perm,
obj)`, so a page that asks about the same committee for each of its buttons and workflow
moves queries the permission tables every time (12 times on a consultation's page). Here
the checker lives on the user object, which Django makes anew for every request: within
one request the answers for an object are read once (as Django's own ModelBackend keeps
`_perm_cache` on the user), and a permission granted or revoked shows on the next one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from guardian.backends import ObjectPermissionBackend, check_support
from guardian.core import ObjectPermissionChecker


def checker_for(user: Any) -> ObjectPermissionChecker:
    """The user's permission checker for this request (made on first use)."""
    checker = getattr(user, "_object_permission_checker", None)
    if checker is None:
        checker = user._object_permission_checker = ObjectPermissionChecker(user)
    return checker


class RequestObjectPermissionBackend(ObjectPermissionBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Model | None = None) -> bool:
        support, user_obj = check_support(user_obj, obj)
        if not support:
            return False
        app_label = perm.split(".", 1)[0] if "." in perm else None
        if app_label is not None and app_label != obj._meta.app_label:
            # guardian's own check (a permission of another app: WrongAppError)
            return super().has_perm(user_obj, perm, obj)
        return checker_for(user_obj).has_perm(perm, obj)
