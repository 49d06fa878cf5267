"""Alerting's errors as HTTP answers, in the same `ErrorOut` shape as every other error."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap

from uptime_sentinel.domain.alerting.errors import (
    AlertingConflict,
    AlertingNotFound,
    InvalidAlertConfig,
)
from uptime_sentinel.entrypoints.api.errors import error_responses
from uptime_sentinel.entrypoints.api.schemas import ErrorOut

_DESCRIPTIONS = {
    400: "The request cannot be parsed (a body that is not JSON).",
    404: "No such rule, policy, channel or monitor.",
    409: "Clashes with what exists (a channel with this DSN, a level already taken), "
    "or was changed concurrently.",
    422: "A field, query parameter or path id is invalid; `field` names it.",
}


def alerting_responses(*codes: int) -> dict[int, ResponseSpec]:
    """`error_responses` in alerting's words; 422 is always listed."""
    return error_responses(422, *codes, descriptions=_DESCRIPTIONS)


def _invalid(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    assert isinstance(exc, InvalidAlertConfig)
    return Response(ErrorOut(422, str(exc), exc.field), status_code=422)


def _not_found(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return Response(ErrorOut(404, str(exc)), status_code=404)


def _conflict(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return Response(ErrorOut(409, str(exc)), status_code=409)


ALERTING_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    InvalidAlertConfig: _invalid,
    AlertingNotFound: _not_found,
    AlertingConflict: _conflict,
}
