"""QUALITY.md item 10: exported cells that a spreadsheet would run as formulae are escaped,
checked by reading the files back."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.services import member_update
from portal.spreadsheets import escape_cell

PAYLOADS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("value", PAYLOADS)
def test_escape_cell_prefixes_formula_starters(value):
    assert escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["委员", "13900000000", "", "a=b", 12, None])
def test_escape_cell_leaves_other_values(value):
    assert escape_cell(value) == value


@pytest.fixture
def hostile_member(org):
    return member_update(
        member=org.member,
        data={"employer": PAYLOADS[0], "position": "+cmd|' /C calc'!A0", "address": "@x"},
        expected_version=org.member.version,
        by=org.office,
    )


def test_the_xlsx_export_escapes_formulae(org, client, hostile_member):
    client.force_login(org.office)
    response = client.get(reverse("members:member_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, data = rows[0], {row[0]: row for row in rows[1:]}
    row = dict(zip(header, data["W0001"], strict=True))
    assert row["工作单位"] == "'" + PAYLOADS[0]
    assert row["职务职称"] == "'+cmd|' /C calc'!A0"
    # No cell of the file is a formula.
    for sheet_row in workbook.active.iter_rows():
        for cell in sheet_row:
            assert cell.data_type != "f"
    assert row["所在专委会"] == "经济委员会"


def test_the_csv_export_escapes_formulae_and_reads_in_excel(org, client, hostile_member):
    client.force_login(org.office)
    response = client.get(reverse("members:member_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read the Chinese
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    mine = next(r for r in rows if r["委员编号"] == "W0001")
    assert mine["工作单位"] == "'" + PAYLOADS[0]
    assert mine["姓名"] == "周委员"


def test_the_export_follows_the_list_filters_and_permissions(org, client):
    client.force_login(org.staff)
    response = client.get(reverse("members:member_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "周委员" in text and "吴委员" not in text  # staff: their committee only
    client.force_login(org.office)
    response = client.get(reverse("members:member_export", args=["csv"]) + "?q=吴")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "吴委员" in text and "周委员" not in text


def test_the_department_export_escapes_formulae(org, client):
    org.department.contact_person = "=1+2"
    org.department.save()
    client.force_login(org.office)
    response = client.get(reverse("organisation:department_export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [c for row in workbook.active.iter_rows(values_only=True) for c in row]
    assert "'=1+2" in values and "=1+2" not in values
