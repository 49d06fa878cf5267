"""`uptime-sentinel serve` as a user runs it: a real process, real HTTP, a real target."""

import subprocess
import time
from pathlib import Path

from tests.support.processes import CLI, ApiProcess
from tests.support.waiting import eventually

STABLE = ("id", "name", "url", "method", "interval_seconds", "timeout_ms", "status", "created_at")


class Serve(ApiProcess):
    def __init__(self, data_dir: Path) -> None:
        super().__init__("serve", {"SENTINEL_DATA_DIR": str(data_dir)}, data_dir.parent, "serve")

    def stop(self, timeout: float = 30) -> int:
        code = super().stop(timeout)
        assert code == 0, self.log()
        return code


def test_a_new_user_session(tmp_path, target):
    data_dir = tmp_path / "data"
    serve = Serve(data_dir)
    try:
        bad = serve.http.post("/api/monitors", json={"name": "x", "url": "ftp://nowhere"})
        assert bad.status_code == 422 and "url" in bad.json()["detail"]
        created_at = time.monotonic()
        created = serve.http.post(
            "/api/monitors",
            json={"name": "target", "url": target.url("/switch"), "interval_seconds": 1},
        )
        assert created.status_code == 201, created.text
        monitor_id = created.json()["id"]
        eventually(lambda: serve.monitor(monitor_id)["health"] == "UP", timeout=3)
        assert time.monotonic() - created_at < 3

        target.set_status(503)
        eventually(lambda: serve.monitor(monitor_id)["health"] == "DOWN")
        first = serve.monitor(monitor_id)["consecutive_failures"]
        eventually(lambda: serve.monitor(monitor_id)["consecutive_failures"] >= first + 2)
        target.set_status(200)
        eventually(lambda: serve.monitor(monitor_id)["health"] == "UP")
        checks = serve.http.get(f"/api/monitors/{monitor_id}/checks?limit=100").json()
        assert any(c["status_code"] == 503 and not c["ok"] for c in checks)
        assert checks[0]["checked_at"] >= checks[-1]["checked_at"]
    finally:
        serve.stop()

    subprocess.run(
        [str(CLI), "projections", "rebuild", "--all", "--data-dir", str(data_dir)],
        check=True,
        capture_output=True,
        timeout=60,
    )

    serve = Serve(data_dir)
    try:
        again = serve.monitor(monitor_id)
        assert {k: again[k] for k in STABLE} == {k: created.json()[k] for k in STABLE}
        assert again["health"] == "UP"
        history = serve.http.get(f"/api/monitors/{monitor_id}/checks?limit=1000").json()
        assert len(history) >= len(checks)
        hits = target.hits("/switch")
        eventually(lambda: target.hits("/switch") >= hits + 2, timeout=5)  # checking resumed
    finally:
        serve.stop()


def test_bad_command_line_exits_non_zero(tmp_path):
    done = subprocess.run(
        [str(CLI), "projections", "rebuild", "nonsense", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "unknown projection 'nonsense'" in done.stderr
