"""The members import (portal.imports, members.resources) on the region data set: a
generated file of N rows (new members, and every existing member of the body with a new
phone number) uploaded and previewed, uploaded again before the confirm (the preview's
plan reused), confirmed (the plan applied), then uploaded once more (all unchanged).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_imports.py [--rows 10000]

Everything runs in a transaction that is rolled back at the end: the benchmark database
keeps its members. Prints each step's seconds, queries and queries per row, and the load
average (the QUALITY.md target: 10,000 rows with preview in 30 s).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import setup  # noqa: E402

setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from bench.run import aligned  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from members.models import Member  # noqa: E402
from organisation.models import Body, Sector  # noqa: E402
from portal import imports  # noqa: E402
from portal.models import User  # noqa: E402


def workbook(body: Body, rows: int) -> bytes:
    sectors = list(
        Sector.objects.filter(body=body, group__isnull=False).values_list("name", flat=True)
    )
    existing = list(
        Member.objects.filter(body=body).select_related("sector").order_by("code")[: rows // 10]
    )
    book = Workbook()
    sheet = book.active
    headers = [
        "委员编号",
        "姓名",
        "性别",
        "民族",
        "政治面貌",
        "界别",
        "工作单位",
        "职务职称",
        "手机号码",
    ]
    sheet.append(headers)
    for i, member in enumerate(existing):
        sheet.append(
            [member.code, member.name, member.get_gender_display(), member.ethnicity,
             member.get_affiliation_display(), member.sector.name, member.employer,
             member.position, f"137{i:08d}"]
        )  # fmt: skip
    for i in range(rows - len(existing)):
        sheet.append(
            [f"B{i:06d}", f"基准委员{i}", "男" if i % 2 else "女", "汉族", "无党派人士",
             sectors[i % len(sectors)], "鄂尔多斯市某单位", "职员", f"139{i:08d}"]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def step(label: str, fn, rows: int, table: list) -> object:
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    counts = ""
    if hasattr(result, "new_rows"):
        counts = f"{result.new_rows}/{result.updated_rows}/{result.unchanged_rows}"
    table.append(
        (label, f"{seconds:.1f}", f"{cpu:.1f}", str(queries), f"{queries / rows:.3f}", counts)
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    office = User.objects.get(username="office")
    data = workbook(body, args.rows)
    # CPU: this process's (Python) seconds; the database's work is in its own processes.
    table = [("步骤", "秒", "CPU 秒", "查询数", "每行查询", "新增/更新/未变")]
    load_before = os.getloadavg()
    with transaction.atomic():

        def upload():
            return SimpleUploadedFile("members.xlsx", data, content_type=imports.XLSX_TYPE)

        batch = step(
            f"上传并预览 {args.rows} 行",
            lambda: imports.import_preview(body=body, kind="members", upload=upload(), by=office),
            args.rows,
            table,
        )
        step(
            "确认前再次上传同一文件（沿用预览）",
            lambda: imports.import_preview(body=body, kind="members", upload=upload(), by=office),
            args.rows,
            table,
        )
        step("确认导入", lambda: imports.import_confirm(batch=batch, by=office), args.rows, table)
        created = Member.objects.filter(body=body, code__startswith="B").count()
        assert created == batch.new_rows, (created, batch.new_rows)
        step(
            "导入后再次上传同一文件（预览：全部未变）",
            lambda: imports.import_preview(body=body, kind="members", upload=upload(), by=office),
            args.rows,
            table,
        )
        transaction.set_rollback(True)
    print(
        "负载均值 "
        + " / ".join(f"{v:.2f}" for v in load_before)
        + " → "
        + " / ".join(f"{v:.2f}" for v in os.getloadavg())
    )
    for line in aligned(table):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
