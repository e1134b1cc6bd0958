"""`get_FOO_display()` without translating every choice on every call.

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on each
call: hashing a lazy label translates it, so showing one status of a field with twelve
choices runs gettext twelve times, and a list of 50 rows with three such fields runs it
some 2,000 times (about a tenth of a list page's time on a region's data). `install()`
points the `get_FOO_display` of every model field with choices (the ones Django made, not
a method a model defines itself) at `display`, which reads the labels from a table kept
per field and language, built once."""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# (field, language) -> {choice value: label as str}
_LABELS: dict[tuple[models.Field, str | None], dict] = {}


def labels_of(field: models.Field) -> dict:
    """The field's choices as {value: translated label} in the active language."""
    key = (field, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        _LABELS[key] = labels
    return labels


def display(instance: models.Model, field: models.Field):
    """What `Model._get_FIELD_display` returns: the label of the instance's value, or the
    value itself when it is not one of the choices."""
    value = getattr(instance, field.attname)
    found = labels_of(field).get(make_hashable(value), value)
    return force_str(found, strings_only=True)


def _made_by_django(method: object, field: models.Field) -> bool:
    return (
        isinstance(method, partialmethod)
        and method.func is models.Model._get_FIELD_display
        and method.keywords.get("field") is field
    )


def install() -> None:
    """Call once, from an AppConfig.ready() (every model is loaded then)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            name = f"get_{field.name}_display"
            if _made_by_django(model.__dict__.get(name), field):
                setattr(model, name, partialmethod(display, field=field))
