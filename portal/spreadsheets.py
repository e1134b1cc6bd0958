"""Excel and CSV exports of lists: streamed row by row, and safe to open in a spreadsheet.

django-import-export's own escaping strips only a leading "=" (STACK.md); a cell that
starts with any of = + - @ TAB CR is a formula to Excel or LibreOffice, so we prefix "'".
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """Neutralise a value a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return str(value)


def _rows(columns: Sequence[Column], objects: Iterable[Any]) -> Iterator[list[Any]]:
    if isinstance(objects, QuerySet):
        # Chunks (prefetches included) instead of the whole list in memory.
        objects = objects.iterator(chunk_size=2000)
    for obj in objects:
        yield [escape_cell(_plain(column.value(obj))) for column in columns]


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, columns: Sequence[Column], objects: Iterable[Any]) -> HttpResponse:
    """A CSV file (UTF-8 with BOM, so Excel reads the Chinese), streamed."""
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow([escape_cell(c.header) for c in columns])
        for row in _rows(columns, objects):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_response(
    filename: str, columns: Sequence[Column], objects: Iterable[Any], *, title: str = "Sheet1"
) -> HttpResponse:
    """An .xlsx file written in openpyxl's write-only mode to a temporary file, so memory
    stays flat however many rows there are."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=escape_cell(column.header))
        header.append(cell)
    sheet.append(header)
    for row in _rows(columns, objects):
        # Strings are written as strings: openpyxl would otherwise store "=..." as a formula.
        sheet.append([_text_cell(sheet, value) for value in row])
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _text_cell(sheet, value: Any) -> Any:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def export_response(
    fmt: str, basename: str, columns: Sequence[Column], objects: Iterable[Model]
) -> HttpResponse:
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        return csv_response(f"{basename}-{stamp}.csv", columns, objects)
    return xlsx_response(f"{basename}-{stamp}.xlsx", columns, objects, title=basename)
