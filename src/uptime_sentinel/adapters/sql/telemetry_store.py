"""Check results in bulk: multi-row inserts of at most 1,000 rows, duplicates ignored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import case, delete, func, select

from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.tables import check_results, last_checks
from uptime_sentinel.domain.check import CheckResult

MAX_ROWS_PER_INSERT = 1000
ERROR_MAX = 500
_LAST = ("ok", "status_code", "latency_ms", "error")


def _row(r: CheckResult) -> dict[str, Any]:
    return {
        "monitor_id": str(r.monitor_id),
        "checked_at": r.checked_at,
        "ok": r.ok,
        "status_code": r.status_code,
        "latency_ms": r.latency_ms,
        "error": None if r.error is None else r.error[:ERROR_MAX],
    }


def _result(row: Any) -> CheckResult:
    return CheckResult(
        monitor_id=UUID(row.monitor_id),
        checked_at=row.checked_at,
        latency_ms=row.latency_ms,
        status_code=row.status_code,
        error=row.error,
    )


class SqlTelemetryStore:
    def __init__(self, database: Database) -> None:
        self._db = database
        dialect = database.writer.dialect.name
        if dialect == "mysql":
            from sqlalchemy.dialects.mysql import insert as mysql_insert

            self._insert_ignore: Any = mysql_insert(check_results).prefix_with("IGNORE")
            upsert = mysql_insert(last_checks)
            newer = upsert.inserted.checked_at > last_checks.c.checked_at
            # columns first, checked_at last: MySQL applies the assignments in order
            self._upsert_last: Any = upsert.on_duplicate_key_update(
                [
                    *((c, func.if_(newer, upsert.inserted[c], last_checks.c[c])) for c in _LAST),
                    (
                        "checked_at",
                        func.greatest(last_checks.c.checked_at, upsert.inserted.checked_at),
                    ),
                ]
            )
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            self._insert_ignore = sqlite_insert(check_results).on_conflict_do_nothing()
            lite = sqlite_insert(last_checks)
            self._upsert_last = lite.on_conflict_do_update(
                index_elements=["monitor_id"],
                set_={c: lite.excluded[c] for c in ("checked_at", *_LAST)},
                where=last_checks.c.checked_at < lite.excluded.checked_at,
            )

    def write(self, results: Sequence[CheckResult]) -> None:
        if not results:
            return
        rows = [_row(r) for r in results]
        latest: dict[str, dict[str, Any]] = {}
        for row in rows:
            seen = latest.get(row["monitor_id"])
            if seen is None or seen["checked_at"] < row["checked_at"]:
                latest[row["monitor_id"]] = row
        with self._db.write() as c:
            for start in range(0, len(rows), MAX_ROWS_PER_INSERT):
                c.execute(self._insert_ignore, rows[start : start + MAX_ROWS_PER_INSERT])
            last = list(latest.values())
            for start in range(0, len(last), MAX_ROWS_PER_INSERT):
                c.execute(self._upsert_last, last[start : start + MAX_ROWS_PER_INSERT])

    def recent(self, monitor_id: UUID, limit: int) -> list[CheckResult]:
        with self._db.read() as c:
            rows = c.execute(
                select(check_results)
                .where(check_results.c.monitor_id == str(monitor_id))
                .order_by(check_results.c.checked_at.desc())
                .limit(limit)
            )
            return [_result(r) for r in rows]

    def last_checks(self, monitor_ids: Iterable[UUID]) -> dict[UUID, CheckResult]:
        ids = [str(i) for i in monitor_ids]
        if not ids:
            return {}
        with self._db.read() as c:
            rows = c.execute(select(last_checks).where(last_checks.c.monitor_id.in_(ids)))
            return {UUID(r.monitor_id): _result(r) for r in rows}

    def uptime(self, monitor_id: UUID, since: datetime) -> tuple[int, int]:
        with self._db.read() as c:
            row = c.execute(
                select(
                    func.coalesce(func.sum(case((check_results.c.ok, 1), else_=0)), 0),
                    func.count(),
                ).where(
                    check_results.c.monitor_id == str(monitor_id),
                    check_results.c.checked_at >= since,
                )
            ).one()
            return int(row[0]), int(row[1])

    def delete_monitor(self, monitor_id: UUID) -> None:
        with self._db.write() as c:
            c.execute(delete(check_results).where(check_results.c.monitor_id == str(monitor_id)))
            c.execute(delete(last_checks).where(last_checks.c.monitor_id == str(monitor_id)))
