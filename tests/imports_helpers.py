"""Helpers of the import tests: spreadsheets built in memory, upload, preview, confirm."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from portal import imports
from portal.models import ImportBatch

XLSX = imports.XLSX_TYPE
MEMBER_HEADERS = [
    "委员编号", "姓名", "性别", "民族", "出生日期", "政治面貌", "所属党派", "界别", "工作单位",
    "职务职称", "常委", "手机号码", "电子邮箱", "通讯地址", "届次", "任职开始日期", "所在专委会",
]  # fmt: skip
DEPARTMENT_HEADERS = ["单位名称", "类型", "提案承办单位", "联系人", "联系电话", "地址"]


def member_row(code: str, name: str, sector: str = "经济界", **values) -> dict:
    return {"委员编号": code, "姓名": name, "性别": "男", "政治面貌": "无党派人士",
            "界别": sector, **values}  # fmt: skip


def xlsx(rows: list, headers: list[str] = MEMBER_HEADERS) -> bytes:
    """An .xlsx built in memory: the header row, then one row per dict (or list)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    member_row("W1001", "张三"),
    member_row(
        "W1002",
        "李四",
        "教育界",
        性别="女",
        政治面貌="民主党派",
        所属党派="民盟",
        所在专委会="提案委员会",
        任职开始日期="2023-03-01",
        常委="是",
        出生日期=dt.date(1975, 6, 1),
    ),
    member_row("W1003", "王五", 民族="蒙古族", 手机号码=13900001111, 电子邮箱="ww@example.cn"),
]


def upload(client, data: bytes, kind: str = "members", name: str = "名单.xlsx", **kwargs):
    file = SimpleUploadedFile(name, data, content_type=XLSX)
    return client.post(reverse("portal:import_upload", args=[kind]), {"file": file}, **kwargs)


def preview(client, data: bytes, kind: str = "members") -> ImportBatch:
    response = upload(client, data, kind)
    batch = ImportBatch.objects.order_by("-id").first()
    assert response.status_code == 302, response
    assert response["Location"] == reverse("portal:import_preview", args=[batch.pk])
    return batch


def confirm(client, batch: ImportBatch):
    return client.post(reverse("portal:import_confirm", args=[batch.pk]), follow=True)


def page_text(response) -> str:
    return response.content.decode()
