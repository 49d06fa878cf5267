"""python -m bench SCENARIO [--quick] [--json PATH] [--runtime embedded|production] [--workers N]

SCENARIO: saturation, peer, lag, memory, api, rebuild or all. See BENCHMARKS.md."""

from __future__ import annotations

import argparse
import importlib
import logging
import shutil
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.context import Context
from bench.procs import raise_fd_limit
from bench.report import machine, table, write_json

SCENARIOS = ("saturation", "peer", "lag", "memory", "api", "rebuild")
DEFAULT_JSON = Path(__file__).resolve().parent / "results" / "latest.json"


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("scenario", choices=[*SCENARIOS, "all"])
    p.add_argument("--quick", action="store_true", help="small sizes, short runs")
    p.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"default {DEFAULT_JSON}")
    p.add_argument("--runtime", choices=("embedded", "production"), default="embedded")
    p.add_argument("--workers", type=int, default=2, help="worker processes (production)")
    p.add_argument("--monitors", type=int, help="override the scenario's monitor/event count")
    p.add_argument("--seconds", type=float, help="override the scenario's measuring time")
    p.add_argument("--keep", action="store_true", help="keep the scratch dir (logs)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    raise_fd_limit()
    chosen = SCENARIOS if args.scenario == "all" else (args.scenario,)
    workdir = Path(tempfile.mkdtemp(prefix="sentinel-bench-"))
    ctx = Context(args.runtime, args.quick, args.workers, workdir, args.monitors, args.seconds)
    started = time.monotonic()
    failed: list[str] = []
    print(f"bench {' '.join(chosen)} | runtime {args.runtime} | quick {args.quick} | {workdir}")
    try:
        for name in chosen:
            print(f"== {name}", flush=True)
            t0 = time.monotonic()
            try:
                importlib.import_module(f"bench.{name}").run(ctx)
            except Exception as error:
                traceback.print_exc()
                failed.append(name)
                ctx.details.setdefault(name, {})["error"] = f"{type(error).__name__}: {error}"
            ctx.details.setdefault(name, {})["wall_s"] = round(time.monotonic() - t0, 1)
            print(f"   {name} took {time.monotonic() - t0:.0f} s", flush=True)
    finally:
        ctx.close()
    wall = time.monotonic() - started
    meta = {
        "command": " ".join(["python -m bench", *(sys.argv[1:] if argv is None else argv)]),
        "runtime": args.runtime,
        "quick": args.quick,
        "workers": args.workers if args.runtime == "production" else 1,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_s": round(wall, 1),
        "failed": failed,
        "machine": machine(),
    }
    write_json(args.json, meta, ctx.figures, ctx.details)
    print()
    print(table(ctx.figures))
    print(f"\nwall time {wall:.0f} s; figures in {args.json}")
    if failed:
        print(f"FAILED: {', '.join(failed)} (logs kept in {workdir})")
    elif not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
