"""What to check and how often: validated value objects, shared by register and reconfigure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlsplit

from uptime_sentinel.domain.errors import InvalidMonitorSpec

NAME_MAX = 200
URL_MAX = 2048
INTERVAL_RANGE = (1, 86_400)
TIMEOUT_RANGE = (100, 60_000)
DEFAULT_INTERVAL_SECONDS = 60
DEFAULT_TIMEOUT_MS = 5_000


class HttpMethod(StrEnum):
    GET = "GET"
    POST = "POST"
    HEAD = "HEAD"
    PUT = "PUT"


class MonitorStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"


def default_timeout_ms(interval_seconds: int) -> int:
    """5 s, or less for short intervals so the timeout always ends before the next check."""
    return min(DEFAULT_TIMEOUT_MS, interval_seconds * 1000 - 200)


@dataclass(frozen=True, slots=True)
class MonitorSpec:
    name: str
    url: str
    method: HttpMethod = HttpMethod.GET
    interval_seconds: int = DEFAULT_INTERVAL_SECONDS
    timeout_ms: int = DEFAULT_TIMEOUT_MS

    @classmethod
    def create(
        cls,
        name: str,
        url: str,
        method: str = "GET",
        interval_seconds: int = DEFAULT_INTERVAL_SECONDS,
        timeout_ms: int | None = None,
    ) -> MonitorSpec:
        interval = _validate_interval(interval_seconds)
        timeout = default_timeout_ms(interval) if timeout_ms is None else timeout_ms
        spec = cls(
            _validate_name(name), _validate_url(url), _validate_method(method), interval, timeout
        )
        spec.validate()
        return spec

    def changed(self, **changes: object) -> MonitorSpec:
        """A copy with some fields changed, validated as a whole (timeout below interval)."""
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise InvalidMonitorSpec(sorted(unknown)[0], "is not a monitor field")
        spec = replace(self, **changes)  # type: ignore[arg-type]
        return MonitorSpec.create(
            spec.name, spec.url, spec.method, spec.interval_seconds, spec.timeout_ms
        )

    def validate(self) -> None:
        _validate_name(self.name)
        _validate_url(self.url)
        _validate_interval(self.interval_seconds)
        if not isinstance(self.timeout_ms, int) or isinstance(self.timeout_ms, bool):
            raise InvalidMonitorSpec("timeout_ms", "must be an integer number of milliseconds")
        low, high = TIMEOUT_RANGE
        if not low <= self.timeout_ms <= high:
            raise InvalidMonitorSpec("timeout_ms", f"must be between {low} and {high}")
        if self.timeout_ms >= self.interval_seconds * 1000:
            raise InvalidMonitorSpec(
                "timeout_ms",
                f"must be below the interval ({self.interval_seconds * 1000} ms)",
            )


def _validate_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidMonitorSpec("name", "must not be empty")
    if len(name) > NAME_MAX:
        raise InvalidMonitorSpec("name", f"must be at most {NAME_MAX} characters")
    return name.strip()


def _validate_url(url: object) -> str:
    if not isinstance(url, str) or not url:
        raise InvalidMonitorSpec("url", "must not be empty")
    if len(url) > URL_MAX:
        raise InvalidMonitorSpec("url", f"must be at most {URL_MAX} characters")
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError as error:
        raise InvalidMonitorSpec("url", f"is malformed ({error})") from error
    if parts.scheme not in ("http", "https"):
        raise InvalidMonitorSpec("url", "must start with http:// or https://")
    if not parts.hostname:
        raise InvalidMonitorSpec("url", "must name a host")
    if any(ch.isspace() for ch in url):
        raise InvalidMonitorSpec("url", "must not contain whitespace")
    return url


def _validate_method(method: object) -> HttpMethod:
    try:
        return HttpMethod(str(method).upper())
    except ValueError:
        allowed = ", ".join(m.value for m in HttpMethod)
        raise InvalidMonitorSpec("method", f"must be one of {allowed}") from None


def _validate_interval(interval: object) -> int:
    low, high = INTERVAL_RANGE
    if not isinstance(interval, int) or isinstance(interval, bool):
        raise InvalidMonitorSpec("interval_seconds", "must be an integer number of seconds")
    if not low <= interval <= high:
        raise InvalidMonitorSpec("interval_seconds", f"must be between {low} and {high}")
    return interval
