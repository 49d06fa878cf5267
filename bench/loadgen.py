"""A loopback HTTP/1.1 keep-alive load generator, run as its own process:

    python -m bench.loadgen URL CONCURRENCY WARMUP_S SECONDS MAX_REQUESTS [EXPECT]

CONCURRENCY connections each send one request at a time until WARMUP_S + SECONDS have
passed or MAX_REQUESTS were sent (both bounds always apply). Prints one JSON line:
responses completed inside the measured window, those whose body contains EXPECT, errors.
Only 127.0.0.1 / ::1 / localhost URLs are accepted."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class Stats:
    def __init__(self, max_requests: int) -> None:
        self.left = max_requests
        self.done = 0
        self.matched = 0
        self.errors = 0
        self.latency_sum = 0.0


async def _read_response(reader: asyncio.StreamReader) -> tuple[bytes, bool]:
    """Returns the body and whether the server keeps the connection open."""
    head = (await reader.readuntil(b"\r\n\r\n")).lower()
    keep = b"connection: close" not in head
    if b"transfer-encoding: chunked" in head:
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                return b"".join(parts), keep
    marker = head.find(b"content-length:")
    if marker < 0:
        return await reader.read(), False
    length = int(head[marker + 15 : head.index(b"\r\n", marker)])
    return await reader.readexactly(length), keep


async def _client(
    host: str, port: int, request: bytes, expect: bytes, stats: Stats, t_from: float, t_end: float
) -> None:
    writer = None
    while time.monotonic() < t_end and stats.left > 0:
        stats.left -= 1
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.monotonic()
            writer.write(request)
            body, keep = await _read_response(reader)
            now = time.monotonic()
            if now >= t_from:
                stats.done += 1
                stats.matched += expect in body
                stats.latency_sum += now - started
            if not keep:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            stats.errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def run(
    url: str, concurrency: int, warmup: float, seconds: float, max_requests: int, expect: bytes
) -> dict[str, float]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refusing a non-loopback target: {host}")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    request = f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode()
    stats = Stats(max_requests)
    t_from = time.monotonic() + warmup
    t_end = t_from + seconds
    await asyncio.gather(
        *(
            _client(host, parts.port or 80, request, expect, stats, t_from, t_end)
            for _ in range(concurrency)
        )
    )
    window = max(min(time.monotonic(), t_end) - t_from, 1e-9)
    return {
        "responses": stats.done,
        "matched": stats.matched,
        "errors": stats.errors,
        "seconds": round(window, 2),
        "per_s": round(stats.matched / window, 1),
        "mean_latency_ms": round(1000 * stats.latency_sum / max(stats.done, 1), 2),
        "budget_exhausted": stats.left <= 0,
    }


def main() -> None:
    url, conc, warmup, seconds, max_requests = sys.argv[1:6]
    expect = sys.argv[6].encode() if len(sys.argv) > 6 else b""
    args = (url, int(conc), float(warmup), float(seconds), int(max_requests), expect)
    try:
        import uvloop

        result = uvloop.run(run(*args))
    except ImportError:  # pragma: no cover
        result = asyncio.run(run(*args))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
