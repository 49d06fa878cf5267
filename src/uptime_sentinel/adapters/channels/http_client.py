"""One bounded HTTP POST for the HTTP-based channels, with failures mapped to DeliveryError."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
from multidict import CIMultiDict

from uptime_sentinel.application.ports.channel import DeliveryError, http_status_retryable

SessionFactory = Callable[[], aiohttp.ClientSession]
_MAX_ANSWER_BYTES = 64 * 1024
USER_AGENT = "UptimeSentinel-notifier/0.1"


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def snippet(self, limit: int = 200) -> str:
        text = " ".join(self.body.decode("utf-8", "replace").split())
        return text[:limit]

    def retry_after(self) -> float | None:
        try:
            return max(0.0, float(self.headers.get("Retry-After", "")))
        except ValueError:  # absent, or an HTTP date: let the caller's backoff decide
            return None

    def error(self, what: str) -> DeliveryError:
        """The DeliveryError for a non-2xx answer, classified by HTTP status."""
        reason = f"{what} answered HTTP {self.status}"
        if 300 <= self.status < 400:
            reason += " (redirect not followed: configure the final URL)"
        elif self.body:
            reason += f": {self.snippet()}"
        return DeliveryError(
            reason,
            retryable=http_status_retryable(self.status),
            status=self.status,
            retry_after=self.retry_after(),
        )


def _reason(error: BaseException) -> str:
    # aiohttp messages may quote the request URL, and some URLs hold their credential.
    if isinstance(error, aiohttp.ClientConnectorError):
        return f"cannot connect to {error.host}:{error.port} ({error.os_error.strerror})"
    if isinstance(error, aiohttp.ClientOSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"
    return type(error).__name__


class HttpPoster:
    """POSTs with a total timeout and no redirects. Uses the caller's shared session when
    a factory is given (never closes it), else a short-lived session per request."""

    def __init__(self, timeout: float, session_factory: SessionFactory | None = None) -> None:
        self._timeout = timeout
        self._session_factory = session_factory

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[aiohttp.ClientSession]:
        if self._session_factory is not None:
            yield self._session_factory()
        else:
            async with aiohttp.ClientSession() as session:
                yield session

    async def post(
        self, url: str, body: bytes, headers: Mapping[str, str], *, what: str
    ) -> HttpAnswer:
        """`what` names the target in errors; it must already be redacted."""
        all_headers = {"User-Agent": USER_AGENT, **headers}
        try:
            async with (
                asyncio.timeout(self._timeout),
                self._session() as session,
                session.post(
                    url,
                    data=body,
                    headers=all_headers,
                    allow_redirects=False,
                    timeout=aiohttp.ClientTimeout(total=self._timeout),
                ) as response,
            ):
                answer = bytearray()
                async for chunk in response.content.iter_chunked(8192):
                    answer += chunk
                    if len(answer) >= _MAX_ANSWER_BYTES:
                        break
                return HttpAnswer(response.status, CIMultiDict(response.headers), bytes(answer))
        except TimeoutError:
            raise DeliveryError(
                f"{what} did not answer within {self._timeout:g} s", retryable=True
            ) from None
        except aiohttp.ClientError as error:
            raise DeliveryError(f"{what}: {_reason(error)}", retryable=True) from None
