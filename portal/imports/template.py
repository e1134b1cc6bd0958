"""The .xlsx template of an import: the resource's columns, with a 说明 sheet."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from django.db.models import Model
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..spreadsheets import escape_cell
from .checks import MAX_ROWS
from .resources import resource_class
from .widgets import DateWidget, NamedWidget


def template_workbook(*, kind: str, body: Model) -> bytes:
    """An empty .xlsx to fill in: the header row on the first sheet, and a 说明 sheet with
    what each column takes (this body's sector, committee and term names included)."""
    resource = resource_class(kind)(body=body, user=None)
    fields = resource.get_import_fields()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(resource.sheet_title)
    for index, f in enumerate(fields, start=1):
        letter = get_column_letter(index)
        required = getattr(f.widget, "required", False)
        cell = sheet.cell(row=1, column=index, value=f.column_name)
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        sheet.column_dimensions[letter].width = max(12, len(f.column_name) * 2 + 4)
        is_date = isinstance(f.widget, DateWidget)
        # Text columns stay text: Excel would turn 委员编号 0012 into 12 and phone numbers
        # into 1.39E+10.
        sheet.column_dimensions[letter].number_format = "yyyy-mm-dd" if is_date else "@"
        values = f.widget.allowed_values()
        if values and not isinstance(f.widget, NamedWidget):
            check = DataValidation(
                type="list", formula1='"{}"'.format(",".join(values)), allow_blank=True
            )
            check.error = _("请从下拉列表中选择。")
            check.showErrorMessage = True
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(_("说明"))
    notes.append([_("列名"), _("必填"), _("说明"), _("可填写的值")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for f in fields:
        values = f.widget.allowed_values() or []
        notes.append(
            [
                f.column_name,
                _("是") if getattr(f.widget, "required", False) else "",
                str(resource.notes.get(f.column_name, "")),
                escape_cell("、".join(values)),
            ]
        )
    notes.append([])
    for line in (
        _("第 1 行为表头（红色为必填列），请勿修改；从第 2 行起每行一条记录，空行会被忽略。"),
        _("再次导入同一编号（或名称）的记录会更新原记录；留空的列按默认值处理。"),
        _("上传后先预览：有错误的行会标出行号和列名，全部无误后才能确认导入。"),
    ):
        notes.append([line])
    for letter, width in zip("ABCD", (16, 8, 60, 60), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
