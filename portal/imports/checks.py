"""The checks of an upload before anything is imported: its size and name, a plain .xlsx
zip (no other format, polyglot, encryption, macros or zip bomb), a workbook openpyxl can
read, the template's header row and the row cap."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .widgets import cell_text

if TYPE_CHECKING:
    from .resources import BodyResource

# Limits of an upload. The byte limit is a setting; the others bound the work a small
# file can cause once unpacked.
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small parts compress well and are harmless
MAX_ZIP_ENTRIES = 1_000

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected workbooks


def _not_xlsx() -> ValidationError:
    return ValidationError(
        _("文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后上传。")
    )


def read_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded .xlsx, refused when it is too big or not named .xlsx."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationError(_("请上传 Excel 工作簿（.xlsx）文件。"))
    too_big = ValidationError(
        _("文件太大（%(size)s），不能超过 %(limit)s。请分成几个文件上传。")
        % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
    )
    if upload.size is None or upload.size > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return data


def check_xlsx(data: bytes) -> None:
    """Refuse what is not a plain .xlsx zip: other formats, renamed files, polyglots (bytes
    before or after the archive), encrypted or macro workbooks, and zip bombs."""
    if data.startswith(OLE_MAGIC):
        raise ValidationError(
            _("这是旧版 .xls 文件或加了密码的工作簿，请在 Excel 中另存为不加密码的 .xlsx 后上传。")
        )
    if not data.startswith(ZIP_MAGIC) or not _ends_with_zip_directory(data):
        raise _not_xlsx()
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx() from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise _not_xlsx()
        if min(info.header_offset for info in infos) != 0:
            raise _not_xlsx()
        if any(info.flag_bits & 0x1 for info in infos):
            raise _not_xlsx()
        unpacked = sum(info.file_size for info in infos)
        bomb = len(infos) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES
        for info in infos:
            if info.file_size >= RATIO_CHECKED_FROM and (
                info.compress_size == 0
                or info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
            ):
                bomb = True
        if bomb:
            raise ValidationError(_("文件解压后过大或压缩比异常，可能已损坏，不能导入。"))
        if "xl/vbaProject.bin" in names:
            raise ValidationError(_("文件含有宏，请另存为不含宏的 .xlsx 后上传。"))


def _ends_with_zip_directory(data: bytes) -> bool:
    """The end-of-directory record, without a comment, closes the file: nothing hides
    after the archive."""
    end = data.rfind(b"PK\x05\x06")
    return end >= 0 and len(data) == end + 22 and data[end + 20 : end + 22] == b"\x00\x00"


@dataclass
class Sheet:
    """The data rows of the first worksheet, under the columns the resource knows."""

    dataset: tablib.Dataset
    lines: list[int]  # the Excel row number of each dataset row
    blank_rows: int = 0


def read_sheet(data: bytes, resource_class: type[BodyResource]) -> Sheet:
    """Parse an .xlsx (checked first) into a dataset; refuse a file whose header row is
    not the template's, that has no data or too many rows."""
    check_xlsx(data)
    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged or hostile files
        raise _not_xlsx() from None
    try:
        return _read_first_sheet(workbook, resource_class)
    except ValidationError:
        raise
    except Exception:
        raise _not_xlsx() from None
    finally:
        workbook.close()


def _read_first_sheet(workbook: Any, resource_class: type[BodyResource]) -> Sheet:
    if not workbook.worksheets:
        raise _not_xlsx()
    rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header = [cell_text(value).rstrip("*＊").strip() for value in next(rows, ())]
    known = {f.column_name: f for f in resource_class.fields.values()}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, name in enumerate(header):
        if not name:
            continue
        if name in positions:
            raise ValidationError(_("表头中「%(column)s」出现了两次。") % {"column": name})
        if name in known:
            positions[name] = index
        else:
            unknown.append(name)
    if unknown:
        raise ValidationError(
            _("第 1 行有无法识别的列：%(columns)s。请使用下载的模板，不要修改表头。")
            % {"columns": "、".join(f"「{name}」" for name in unknown[:10])}
        )
    missing = [n for n, f in known.items() if getattr(f.widget, "required", False)]
    missing = [name for name in missing if name not in positions]
    if missing:
        raise ValidationError(
            _("缺少必填列：%(columns)s。请使用下载的模板。")
            % {"columns": "、".join(f"「{name}」" for name in missing)}
        )
    columns = list(positions)
    sheet = Sheet(dataset=tablib.Dataset(headers=columns), lines=[])
    for line, values in enumerate(rows, start=2):
        picked = [
            values[positions[name]] if positions[name] < len(values) else None for name in columns
        ]
        if all(cell_text(value) == "" for value in picked):
            sheet.blank_rows += 1
            continue
        if len(sheet.lines) >= MAX_ROWS:
            raise ValidationError(
                _("文件超过 %(max)d 行数据，请分成几个文件上传。") % {"max": MAX_ROWS}
            )
        sheet.dataset.append(picked)
        sheet.lines.append(line)
    if not sheet.lines:
        raise ValidationError(_("文件中没有数据：第 1 行为表头，请从第 2 行起逐行填写。"))
    return sheet
