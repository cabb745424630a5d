"""The one exception tree of inloop.

Every error carries a stable ``code`` (for the API, the CLI and the dashboard), a
human-readable message, and the data needed to act on it (case id, request id,
field errors ...) in ``data``.

    InloopError
    ├── ConfigError                  bad setting or database URL            config_invalid
    ├── StorageError                 the database failed                    storage_error
    │   └── SchemaError              damaged, foreign, older or newer       database_corrupt,
    │                                schema                                 not_an_inloop_database,
    │                                                                       schema_outdated,
    │                                                                       schema_too_new
    ├── ProcessError
    │   ├── UnknownProcess           no process of that name/version        unknown_process
    │   ├── InvalidPayload           start payload fails the input model    invalid_payload
    │   ├── InvalidStage             stage not declared by the process      invalid_stage
    │   ├── NonDeterminismError      replay took another path               nondeterminism
    │   └── ConcurrentCaseUse        two case operations awaited at once    concurrent_case_use
    ├── CaseNotFound                                                        case_not_found
    ├── CaseClosed                   case is completed, failed or cancelled case_closed
    ├── CaseTakenOver                a person took the case over already    case_taken_over
    ├── CaseNotTakenOver             nobody took the case over              case_not_taken_over
    ├── RequestError
    │   ├── RequestNotFound                                                 request_not_found
    │   ├── RequestMismatch          request belongs to another case        request_mismatch
    │   ├── RequestClosed            answered otherwise, expired, cancelled request_closed
    │   └── AnswerInvalid            answer fails the request's schema      answer_invalid
    ├── TaskError
    │   ├── TaskNotFound                                                    task_not_found
    │   ├── TaskClosed               task already completed or cancelled    task_closed
    │   └── OutcomeInvalid           outcome fails the task's schema        outcome_invalid
    ├── AccountError
    │   ├── UserExists               a user with that email exists          user_exists
    │   ├── UserNotFound             no user with that email                user_not_found
    │   ├── PasswordRejected         password fails the password policy     password_rejected
    │   └── AccessDenied             the role or queues do not allow it     access_denied
    └── Inside a process (raised into the process body, catchable there):
        ├── StepFailed               a step raised after its last attempt   step_failed
        └── RequestTimedOut          deadline passed with on_timeout=Raise  request_timed_out
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar


class InloopError(Exception):
    """Root of every error inloop raises on purpose."""

    code: ClassVar[str] = "inloop_error"

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data: dict[str, Any] = data

    def to_dict(self) -> dict[str, Any]:
        """The error as the API and the CLI show it."""
        return {"code": self.code, "message": self.message, **self.data}


class ConfigError(InloopError):
    code = "config_invalid"


class StorageError(InloopError):
    code = "storage_error"


class SchemaError(StorageError):
    code = "schema_error"

    def __init__(self, message: str, *, code: str, **data: Any) -> None:
        super().__init__(message, **data)
        self.code = code  # type: ignore[misc]


class ProcessError(InloopError):
    code = "process_error"


class UnknownProcess(ProcessError):
    code = "unknown_process"


def field_errors_from_pydantic(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Turn pydantic's error list into inloop's field errors, each
    ``{"field": "address.postcode", "code": ..., "message": ...}``; input values are left out
    because they may be personal data."""
    out: list[dict[str, Any]] = []
    for err in errors:
        loc = ".".join(str(part) for part in err.get("loc", ())) or "__root__"
        item: dict[str, Any] = {
            "field": loc,
            "code": str(err.get("type", "invalid")),
            "message": err["msg"],
        }
        limits = {
            k: v
            for k, v in (err.get("ctx") or {}).items()
            if k in _LIMITS and isinstance(v, str | int | float)
        }
        if limits:
            item["limits"] = limits
        out.append(item)
    return out


_LIMITS = {"min_length", "max_length", "gt", "ge", "lt", "le", "expected", "pattern"}


class InvalidPayload(ProcessError):
    code = "invalid_payload"


class InvalidStage(ProcessError):
    code = "invalid_stage"


class NonDeterminismError(ProcessError):
    """The process code took another path than the journal records.

    ``data`` holds ``case_id``, ``position``, ``expected`` (what the code asked for now),
    ``recorded`` (what the journal holds at that position) and ``process`` (``name@version``).
    """

    code = "nondeterminism"


class ConcurrentCaseUse(ProcessError):
    code = "concurrent_case_use"


class CaseNotFound(InloopError):
    code = "case_not_found"


class CaseClosed(InloopError):
    code = "case_closed"


class CaseTakenOver(InloopError):
    """A member of staff has taken the case over (automation paused), so it cannot be taken
    over again, or handed back by someone else. ``data`` names them: ``paused_by`` (user id),
    ``paused_at``."""

    code = "case_taken_over"


class CaseNotTakenOver(InloopError):
    """The case is not taken over by anybody (automation runs), so there is nothing to hand
    back."""

    code = "case_not_taken_over"


class RequestError(InloopError):
    code = "request_error"


class RequestNotFound(RequestError):
    code = "request_not_found"


class RequestMismatch(RequestError):
    code = "request_mismatch"


class RequestClosed(RequestError):
    code = "request_closed"


class AnswerInvalid(RequestError):
    """The answer failed validation. ``data["errors"]`` lists the field errors; the request
    stays open."""

    code = "answer_invalid"


class TaskError(InloopError):
    code = "task_error"


class TaskNotFound(TaskError):
    code = "task_not_found"


class TaskClosed(TaskError):
    code = "task_closed"


class OutcomeInvalid(TaskError):
    code = "outcome_invalid"


class TaskClaimed(TaskError):
    """Someone else holds a live claim on the task. ``data`` names them: ``assignee`` (user id),
    ``assignee_name``, ``lease_until``."""

    code = "task_claimed"


class TaskNotClaimed(TaskError):
    """The action needs a live claim on the task by the user, and they hold none (never
    claimed, released, reassigned, or the lease ran out)."""

    code = "task_not_claimed"


class AccountError(InloopError):
    code = "account_error"


class UserExists(AccountError):
    code = "user_exists"


class UserNotFound(AccountError):
    code = "user_not_found"


class PasswordRejected(AccountError):
    """The new password fails the policy; ``data["reason"]`` says which rule."""

    code = "password_rejected"


class AccessDenied(AccountError):
    code = "access_denied"


class StepFailed(InloopError):
    """Raised inside a process when a step failed on its last attempt (also on replay)."""

    code = "step_failed"


class RequestTimedOut(InloopError):
    """Raised inside a process when a wait's deadline passed and its fallback is ``Raise``."""

    code = "request_timed_out"
