"""peer: prometheus blackbox_exporter probing the same target at the same concurrency.

A loopback load generator (bench.loadgen, its own process) keeps C probes in flight against
blackbox_exporter's /probe?target=http://127.0.0.1:PORT/ok&module=http_2xx for the same
measuring time as the saturation run; probes/s counts answers with `probe_success 1`.
The module forces IPv4 and the target is a literal address: no DNS, nothing leaves loopback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from typing import Any
from urllib.parse import quote

from bench import saturation
from bench.context import Context
from bench.procs import Child, CpuMeter, free_port, wait_port
from bench.report import judged

BLACKBOX_CONFIG = """\
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
      ip_protocol_fallback: false
      valid_status_codes: []
"""
INSTALL_HINT = "apt-get install -y prometheus-blackbox-exporter"
MAX_PROBES_PER_S = 50_000  # request budget per second of measuring: a bound, not a target


def blackbox_binary() -> str | None:
    return shutil.which("prometheus-blackbox-exporter") or shutil.which("blackbox_exporter")


def run(ctx: Context) -> dict[str, Any]:
    ours = ctx.details.get("saturation")
    if not ours or "checks_per_s" not in ours:
        ours = saturation.run(ctx)
    binary = blackbox_binary()
    if binary is None:
        print(f"  blackbox_exporter is not installed: {INSTALL_HINT}; skipping the peer figure")
        ctx.details["peer"] = {"skipped": f"blackbox_exporter missing ({INSTALL_HINT})"}
        ctx.add("peer", "blackbox probes/s", None, "probes/s", note=f"skipped: {INSTALL_HINT}")
        return ctx.details["peer"]
    result = probe(ctx, binary, ours["concurrency"], ours["seconds"])
    ratio = ours["checks_per_s"] / result["per_s"] if result["per_s"] else None
    result |= {"ours_checks_per_s": ours["checks_per_s"], "ratio": ratio}
    ctx.details["peer"] = result
    print(f"  blackbox {result['per_s']:,.0f} probes/s; ours/blackbox = {ratio or 0:.2f}")
    ctx.add(
        "peer",
        "blackbox_exporter probes/s",
        result["per_s"],
        "probes/s",
        note=f"C={result['concurrency']}, cpu {result['cpu_percent']}",
    )
    ctx.add(
        "peer",
        f"ours/blackbox ({ours['runtime']})",
        ratio,
        "x",
        target=">= 1.0",
        met=judged(ratio, ">=", 1.0) if ours["runtime"] == "production" else None,
        note="target applies to the production runtime",
    )
    return result


def probe(ctx: Context, binary: str, concurrency: int, seconds: float) -> dict[str, Any]:
    target = ctx.target()
    workdir = ctx.workdir / "peer"
    workdir.mkdir(exist_ok=True)
    config = workdir / "blackbox.yml"
    config.write_text(BLACKBOX_CONFIG)
    port = free_port()
    exporter = Child(
        "blackbox",
        [binary, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
        workdir,
    )
    try:
        wait_port(port, 15, exporter)
        probed = quote(target.url("/ok"), safe="")
        url = f"http://127.0.0.1:{port}/probe?module=http_2xx&target={probed}"
        warmup = 2.0
        budget = int(MAX_PROBES_PER_S * (warmup + seconds))
        argv = [
            sys.executable,
            "-m",
            "bench.loadgen",
            url,
            str(concurrency),
            str(warmup),
            str(seconds),
            str(budget),
            "probe_success 1",
        ]
        gen = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        meter = CpuMeter({"blackbox": exporter.pid, "loadgen": gen.pid, **target.pids})
        time.sleep(warmup)
        meter.start()
        time.sleep(max(0.0, seconds - 0.5))
        cpu = meter.stop()  # while the generator still runs
        out, _ = gen.communicate(timeout=seconds + 60)
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    finally:
        exporter.stop()
    result |= {"concurrency": concurrency, "cpu_percent": cpu, "target": target.kind}
    return result
