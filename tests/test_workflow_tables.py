"""Each workflow's table is the single rule (issue 8): for every table, the exact set of
allowed (from, to, action) moves, written out here by hand (never derived from the table),
and every other (from, to) pair between the model's states refused by `move()`.

A change to a table (a new shortcut such as 草稿 → 已批准, a lost step) fails here and
must be made on purpose in both places."""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

from .workflow_tables_data import TABLES


def _table_and_model(module: str, name: str, models: str, model: str):
    table = getattr(importlib.import_module(module), name)
    return table, getattr(importlib.import_module(models), model)


def _states(model, field: str, moves) -> list[str]:
    states = [str(value) for value, _label in model._meta.get_field(field).flatchoices]
    # A state outside the choices (the assignment's empty "entering" state).
    return sorted(set(states) | {src for src, _dst, _action in moves})


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_the_table_allows_exactly_these_moves(module, name, models, model, moves):
    table, _model = _table_and_model(module, name, models, model)
    assert table.moves() == moves


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_every_other_pair_of_states_is_refused_by_move(module, name, models, model, moves):
    table, model_class = _table_and_model(module, name, models, model)
    allowed = {(src, dst) for src, dst, _action in moves}
    states = _states(model_class, table.field, moves)
    assert {s for pair in allowed for s in pair} <= set(states)  # moves between real states
    refused = 0
    for src in states:
        for dst in states:
            if (src, dst) in allowed:
                continue
            record = model_class(**{table.field: src})
            with pytest.raises(ValidationError) as error:
                table.move(record, dst, by=None, system=True)
            message = error.value.messages[0]
            assert "不能变为" in message or "无需重复操作" in message, (src, dst, message)
            assert getattr(record, table.field) == src
            refused += 1
    assert refused == len(states) ** 2 - len(allowed)


@pytest.mark.parametrize(("module", "name", "models", "model", "moves"), TABLES)
def test_every_allowed_move_passes_the_table(monkeypatch, module, name, models, model, moves):
    """The other half: a listed move is not refused by the table (the log is not written
    here; moves with a guard on the record are tested with real records in each module)."""
    table, model_class = _table_and_model(module, name, models, model)
    logged = []
    monkeypatch.setattr(
        "portal.workflow.TransitionLog",
        SimpleNamespace(objects=SimpleNamespace(create=lambda **kw: logged.append(kw))),
    )
    monkeypatch.setattr(
        "portal.workflow.ContentType",
        SimpleNamespace(objects=SimpleNamespace(get_for_model=lambda obj: None)),
    )
    for src, dst, _action in sorted(moves):
        if getattr(table._table[(src, dst)], "guard", None) is not None:
            continue
        record = model_class(**{table.field: src})
        table.move(record, dst, by=None, system=True, comment="理由")
        assert getattr(record, table.field) == dst
    assert all(entry["actor"] is None for entry in logged)


def test_every_workflow_table_of_the_portal_is_listed_here():
    """A new table (any `*workflow` module of the project's apps) is added to TABLES."""
    from portal.workflow import Workflow

    listed = {(module, name) for module, name, *_rest in (p.values for p in TABLES)}
    found = set()
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)):
            continue  # third-party apps
        package = importlib.import_module(config.name)
        names = [config.name] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{config.name}.")
            if ".migrations" not in info.name
        ]
        for name in names:
            if not name.endswith(("workflow", "imports.services")):
                continue
            module = importlib.import_module(name)
            for attr, value in vars(module).items():
                if isinstance(value, Workflow) and attr.isupper():
                    found.add((module.__name__, attr))
    assert found == listed
