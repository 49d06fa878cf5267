"""One exception map turning every failure into `ErrorOut`: a status code and a `detail`
that names the field at fault and what is wrong with it, never a stack trace.

422 covers anything that parses but is invalid (domain rules, types, unknown fields,
query parameters, a malformed id in the path); 400 only a body that is not JSON at all."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, get_args

from eventsourcing.persistence import IntegrityError
from litestar import Request, Response
from litestar.exceptions import HTTPException, SerializationException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

from uptime_sentinel.domain.errors import (
    DomainError,
    InvalidMonitorSpec,
    InvalidTransition,
    MonitorNotFound,
)
from uptime_sentinel.entrypoints.api.schemas import ErrorOut, HealthName, StatusName

log = logging.getLogger(__name__)

_DESCRIPTIONS = {
    400: "The request cannot be parsed (a body that is not JSON).",
    404: "No such monitor (unknown or deleted).",
    409: "The monitor's state does not allow this (already paused or active), "
    "or it was changed concurrently.",
    422: "A field, query parameter or path id is invalid; `field` names it.",
}
_ALLOWED = {"status": get_args(StatusName), "health": get_args(HealthName)}
_NOUNS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "object": "a JSON object",
    "array": "an array",
    "null": "null",
}


def error_responses(
    *codes: int, descriptions: Mapping[int, str] = _DESCRIPTIONS
) -> dict[int, ResponseSpec]:
    """OpenAPI documentation of the error answers a handler can give, each described by
    `descriptions`. 400 is always listed: it replaces Litestar's generic validation
    schema, which we never send."""
    return {
        code: ResponseSpec(data_container=ErrorOut, description=descriptions[code])
        for code in sorted({400, *codes})
    }


def _error(status_code: int, detail: str, field: str | None = None, **kw: Any) -> Response[Any]:
    return Response(ErrorOut(status_code, detail, field), status_code=status_code, **kw)


def _invalid_spec(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, InvalidMonitorSpec)
    return _error(422, f"{exc.field}: {exc.message}", exc.field)


def _not_found(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return _error(404, str(exc))


def _conflict(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, IntegrityError):
        return _error(409, "monitor was changed by another request at the same time; retry")
    return _error(409, str(exc))


def _domain_error(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return _error(422, str(exc))


def _validation(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Litestar's signature validation (body, query, path), reworded per field."""
    assert isinstance(exc, ValidationException)
    problems = [_describe(e) for e in exc.extra or () if isinstance(e, dict)]
    if not problems:
        return _error(422, "request is invalid")
    detail = "; ".join(f"{field}: {text}" for field, text in problems)
    return _error(422, detail, problems[0][0])


def _http(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, HTTPException)
    if isinstance(exc.__cause__, SerializationException):
        return _error(400, f"body: is not valid JSON ({exc.detail})", "body")
    return _error(exc.status_code, exc.detail, headers=exc.headers)


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _error(500, "internal server error")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    InvalidMonitorSpec: _invalid_spec,
    MonitorNotFound: _not_found,
    InvalidTransition: _conflict,
    IntegrityError: _conflict,
    DomainError: _domain_error,
    ValidationException: _validation,
    HTTPException: _http,
    Exception: _unexpected,
}

_UNKNOWN = re.compile(r"Object contains unknown field `(?P<field>[^`]+)`")
_MISSING = re.compile(r"Object missing required field `(?P<field>[^`]+)`")
_TYPE = re.compile(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`")
_BOUND = re.compile(r"Expected `[^`]+` (?P<op>[<>]=?) (?P<bound>\S+)")
_ENUM = re.compile(r"Invalid enum value (?P<value>.+)")


def _describe(error: dict[str, Any]) -> tuple[str, str]:
    """(field, what is wrong) from one of Litestar's error entries (msgspec's wording)."""
    message = str(error.get("message", "is invalid"))
    key = str(error.get("key") or "request")
    field = "body" if key == "data" else key
    if m := _UNKNOWN.search(message):
        return m["field"], "is not a known field"
    if m := _MISSING.search(message):
        return m["field"], "is required"
    if m := _TYPE.search(message):
        if m["got"] == "null" and field != "body":
            return field, "must not be null"
        want = " or ".join(_NOUNS.get(t, t) for t in m["want"].split(" | "))
        return field, f"must be {want}, got {_NOUNS.get(m['got'], m['got'])}"
    if m := _BOUND.search(message):
        return field, f"must be {m['op']} {m['bound']}"
    if m := _ENUM.search(message):
        allowed = _ALLOWED.get(field)
        hint = f" (one of {', '.join(allowed)})" if allowed else ""
        return field, f"{m['value']} is not allowed{hint}"
    if message == "Invalid UUID":
        return field, "must be a UUID"
    if field == "body":
        return field, "must be a JSON object"
    return field, message[:1].lower() + message[1:]
