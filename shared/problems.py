"""RFC 9457 problem+json: every HTTP error of every service, with a stable code and localised texts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainError
from shared.i18n import Language, negotiate, text_for, translate

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://smartmahalla.uz/problems/"

_STATUS_CODES = {
    400: "validation_failed",
    401: "auth.unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
    503: "service_unavailable",
}

_FIELD_REASONS = {
    "missing": "field.missing",
    "string_too_short": "field.too_short",
    "too_short": "field.too_short",
    "string_too_long": "field.too_long",
    "too_long": "field.too_long",
    "greater_than": "field.out_of_range",
    "greater_than_equal": "field.out_of_range",
    "less_than": "field.out_of_range",
    "less_than_equal": "field.out_of_range",
    "enum": "field.not_allowed",
    "literal_error": "field.not_allowed",
    "string_pattern_mismatch": "field.bad_format",
    "extra_forbidden": "field.extra",
}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def language_of(request: Request) -> Language:
    return negotiate(request.headers.get("accept-language"))


def problem(
    request: Request,
    *,
    status: int,
    code: str,
    params: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemResponse:
    language = language_of(request)
    params = params or {}
    detail_text = text_for(f"{code}.detail")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": translate(code, language, **params),
        "status": status,
        "code": code,
        "instance": request.url.path,
    }
    if detail_text is not None:
        body["detail"] = detail_text.render(language, **params)
    request_id = getattr(request.state, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    body.update(extra or {})
    response_headers = {"Content-Language": language, **(headers or {})}
    return ProblemResponse(body, status_code=status, headers=response_headers)


def _field_reason(error: dict[str, Any], language: Language) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    code = _FIELD_REASONS.get(kind)
    if code == "field.too_short":
        return translate(code, language, min=ctx.get("min_length", "?"))
    if code == "field.too_long":
        return translate(code, language, max=ctx.get("max_length", "?"))
    if code is not None:
        return translate(code, language)
    if kind.endswith("_parsing") or kind.endswith("_type"):
        expected = kind.removesuffix("_parsing").removesuffix("_type")
        return translate("field.wrong_type", language, expected=expected)
    return translate("field.invalid", language)


def _field_name(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def validation_problem(request: Request, errors: Sequence[Any]) -> ProblemResponse:
    language = language_of(request)
    if any(error.get("type") == "json_invalid" for error in errors):
        return problem(request, status=400, code="malformed_json")
    fields = [
        {"field": _field_name(error.get("loc", ())), "reason": _field_reason(error, language)} for error in errors
    ]
    names = ", ".join(item["field"] for item in fields)
    return problem(
        request,
        status=422,
        code="validation_failed",
        params={"count": len(fields), "fields": names},
        extra={"errors": fields},
    )


async def _on_domain_error(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, DomainError)
    headers = {str(k): str(v) for k, v in getattr(error, "headers", {}).items()}
    return problem(request, status=error.status, code=error.code, params=error.params, headers=headers)


async def _on_validation_error(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, RequestValidationError)
    return validation_problem(request, error.errors())


async def _on_http_error(request: Request, error: Exception) -> ProblemResponse:
    assert isinstance(error, StarletteHTTPException)
    code = _STATUS_CODES.get(error.status_code, "internal" if error.status_code >= 500 else "unprocessable")
    headers = dict(error.headers or {})
    return problem(request, status=error.status_code, code=code, headers=headers)


async def _on_unexpected_error(request: Request, error: Exception) -> ProblemResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(request, status=500, code="internal")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
