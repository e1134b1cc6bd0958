"""`get_FOO_display()` reads each field's labels from a table built once (portal.display)
and answers exactly what Django's own method answers."""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from portal import display
from proposals.models import Proposal


def _fields_with_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_display_method_of_a_field_with_choices_is_the_fast_one():
    fields = list(_fields_with_choices())
    assert len(fields) > 50
    for model, field in fields:
        assert isinstance(model.__dict__[f"get_{field.name}_display"], partialmethod)
        assert model.__dict__[f"get_{field.name}_display"].func is display.display, model


def test_the_labels_are_djangos_for_every_choice_and_the_value_for_any_other():
    for model, field in _fields_with_choices():
        instance = model()
        for value, _label in [*field.flatchoices, ("不存在的值", None), (None, None)]:
            try:
                setattr(instance, field.attname, value)
            except ValidationError:
                continue  # a field that checks what it is given (django-timezone-field)
            expected = models.Model._get_FIELD_display(instance, field)
            assert getattr(instance, f"get_{field.name}_display")() == expected, (model, value)


def test_a_status_shows_its_label():
    assert Proposal(status=Proposal.Status.FILED).get_status_display() == "已立案"
    assert Proposal(status="filed").get_status_display() == "已立案"


def test_a_models_own_display_method_is_left_alone(monkeypatch):
    def own(self):
        return "自定义"

    monkeypatch.setattr(Proposal, "get_status_display", own, raising=True)
    display.install()
    assert Proposal.__dict__["get_status_display"] is own
    assert Proposal(status="filed").get_status_display() == "自定义"
