"""AiohttpChecker against a real HTTP server on 127.0.0.1 (tests/support/http_target.py).

Every checker here uses LoopbackResolver, so no DNS query ever leaves the machine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from tests.support.http_target import HttpTarget, LoopbackResolver, refused_port
from uptime_sentinel.adapters.aiohttp_checker import AiohttpChecker
from uptime_sentinel.application.ports.checker import CheckRequest
from uptime_sentinel.domain.check import CheckResult

NOW = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
BOUND_S = 10  # no test waits longer than this for a batch


class FixedClock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture
async def checker() -> AsyncIterator[AiohttpChecker]:
    async with AiohttpChecker(clock=FixedClock(), resolver=LoopbackResolver()) as it:
        yield it


def req(url: str, method: str = "GET", timeout_ms: int = 5000) -> CheckRequest:
    return CheckRequest(uuid4(), url, method, timeout_ms)


async def run(checker: AiohttpChecker, *requests: CheckRequest) -> list[CheckResult]:
    async with asyncio.timeout(BOUND_S):
        return await checker.check_many(requests)


async def test_a_200_is_ok(checker: AiohttpChecker, target: HttpTarget) -> None:
    request = req(target.url("/ok"))
    [result] = await run(checker, request)
    assert result.ok
    assert (result.monitor_id, result.status_code, result.error) == (request.monitor_id, 200, None)
    assert result.checked_at == NOW
    assert 0 < result.latency_ms < BOUND_S * 1000
    headers = target.last_headers("/ok")
    assert headers["User-Agent"] == "UptimeSentinel/0.1"
    assert headers["Connection"] == "close"


async def test_a_503_is_not_ok_and_keeps_its_status(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    [result] = await run(checker, req(target.url("/status/503")))
    assert (result.ok, result.status_code, result.error) == (False, 503, None)
    assert result.reason == "HTTP 503"


async def test_a_hanging_target_times_out_within_the_timeout(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    [result] = await run(checker, req(target.url("/hang"), timeout_ms=300))
    assert (result.ok, result.status_code, result.error) == (False, None, "timeout after 300 ms")
    assert 300 <= result.latency_ms < 300 + 2000


async def test_a_refused_connection_says_where(checker: AiohttpChecker) -> None:
    port = refused_port()
    [result] = await run(checker, req(f"http://127.0.0.1:{port}/"))
    assert (result.status_code, result.error) == (None, f"connection refused (127.0.0.1:{port})")


async def test_a_dns_failure_names_the_host(checker: AiohttpChecker, target: HttpTarget) -> None:
    failed, resolved = await run(
        checker, req("http://host.invalid/"), req(f"http://localhost:{target.port}/ok")
    )
    assert (failed.status_code, failed.error) == (None, "DNS lookup failed for host.invalid")
    assert resolved.ok  # the injected resolver is the one in use


async def test_redirects_are_followed(checker: AiohttpChecker, target: HttpTarget) -> None:
    [result] = await run(checker, req(target.url("/redirect")))
    assert (result.status_code, result.error) == (200, None)
    assert (target.hits("/redirect"), target.hits("/ok")) == (1, 1)


async def test_ten_redirects_are_followed_not_eleven(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    ten, eleven = await run(
        checker, req(target.url("/redirect?n=10")), req(target.url("/redirect?n=11"))
    )
    assert (ten.status_code, ten.error) == (200, None)
    assert (eleven.status_code, eleven.error) == (302, "too many redirects (more than 10)")
    assert (target.hits("/redirect"), target.hits("/ok")) == (10 + 11, 1)


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD", "PUT"])
async def test_the_method_reaches_the_target(
    checker: AiohttpChecker, target: HttpTarget, method: str
) -> None:
    [result] = await run(checker, req(target.url("/ok"), method=method))
    assert result.ok
    assert target.requests == [(method, "/ok")]


async def test_invalid_urls_fail_readably(checker: AiohttpChecker) -> None:
    results = await run(checker, req("not a url"), req("ftp://127.0.0.1/x"), req("http://[::1"))
    assert [r.error for r in results] == [
        "invalid URL: not a url",
        "not an http(s) URL: ftp://127.0.0.1/x",
        "invalid URL: http://[::1",
    ]


async def test_tls_to_a_plain_http_port_is_a_tls_error(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    [result] = await run(checker, req(f"https://127.0.0.1:{target.port}/ok"))
    assert result.status_code is None
    assert result.error is not None and result.error.startswith("TLS error: ")


async def test_an_untrusted_certificate_is_a_tls_error(checker: AiohttpChecker) -> None:
    with HttpTarget(tls=True) as tls_target:
        [result] = await run(checker, req(tls_target.url("/ok")))
        async with AiohttpChecker(ssl_context=tls_target.trusting_context()) as trusting:
            [trusted] = await run(trusting, req(tls_target.url("/ok")))
    assert result.error is not None
    assert result.error.startswith("TLS error: certificate verify failed: self")
    assert trusted.ok


async def test_one_bad_monitor_does_not_affect_the_others(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    requests = [
        req(target.url("/ok")),
        req(target.url("/hang"), timeout_ms=200),
        req(f"http://127.0.0.1:{refused_port()}/"),
        req("not a url"),
        req(target.url("/status/500")),
        req(target.url("/ok"), method="POST"),
    ]
    results = await run(checker, *requests)
    assert [r.monitor_id for r in results] == [r.monitor_id for r in requests]
    assert [r.ok for r in results] == [True, False, False, False, False, True]
    assert [r.status_code for r in results] == [200, None, None, None, 500, 200]


async def test_results_come_back_in_request_order(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    # The slowest first, so completion order is the reverse of request order.
    requests = [req(target.url(f"/slow?ms={ms}")) for ms in (300, 200, 100, 0)]
    results = await run(checker, *requests)
    assert [r.monitor_id for r in results] == [r.monitor_id for r in requests]
    assert all(r.ok for r in results)
    assert results[0].latency_ms >= 300


async def test_every_check_opens_a_fresh_connection(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    for _ in range(5):  # one after the other: a pooled connection would have been reused
        [result] = await run(checker, req(target.url("/ok")))
        assert result.ok
    await run(checker, *(req(target.url("/ok")) for _ in range(20)))
    assert target.hits("/ok") == 25
    assert target.connections == 25


async def test_the_switch_endpoint_follows_the_test(
    checker: AiohttpChecker, target: HttpTarget
) -> None:
    [first] = await run(checker, req(target.url("/switch")))
    target.set_status(503)
    [second] = await run(checker, req(target.url("/switch")))
    assert (first.status_code, second.status_code) == (200, 503)
    assert target.hits("/switch") == 2


async def test_waiting_for_a_slot_does_not_burn_the_timeout(target: HttpTarget) -> None:
    # One slot: /ok waits ~300 ms for /hang to time out, longer than its own 250 ms timeout.
    async with AiohttpChecker(max_concurrency=1, resolver=LoopbackResolver()) as one_slot:
        hung, ok = await run(
            one_slot,
            req(target.url("/hang"), timeout_ms=300),
            req(target.url("/ok"), timeout_ms=250),
        )
    assert hung.error == "timeout after 300 ms"
    assert ok.ok


async def test_no_requests_no_results_and_close_is_idempotent() -> None:
    checker = AiohttpChecker()
    assert await checker.check_many([]) == []
    await checker.close()
    await checker.close()


def test_the_target_is_usable_from_sync_code(target: HttpTarget) -> None:
    import urllib.request

    with urllib.request.urlopen(target.url("/ok"), timeout=BOUND_S) as response:
        assert response.status == 200
    assert target.hits("/ok") == 1


def test_the_target_stops_while_a_request_hangs() -> None:
    import socket

    server = HttpTarget().start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=BOUND_S) as sock:
        sock.sendall(b"GET /hang HTTP/1.1\r\nHost: x\r\n\r\n")
        assert server.wait_hits("/hang", 1, timeout_s=BOUND_S)
        server.stop()  # raises if shutdown takes longer than its bound
