"""The base of the import resources: rows go into one body for one user, and every
problem is reported against its Excel row and column. The resources themselves live with
their models (members/resources.py, organisation/resources.py).

A resource may import in bulk (Meta.use_bulk): its rows are checked in Python against
records loaded once, and written in batches of Meta.batch_size (`write_plan`). What a
run writes is also kept as a *plan* (JSON): the confirm applies the preview's plan after
checking that the records it was checked against are still the same (`current_state`),
instead of reading and checking the file again."""

from __future__ import annotations

import hashlib
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result, RowResult

from ..models import User
from ..registry import import_kinds
from .report import MAX_REPORTED_ROWS, RowSummary


class BodyInstanceLoader(ModelInstanceLoader):
    """The body's existing records with the file's keys, loaded in one query, not one per
    row (import-export's CachedInstanceLoader, but a bad or empty key is left for its row
    to report instead of failing the whole file)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_field = self.resource.fields[self.resource.get_import_id_fields()[0]]
        keys = set()
        column = self.key_field.column_name
        if column in (self.dataset.headers or ()):
            for value in self.dataset.get_col(self.dataset.headers.index(column)):
                try:
                    keys.add(self.key_field.clean({column: value}))
                except ValueError:
                    continue
        queryset = self.get_queryset().filter(**{f"{self.key_field.attribute}__in": keys})
        if self.resource.lock_rows:
            queryset = queryset.select_for_update(of=("self",))
        self.instances = {self.key_field.get_value(instance): instance for instance in queryset}
        # What the rows are checked against, before they change the instances.
        self.resource.keys = sorted(str(key) for key in keys)
        self.resource.state = self.resource.state_of(self.instances.values())

    def get_instance(self, row: dict) -> models.Model | None:
        return self.instances.get(self.key_field.clean(row))


class BodyResource(resources.ModelResource):
    """Imports rows into one body for one user: records are looked up and created in the
    body only, saved through the services (which record `user` in the history), and
    every problem is reported against its Excel row and column header."""

    sheet_title = ""
    # The 说明 sheet of the template: a note per column header.
    notes: dict[str, str] = {}

    class Meta:
        skip_unchanged = True
        report_skipped = True
        # No deep copy and field-by-field export of each record (most of a run's time):
        # a snapshot of its values (after_init_instance) tells what a row changes.
        skip_diff = True
        skip_html_diff = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True
        instance_loader_class = BodyInstanceLoader

    def __init__(self, *, body: models.Model, user: User | None) -> None:
        super().__init__()
        self.body = body
        self.user = user
        self.lines: list[int] = []
        self.summaries: list[RowSummary] = []
        self._seen_keys: dict[Any, int] = {}
        # Bulk imports: the entries written (or, in a dry run, to write), the file's keys,
        # the state of the records checked against, and the existing records by pk.
        self.plan: list[dict] = []
        self.keys: list[str] = []
        self.state = ""
        self.known: dict[Any, models.Model] = {}
        self.lock_rows = False  # lock the existing records a real run updates

    # Hooks of the subclasses.
    def check_row(self, instance: models.Model, row: dict, errors: dict, **kwargs: Any) -> None:
        """Add cross-column errors of one row to `errors` (key: field name)."""

    def persist(self, instance: models.Model, *, is_create: bool, row: dict) -> None:
        raise NotImplementedError

    def label(self, instance: models.Model) -> str:
        return str(instance)

    # Hooks of a bulk resource (Meta.use_bulk).
    def plan_entry(self, instance: models.Model, *, is_create: bool) -> dict:
        """A checked row as a JSON entry of the plan (with its Excel line in "line")."""
        raise NotImplementedError

    def write_plan(self, entries: list[dict]) -> list[tuple[int, str, list[str]]]:
        """Write a batch of plan entries; returns the rows refused (line, field, messages).
        Raises ValidationError when the batch as a whole cannot be written."""
        raise NotImplementedError

    def reference_state(self) -> Any:
        """The body's records the rows are checked against (sectors, terms…), as values."""
        return None

    def state_of(self, instances: Any) -> str:
        """A digest of what a plan depends on: the day, the reference records and the
        existing records with the file's keys, field by field."""
        rows = sorted(
            repr([getattr(i, f.attname) for f in i._meta.concrete_fields]) for i in instances
        )
        text = repr((timezone.localdate().isoformat(), self.reference_state(), rows))
        return hashlib.sha256(text.encode()).hexdigest()

    def current_state(self, keys: list[str], *, lock: bool = True) -> str:
        """The state now; the existing records with these keys are kept in `known` for
        write_plan and, with `lock`, locked until the commit."""
        attribute = self.fields[self.get_import_id_fields()[0]].attribute
        queryset = self.get_queryset().filter(**{f"{attribute}__in": keys})
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        instances = list(queryset)
        self.known = {instance.pk: instance for instance in instances}
        return self.state_of(instances)

    def apply_plan(self, entries: list[dict]) -> list[tuple[int, str, list[str]]]:
        """Write a plan a dry run recorded, in batches; call current_state first."""
        size = self._meta.batch_size or len(entries) or 1
        refused: list[tuple[int, str, list[str]]] = []
        for start in range(0, len(entries), size):
            refused.extend(self._write(entries[start : start + size]))
        return refused

    def _write(self, entries: list[dict]) -> list[tuple[int, str, list[str]]]:
        try:
            with transaction.atomic():
                return self.write_plan(entries)
        except IntegrityError:
            raise ValidationError(
                _("与已有记录冲突，可能有人同时修改了数据，请重新上传。")
            ) from None

    def new_detail(self, instance: models.Model) -> str:
        return ""

    # The import-export hooks.
    def after_init_instance(self, instance: models.Model, new: bool, row: dict, **kwargs):
        instance._import_before = {} if new else self.snapshot(instance)

    @staticmethod
    def snapshot(instance: models.Model) -> dict[str, Any]:
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}

    def changed(self, instance: models.Model) -> list[str]:
        """The fields (attnames) a row changes in an existing record."""
        before = instance._import_before
        return [a for a, value in self.snapshot(instance).items() if before.get(a) != value]

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        """An existing record the row leaves as it is (skip_unchanged, without the diff)."""
        return bool(instance.pk and not import_validation_errors and not self.changed(instance))

    def line_of(self, row_number: int | None) -> int | None:
        if row_number is None:
            return None
        if 0 < row_number <= len(self.lines):
            return self.lines[row_number - 1]
        return row_number + 1  # a dataset built without line numbers: header is row 1

    def column_of(self, key: str) -> str:
        for name, f in self.fields.items():
            if key in (name, f.attribute):
                return f.column_name
        return ""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(body=self.body)

    def init_instance(self, row: dict | None = None) -> models.Model:
        return self._meta.model(body=self.body)

    def get_instance(self, instance_loader: Any, row: dict) -> models.Model | None:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an empty or bad key: import_instance reports it on its column

    def import_instance(self, instance: models.Model, row: dict, **kwargs: Any) -> None:
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.check_row(instance, row, errors, **kwargs)
        # The same key twice in one file would silently update the first row's record.
        attribute = self.fields[self.get_import_id_fields()[0]].attribute
        key = getattr(instance, attribute, None)
        if key and attribute not in errors:
            line = self.line_of(kwargs.get("row_number"))
            first = self._seen_keys.setdefault(key, line)
            if first != line:
                errors[attribute] = [_("与第 %(line)d 行重复。") % {"line": first}]
        if errors:
            raise ValidationError(errors)

    def validate_instance(
        self,
        instance: models.Model,
        import_validation_errors: dict | None = None,
        validate_unique: bool = True,
    ) -> None:
        """The model's own validation without its queries (one or two per row): a key
        twice in the file is caught by import_instance, an existing key is an update (the
        instance loader found it), a record saved by someone else meanwhile makes the
        database refuse the row (save_instance), and the foreign keys are the body and
        records the widgets loaded from it (no existence query per row)."""
        errors = dict(import_validation_errors or {})
        relations = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=[*errors.keys(), *relations],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance: models.Model, is_create: bool, row: dict, **kwargs: Any):
        if self._meta.use_bulk:
            # Collected; import-export calls bulk_create / bulk_update every batch_size.
            instance._import_line = self.line_of(kwargs.get("row_number"))
            return super().save_instance(instance, is_create, row, **kwargs)
        # Every import runs in a transaction (a dry run is rolled back as a whole); the
        # savepoint undoes this row alone when its services refuse it.
        try:
            with transaction.atomic():
                self.persist(instance, is_create=is_create, row=row)
        except IntegrityError:
            raise ValidationError(
                _("与已有记录冲突，可能有人同时修改了数据，请重新上传。")
            ) from None

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._flush(self.create_instances, True, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._flush(self.update_instances, False, dry_run, raise_errors, result)

    def _flush(self, instances: list, is_create: bool, dry_run: bool, raise_errors, result):
        """A batch of checked rows into the plan; a real run writes it. Every row was
        checked (a bulk resource checks its rules in check_row), so what the database
        refuses now is a conflict with someone else's writes: the whole file fails."""
        entries = [self.plan_entry(instance, is_create=is_create) for instance in instances]
        if not is_create:
            self.known.update((instance.pk, instance) for instance in instances)
        instances.clear()
        self.plan.extend(entries)
        if dry_run or not entries:
            return
        try:
            refused = self._write(entries)
            if refused:  # a bulk write of checked rows refuses none; a bug if it does
                raise ValidationError([m for _line, _field, messages in refused for m in messages])
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)

    def after_import_row(self, row: dict, row_result: RowResult, **kwargs: Any) -> None:
        kind = row_result.import_type
        instance = row_result.instance
        if (
            kind in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
            and len(self.summaries) < MAX_REPORTED_ROWS
        ):
            if kind == RowResult.IMPORT_TYPE_NEW:
                detail = self.new_detail(instance)
            else:
                changed = set(self.changed(instance))
                columns = [
                    f.column_name
                    for f in self.get_import_fields()
                    if f.attribute
                    and self._meta.model._meta.get_field(f.attribute).attname in changed
                ]
                detail = _("修改：%(columns)s") % {"columns": "、".join(columns)}
            line = self.line_of(kwargs.get("row_number"))
            self.summaries.append(RowSummary(line, kind, self.label(instance), detail))
        # The preview needs only the summary; 20,000 kept instances would not fit.
        row_result.instance = row_result.original = None

    def after_import(self, dataset: tablib.Dataset, result: Result, **kwargs: Any) -> None:
        # ModelResource resets the id sequence here, which races with concurrent inserts;
        # ids never come from the file, so there is nothing to reset.
        pass


def resource_class(kind: str) -> type[BodyResource]:
    """The resource a module registered for this kind (portal.registry.import_kinds)."""
    return import_kinds.get(kind).resource()
