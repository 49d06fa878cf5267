"""`uptime-sentinel serve` as a real process: a monitor fails for a stretch while the
webhook receiver is down, then recovers. Over the HTTP API only, the right notices arrive,
in order, on the right channels, each once; the delivery log explains every decision."""

import threading
from pathlib import Path

from tests.support.processes import ApiProcess
from tests.support.waiting import eventually

ENV = {"SENTINEL_NOTIFIER_BACKOFF_SECONDS": "0.5"}


def test_serve_tells_an_outage_and_its_end_once_each(tmp_path: Path, target, hooks, mail):
    serve = ApiProcess(
        "serve", {"SENTINEL_DATA_DIR": str(tmp_path / "data"), **ENV}, tmp_path, "serve"
    )
    try:
        http = serve.http
        monitor = http.post(
            "/api/monitors",
            json={"name": "shop", "url": target.url("/switch"), "interval_seconds": 1},
        ).json()
        email = f"smtp://127.0.0.1:{mail.port}?from=sentinel@example.com&to=oncall@example.com"
        rules = [
            {"channel": f"webhook://{hooks.url('/rule')}", "failure_threshold": 2},
            {"channel": email, "type": "FAILURE", "failure_threshold": 3},
        ]
        for body in rules:
            created = http.post("/api/alert-rules", json={"monitor_id": monitor["id"], **body})
            assert created.status_code == 201, created.text
        page = {"level": 1, "consecutive_failures": 4, "channel": f"webhook://{hooks.url('/page')}"}
        assert http.post("/api/escalation-policies", json=page).status_code == 201
        eventually(lambda: serve.monitor(monitor["id"])["health"] == "UP")

        hooks.stop()
        target.set_status(503)
        mail.wait_for(1, timeout=15)

        def log(**query):
            params = {"monitor_id": monitor["id"], "limit": 500, **query}
            return http.get("/api/notifications", params=params).json()["items"]

        eventually(lambda: any(n["attempts"] >= 2 for n in log(status="pending")), timeout=20)
        eventually(lambda: any(n["kind"] == "ESCALATION" for n in log()), timeout=20)
        hooks.start()
        eventually(lambda: len(hooks.requests) >= 2, timeout=20)
        target.set_status(200)
        eventually(lambda: len(hooks.requests) >= 4, timeout=20)
        eventually(lambda: all(n["status"] == "delivered" for n in log() if not n["reason"]))
        threading.Event().wait(1.5)  # nothing more is owed: give the loops time to prove it

        got = [
            (r.path, r.json()["event_type"], r.json()["escalation_level"]) for r in hooks.requests
        ]
        assert got[:2] in (
            [("/rule", "FAILURE", None), ("/page", "ESCALATION", 1)],
            [("/page", "ESCALATION", 1), ("/rule", "FAILURE", None)],
        )
        assert sorted(got[2:]) == [("/page", "RECOVERY", 1), ("/rule", "RECOVERY", None)]
        assert len(mail.mails) == 1 and len(hooks.requests) == 4
        assert "Traceback" not in serve.log(), serve.log()
        reasons = {n["reason"] for n in log(status="suppressed")}
        assert reasons <= {"below_threshold", "cooldown"} and "below_threshold" in reasons
    finally:
        serve.stop()
