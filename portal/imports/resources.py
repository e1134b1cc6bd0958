"""The base of the import resources: rows go into one body for one user, and every
problem is reported against its Excel row and column. The resources themselves live with
their models (members/resources.py, committees/resources.py)."""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
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
        if self.dataset.dict and self.key_field.column_name in self.dataset.dict[0]:
            for row in self.dataset.dict:
                try:
                    keys.add(self.key_field.clean(row))
                except ValueError:
                    continue
        self.instances = {
            self.key_field.get_value(instance): instance
            for instance in self.get_queryset().filter(**{f"{self.key_field.attribute}__in": keys})
        }

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

    # Hooks of the subclasses.
    def check_row(self, instance: models.Model, row: dict, errors: dict, **kwargs: Any) -> None:
        """Add cross-column errors of one row to `errors` (key: field name)."""

    def persist(self, instance: models.Model, *, is_create: bool, row: dict) -> None:
        raise NotImplementedError

    def label(self, instance: models.Model) -> str:
        return str(instance)

    def new_detail(self, instance: models.Model) -> str:
        return ""

    # The import-export hooks.
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
        """The model's own validation without its uniqueness queries (one or two per row):
        a key twice in the file is caught by import_instance, an existing key is an update
        (the instance loader found it), and a record saved by someone else meanwhile makes
        the database refuse the row (save_instance)."""
        errors = dict(import_validation_errors or {})
        if self._meta.clean_model_instances:
            try:
                instance.full_clean(
                    exclude=errors.keys(), validate_unique=False, validate_constraints=False
                )
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance: models.Model, is_create: bool, row: dict, **kwargs: Any):
        # Every import runs in a transaction (a dry run is rolled back as a whole); the
        # savepoint undoes this row alone when its services refuse it.
        try:
            with transaction.atomic():
                self.persist(instance, is_create=is_create, row=row)
        except IntegrityError:
            raise ValidationError(
                _("与已有记录冲突，可能有人同时修改了数据，请重新上传。")
            ) from None

    def after_import_row(self, row: dict, row_result: RowResult, **kwargs: Any) -> None:
        kind = row_result.import_type
        instance, original = row_result.instance, row_result.original
        if (
            kind in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
            and len(self.summaries) < MAX_REPORTED_ROWS
        ):
            if kind == RowResult.IMPORT_TYPE_NEW:
                detail = self.new_detail(instance)
            else:
                changed = [
                    f.column_name
                    for f in self.get_import_fields()
                    if f.attribute and f.export(original) != f.export(instance)
                ]
                detail = _("修改：%(columns)s") % {"columns": "、".join(changed)}
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
