"""Object permissions (django-guardian's tables), read once per change instead of on every
page.

Guardian's backend makes a new `ObjectPermissionChecker` for every `user.has_perm(perm,
obj)` (two queries each), and `get_objects_for_user` compiles a subquery through the
permission tables (~10 ms of Python per call). A page asks several of these: is the user
the office, which committees does he staff, which departments does he act for.

Here a user's object permissions (his own and his groups', from every guardian table the
project has) are read into one `ObjectPerms` table, kept in the shared cache under a
version that every save or delete of a permission row, and every change of a user's
groups, bumps (portal.caching.VersionedCache): a granted or revoked role shows on the next
request, in every process. Within a request the table lives on the user object. The
answers are guardian's own: an inactive user holds nothing, a superuser everything on
`has_perm` (and only what he was given in `objects_where`, as `with_superuser=False`);
for a model with its own user-permission table (organisation.Body, Committee, Department,
members.Member) only that table counts, for the others guardian's generic one; group
permissions come from the generic group table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.db.models import Model, Q, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.signals import m2m_changed
from guardian.backends import ObjectPermissionBackend, check_support
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .caching import VersionedCache

OBJECT_PERMS = VersionedCache("portal:object-perms", "PERMISSIONS_CACHE_SECONDS")

Key = tuple[str, str]  # (the object's model, "app_label.model"; its primary key as text)


@dataclass(frozen=True)
class ObjectPerms:
    """What one user holds on objects: (model label, pk as text) -> permission codenames."""

    held: Mapping[Key, frozenset[str]]

    def on(self, obj: Model) -> frozenset[str]:
        return self.held.get((_label(type(obj)), str(obj.pk)), frozenset())

    def pks(self, model: type[Model], codenames: Iterable[str]) -> list[str]:
        """The keys of the model's objects on which any of `codenames` is held."""
        label, wanted = _label(model), set(codenames)
        return [
            pk
            for (held_label, pk), held in self.held.items()
            if held_label == label and held & wanted
        ]


def _label(model: type[Model]) -> str:
    return model._meta.concrete_model._meta.label_lower


@cache
def _tables() -> tuple[list[tuple[type[Model], str | None]], list[type[Model]], frozenset[str]]:
    """The user-permission tables ((model, the label of its objects or None for the generic
    one)), the group-permission tables, and the labels that have a table of their own."""
    user_tables, group_tables = [], []
    for model in apps.get_models():
        if issubclass(model, UserObjectPermissionBase):
            generic = model.objects.is_generic()
            target = (
                None if generic else _label(model._meta.get_field("content_object").related_model)
            )
            user_tables.append((model, target))
        elif issubclass(model, GroupObjectPermissionBase):
            group_tables.append(model)
    own = frozenset(target for _model, target in user_tables if target is not None)
    return user_tables, group_tables, own


def read_object_perms(user_id: int) -> ObjectPerms:
    """A user's object permissions from the database: one query, a UNION ALL over the
    permission tables (label of the object's model, its key as text, codename)."""
    user_tables, group_tables, own = _tables()
    parts = []
    for model, target in user_tables:
        mine = model.objects.filter(user_id=user_id)
        if target is None:
            # guardian reads the objects of a model with its own table from that table only
            parts.append(_generic(mine.exclude(_labelled_in(own))))
        else:
            parts.append(
                mine.annotate(label=Value(target), key=Cast("content_object_id", TextField()))
                .values_list("label", "key", "permission__codename")
                .order_by()
            )
    parts += [_generic(model.objects.filter(group__user__id=user_id)) for model in group_tables]
    held: dict[Key, set[str]] = defaultdict(set)
    for label, pk, codename in parts[0].union(*parts[1:], all=True):
        held[label, pk].add(codename)
    return ObjectPerms({key: frozenset(codenames) for key, codenames in held.items()})


def _generic(queryset):
    return (
        queryset.annotate(
            label=Concat("content_type__app_label", Value("."), "content_type__model"),
            key=Cast("object_pk", TextField()),
        )
        .values_list("label", "key", "permission__codename")
        .order_by()
    )


def _labelled_in(labels: Iterable[str]) -> Q:
    found = Q(pk__in=[])
    for label in labels:
        app_label, model = label.split(".")
        found |= Q(content_type__app_label=app_label, content_type__model=model)
    return found


def object_perms(user: Any) -> ObjectPerms:
    """The user's object permissions: kept on the user object for its request, read from
    the shared cache (or the database after a change) once per request."""
    kept = getattr(user, "_object_perms", None)
    if kept is None:
        if not user.is_authenticated:
            kept = ObjectPerms({})
        else:
            kept = OBJECT_PERMS.get_or_compute(str(user.pk), lambda: read_object_perms(user.pk))
        user._object_perms = kept
    return kept


def perms_on(user: Any, obj: Model) -> frozenset[str]:
    """The codenames the user holds on obj, as guardian's `get_perms` answers."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _all_codenames(_label(type(obj)))
    return object_perms(user).on(obj)


def objects_where(user: Any, model: type[Model], codenames: Iterable[str]) -> list[str]:
    """Keys of the model's objects on which the user holds any of the codenames (as
    guardian's `get_objects_for_user(..., any_perm=True, accept_global_perms=False,
    with_superuser=False)`)."""
    return object_perms(user).pks(model, codenames)


@cache
def _all_codenames(label: str) -> frozenset[str]:
    app_label, model = label.split(".")
    return frozenset(
        Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ).values_list("codename", flat=True)
    )


class RequestObjectPermissionBackend(ObjectPermissionBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Model | None = None) -> bool:
        support, user_obj = check_support(user_obj, obj)
        if not support:
            return False
        app_label, _, codename = perm.rpartition(".")
        if app_label and app_label != obj._meta.app_label:
            # guardian's own check (a permission of another app: WrongAppError)
            return super().has_perm(user_obj, perm, obj)
        if user_obj.is_active and user_obj.is_superuser:
            return True  # guardian's answer, even for a codename the model does not have
        return codename in perms_on(user_obj, obj)


def watch() -> None:
    """Make the kept permissions stale on every change of a permission row or of a user's
    groups. Call from an AppConfig.ready()."""
    user_tables, group_tables, _own = _tables()
    OBJECT_PERMS.watch(*(model._meta.label for model, _target in user_tables))
    OBJECT_PERMS.watch(*(model._meta.label for model in group_tables))
    m2m_changed.connect(
        _groups_changed,
        sender=apps.get_model("portal.User").groups.through,
        dispatch_uid="object-perms-groups",
    )


def _groups_changed(**_kwargs: object) -> None:
    OBJECT_PERMS.bump()
