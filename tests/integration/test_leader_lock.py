"""One active projector: the MySQL named lock is held by one process's connection at a time."""

from sqlalchemy import text

from tests.support.mysql import scratch_mysql_url
from uptime_sentinel.adapters.sql.database import Database
from uptime_sentinel.adapters.sql.leader_lock import SqlLeaderLock


def test_one_leader_and_takeover_when_it_goes():
    with scratch_mysql_url() as url:
        first_db, second_db = Database(url), Database(url)
        first, second = SqlLeaderLock(first_db, "projector"), SqlLeaderLock(second_db, "projector")
        try:
            assert first.acquire()
            assert first.acquire()  # still held
            assert not second.acquire()
            first.release()
            assert second.acquire()
            assert not first.acquire()
        finally:
            first.release()
            second.release()
            first_db.dispose()
            second_db.dispose()


def test_a_dead_leaders_lock_is_freed_with_its_connection():
    with scratch_mysql_url() as url:
        db = Database(url)
        leader, standby = SqlLeaderLock(db, "projector"), SqlLeaderLock(db, "projector")
        try:
            assert leader.acquire()
            with db.writer.connect() as admin:
                held_by = admin.execute(
                    text("SELECT IS_USED_LOCK(:n)"), {"n": db.lock_name("projector")}
                ).scalar()
                admin.execute(text(f"KILL {int(held_by)}"))  # the leader's process died
            assert standby.acquire()
            assert not leader.acquire()
        finally:
            leader.release()
            standby.release()
            db.dispose()


def test_sqlite_has_a_single_process_leader(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    assert SqlLeaderLock(db, "projector").acquire()
