"""Domain errors → HTTP answers, in one place.

Every error body carries ``detail`` (English, for logs and API users) and a
stable ``code`` the web UI turns into words in the reader's language
(``ERRORS`` in ``web/static/i18n.js``): a page never shows the English ``detail``.
"""

from __future__ import annotations

import math

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from fanzha.dissuade.repository import Conflict
from fanzha.dissuade.service import Forbidden, NotFound
from fanzha.dissuade.workflow import TransitionError
from fanzha.ingest.group import IntakeBusy
from fanzha.ledger.errors import LedgerConflict, LedgerForbidden, LedgerInvalid, LedgerNotFound
from fanzha.partners.registry import AuthError
from fanzha.rings.service import RingForbidden, RingNotFound, RingRuleError
from fanzha.rings.sql import RingVersionConflict
from fanzha.security.logins import LoginBusy, LoginLocked
from fanzha.security.passwords import WeakPassword
from fanzha.security.users import LoginError
from fanzha.store.idempotency import KeyInFlight, KeyReused
from fanzha.trace.holds import HoldError
from fanzha.trace.service import CaseForbidden, CaseNotFound
from fanzha.trace.sql import HoldConflict

CODE_OF_STATUS = {
    400: "bad_request",
    401: "login_required",
    403: "forbidden",
    404: "not_found",
    405: "bad_request",
    409: "conflict",
    413: "too_large",
    415: "bad_request",
    422: "invalid",
    429: "too_many",
    503: "busy",
}
"""The code of an error that has no more specific one: what the UI says for its status."""


def error_code(status: int) -> str:
    return CODE_OF_STATUS.get(status, "server_error" if status >= 500 else "bad_request")


def install_error_handlers(app: FastAPI) -> None:
    def answer(
        status: int, message: object, code: str | None = None, **extra: object
    ) -> JSONResponse:
        body = {"detail": message, "code": code or error_code(status), **extra}
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, err: HTTPException) -> JSONResponse:
        response = answer(err.status_code, err.detail)
        response.headers.update(err.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        # FastAPI's own shape (a list under ``detail``), plus the code and the fields.
        errors = jsonable_encoder(err.errors())
        fields = [str(e["loc"][-1]) for e in errors if e.get("loc")]
        return JSONResponse(
            {"detail": errors, "code": "invalid", "fields": fields}, status_code=422
        )

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, err: NotFound) -> JSONResponse:
        return answer(404, f"not found: {err}")

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, err: Forbidden) -> JSONResponse:
        return answer(403, str(err))

    @app.exception_handler(LoginError)
    async def _login(_: Request, err: LoginError) -> JSONResponse:
        return answer(401, str(err))

    @app.exception_handler(LoginLocked)
    async def _locked(_: Request, err: LoginLocked) -> JSONResponse:
        response = answer(429, str(err), "locked")
        response.headers["Retry-After"] = str(max(1, math.ceil(err.retry_after_s)))
        return response

    @app.exception_handler(IntakeBusy)
    async def _intake_busy(_: Request, err: IntakeBusy) -> JSONResponse:
        response = answer(503, str(err))
        response.headers["Retry-After"] = str(max(1, math.ceil(err.retry_after_s)))
        return response

    @app.exception_handler(LoginBusy)
    async def _busy(_: Request, err: LoginBusy) -> JSONResponse:
        response = answer(503, str(err))
        response.headers["Retry-After"] = str(max(1, math.ceil(err.retry_after_s)))
        return response

    @app.exception_handler(WeakPassword)
    async def _weak(_: Request, err: WeakPassword) -> JSONResponse:
        return answer(422, f"password: {err}", "weak_password")

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, err: Conflict) -> JSONResponse:
        return answer(409, str(err), "stale", current_version=err.current_version)

    @app.exception_handler(TransitionError)
    async def _transition(_: Request, err: TransitionError) -> JSONResponse:
        return answer(409, str(err), "wrong_state")

    @app.exception_handler(CaseNotFound)
    async def _case_not_found(_: Request, err: CaseNotFound) -> JSONResponse:
        return answer(404, str(err))

    @app.exception_handler(RingNotFound)
    async def _ring_not_found(_: Request, err: RingNotFound) -> JSONResponse:
        return answer(404, str(err))

    @app.exception_handler(RingForbidden)
    async def _ring_forbidden(_: Request, err: RingForbidden) -> JSONResponse:
        return answer(403, str(err))

    @app.exception_handler(RingRuleError)
    async def _ring_rule(_: Request, err: RingRuleError) -> JSONResponse:
        return answer(409, str(err))

    @app.exception_handler(RingVersionConflict)
    async def _ring_conflict(_: Request, err: RingVersionConflict) -> JSONResponse:
        return answer(409, str(err), "stale", current_version=err.current_version)

    @app.exception_handler(CaseForbidden)
    async def _case_forbidden(_: Request, err: CaseForbidden) -> JSONResponse:
        return answer(403, str(err))

    @app.exception_handler(HoldConflict)
    async def _hold_conflict(_: Request, err: HoldConflict) -> JSONResponse:
        return answer(409, str(err), "stale", current_version=err.current_version)

    @app.exception_handler(HoldError)
    async def _hold_rule(_: Request, err: HoldError) -> JSONResponse:
        return answer(409, str(err))

    @app.exception_handler(LedgerInvalid)
    async def _ledger_invalid(_: Request, err: LedgerInvalid) -> JSONResponse:
        return answer(422, str(err), field=err.field, fields=[err.field] if err.field else [])

    @app.exception_handler(LedgerConflict)
    async def _ledger_conflict(_: Request, err: LedgerConflict) -> JSONResponse:
        extra: dict[str, object] = {
            "existing": err.existing,
            "current_version": err.current_version,
        }
        return answer(409, str(err), None, **{k: v for k, v in extra.items() if v is not None})

    @app.exception_handler(LedgerForbidden)
    async def _ledger_forbidden(_: Request, err: LedgerForbidden) -> JSONResponse:
        return answer(403, str(err))

    @app.exception_handler(LedgerNotFound)
    async def _ledger_not_found(_: Request, err: LedgerNotFound) -> JSONResponse:
        return answer(404, f"not found: {err}")

    @app.exception_handler(AuthError)
    async def _partner_auth(_: Request, err: AuthError) -> JSONResponse:
        response = answer(err.status, str(err))
        retry = getattr(err, "retry_after_s", None)
        if retry is not None:
            response.headers["Retry-After"] = str(max(1, math.ceil(retry)))
        return response

    @app.exception_handler(ValidationError)
    async def _invalid(_: Request, err: ValidationError) -> JSONResponse:
        fields = [".".join(str(p) for p in e["loc"]) + ": " + e["msg"] for e in err.errors()]
        names = [str(e["loc"][-1]) for e in err.errors() if e["loc"]]
        return answer(422, "; ".join(fields), fields=names)

    @app.exception_handler(KeyReused)
    async def _key_reused(_: Request, err: KeyReused) -> JSONResponse:
        return answer(422, str(err), "key_reused")

    @app.exception_handler(KeyInFlight)
    async def _key_in_flight(_: Request, err: KeyInFlight) -> JSONResponse:
        return answer(409, str(err), "key_in_flight")
