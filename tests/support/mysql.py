"""A throwaway MariaDB database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.services import MYSQL_URL, require_service


@contextmanager
def scratch_mysql_url() -> Iterator[str]:
    require_service("mysql")
    name = f"sentinel_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(MYSQL_URL)
    with admin.begin() as c:
        c.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        yield make_url(MYSQL_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()
