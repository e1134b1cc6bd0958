"""QUALITY.md item 17, the backup drill: pg_dump -Fc → restore into a fresh database →
the same row counts in every table."""

import subprocess
import uuid

import pytest
from django.db import connection

from .conftest import build_org

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _row_counts(dsn: str) -> dict[str, int]:
    tables = subprocess.run(
        ["psql", dsn, "-tAc",
         "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    sql = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    out = subprocess.run(["psql", dsn, "-tAF", "|", "-c", sql], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return {name: int(n) for name, n in (line.split("|") for line in out.split())}


def _dsn(name: str) -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def test_a_dump_restores_into_a_fresh_database_with_the_same_rows(tmp_path):
    build_org()
    build_org("康巴什区政协")
    source = _dsn(connection.settings_dict["NAME"])
    dump = tmp_path / "lzt.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-d", source, "-f", str(dump)], check=True)
    fresh = f"lzt_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", fresh], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", _dsn(fresh), str(dump)], check=True)
        before, after = _row_counts(source), _row_counts(_dsn(fresh))
        assert before == after
        assert before["members_member"] == 4 and before["members_historicalmember"] > 0
    finally:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", fresh], check=True)
