"""Errors of the JSON API that the engine does not raise itself. Every error answers with one
JSON shape, ``{"code": ..., "message": ..., ...data}`` (:meth:`InloopError.to_dict`)."""

from __future__ import annotations

from inloop.errors import InloopError


class ApiError(InloopError):
    """An error of the API layer; ``status`` is its HTTP status."""

    code = "api_error"
    status = 400


class Unauthorized(ApiError):
    """No API key, a malformed one, an unknown one or a revoked one (not saying which)."""

    code = "unauthorized"
    status = 401


class NotFound(ApiError):
    code = "not_found"
    status = 404


class NoOpenRequest(ApiError):
    code = "no_open_request"
    status = 404


class MethodNotAllowed(ApiError):
    code = "method_not_allowed"
    status = 405


class BodyUnreadable(ApiError):
    """The body is not UTF-8, or JSON nested too deeply to be read."""

    code = "body_unreadable"
    status = 400


class BodyTooLarge(ApiError):
    code = "body_too_large"
    status = 413


class UnsupportedMediaType(ApiError):
    code = "unsupported_media_type"
    status = 415


class RequestInvalid(ApiError):
    """The request does not fit the operation (a field, a header, a parameter or the JSON
    itself); ``data["errors"]`` lists ``{field, code, message}`` without the values sent."""

    code = "request_invalid"
    status = 422


class IdempotencyKeyReused(ApiError):
    code = "idempotency_key_reused"
    status = 422


class ApiKeyNotFound(InloopError):
    """``inloop apikeys revoke`` with an unknown id."""

    code = "api_key_not_found"


class WebhookNotFound(InloopError):
    """``inloop webhooks disable`` with an unknown id."""

    code = "webhook_not_found"
