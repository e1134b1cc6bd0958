"""The Ordos demo, seeded once for every test of this package.

Seeding takes over a minute, and seven modules read the same demo, so the package shares
one seed: it runs inside a transaction that is rolled back when the package's last test
is done, and each test runs in a savepoint of it (as Django's setUpTestData does), so a
test's writes (a `--reset`, a reminder run) never reach the next test. Under pytest-xdist
the package is one unit of work for one worker (tests/conftest.py,
pytest_xdist_make_scheduler), so it is seeded once per run."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from demo import org_data as demo_data
from organisation.models import Body

from ..seeding import seed


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            seed()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def municipal(seeded, db) -> Body:
    return Body.objects.get(name=demo_data.MUNICIPAL.name)
