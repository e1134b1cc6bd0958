"""What an import run found, as the preview page shows it: the errors by Excel row and
column, and a summary of the rows that are (or would be) added or changed. The report of
a batch's last run is kept in `ImportBatch.report`, so the page never imports again."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..models import ImportBatch

# What the preview keeps to show; the counts always cover every row.
MAX_REPORTED_ISSUES = 1_000
MAX_REPORTED_ROWS = 500


@dataclass
class RowSummary:
    line: int
    kind: str  # RowResult.IMPORT_TYPE_NEW or IMPORT_TYPE_UPDATE
    label: str
    detail: str


@dataclass
class Issue:
    line: int | None
    column: str
    message: str

    @property
    def text(self) -> str:
        if self.line is None:
            return self.message
        if self.column:
            return _("第 %(line)d 行「%(column)s」：%(message)s") % asdict(self)
        return _("第 %(line)d 行：%(message)s") % asdict(self)


@dataclass
class Report:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: int = 0
    blank_rows: int = 0
    issues: list[Issue] = field(default_factory=list)
    rows: list[RowSummary] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            **{
                **data,
                "issues": [Issue(**issue) for issue in data.get("issues", [])],
                "rows": [RowSummary(**row) for row in data.get("rows", [])],
            }
        )


def record_report(batch: ImportBatch, report: Report) -> list[str]:
    """Put the report and its counts on the batch; returns the fields to save."""
    batch.total_rows = report.total
    batch.new_rows = report.new
    batch.updated_rows = report.updated
    batch.unchanged_rows = report.unchanged
    batch.error_count = report.error_rows
    batch.report = report.as_dict()
    return ["total_rows", "new_rows", "updated_rows", "unchanged_rows", "error_count", "report"]


def report_of(batch: ImportBatch) -> Report | None:
    """The report of the batch's last run (dry or real); none once discarded."""
    if not batch.report:
        return None
    try:
        return Report.from_dict(batch.report)
    except (TypeError, AttributeError):  # not a report this code wrote
        return None
