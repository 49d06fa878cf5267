"""Figures, the printed table, the JSON file, and what machine produced them."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    scenario: str
    metric: str
    value: float | None
    unit: str
    target: str = ""
    met: bool | None = None  # None: no target, or not measured
    note: str = ""


def judged(value: float | None, op: str, bound: float) -> bool | None:
    if value is None:
        return None
    return value >= bound if op == ">=" else value < bound if op == "<" else value <= bound


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def table(figures: list[Figure]) -> str:
    rows = [("scenario", "metric", "value", "unit", "target", "met", "note")]
    for f in figures:
        met = "-" if f.met is None else ("yes" if f.met else "NO")
        rows.append((f.scenario, f.metric, _fmt(f.value), f.unit, f.target, met, f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for i, r in enumerate(rows):
        pairs = enumerate(zip(r, widths, strict=False))
        cells = [c.rjust(w) if j == 2 else c.ljust(w) for j, (c, w) in pairs]
        lines.append("  ".join(cells) + "  " + r[-1])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    return "\n".join(lines)


def write_json(path: Path, meta: dict[str, Any], figures: list[Figure], details: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"meta": meta, "figures": [asdict(f) for f in figures], "details": details}
    path.write_text(json.dumps(doc, indent=2, default=str) + "\n")


def _run(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None:
        return "absent"
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    out = (done.stdout or done.stderr).strip().splitlines()
    return out[0] if out else "unknown"


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    packages = ("uptime-sentinel", "eventsourcing", "sqlalchemy", "aiohttp", "litestar", "uvloop")
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": {p: version(p) for p in packages},
        "nginx": _run(["nginx", "-v"]),
        "blackbox_exporter": _run(["prometheus-blackbox-exporter", "--version"]),
        "mariadb": _run(["mariadb", "--version"]),
        "redis": _run(["redis-server", "--version"]),
        "rabbitmq": _rabbitmq_version(),
    }


def _rabbitmq_version() -> str:
    try:
        import pika

        connection = pika.BlockingConnection(
            pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/%2F?connection_attempts=1")
        )
    except Exception:
        return "not answering"
    try:
        props = connection._impl.server_properties
        version = props.get("version", "?")
        return version.decode() if isinstance(version, bytes) else str(version)
    finally:
        connection.close()
