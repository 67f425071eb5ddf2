"""Domain errors → HTTP answers, in one place."""

from __future__ import annotations

import math

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from fanzha.api.idempotency import KeyInFlight, KeyReused
from fanzha.dissuade.repository import Conflict
from fanzha.dissuade.service import Forbidden, NotFound
from fanzha.dissuade.workflow import TransitionError
from fanzha.ledger.errors import LedgerConflict, LedgerForbidden, LedgerInvalid, LedgerNotFound
from fanzha.partners.registry import AuthError
from fanzha.rings.service import RingForbidden, RingNotFound, RingRuleError
from fanzha.rings.sql import RingVersionConflict
from fanzha.security.logins import LoginBusy, LoginLocked
from fanzha.security.passwords import WeakPassword
from fanzha.security.users import LoginError
from fanzha.trace.holds import HoldError
from fanzha.trace.service import CaseForbidden, CaseNotFound
from fanzha.trace.sql import HoldConflict


def install_error_handlers(app: FastAPI) -> None:
    def answer(status: int, message: str, **extra: object) -> JSONResponse:
        return JSONResponse({"detail": message, **extra}, status_code=status)

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
        response = answer(429, str(err))
        response.headers["Retry-After"] = str(max(1, math.ceil(err.retry_after_s)))
        return response

    @app.exception_handler(LoginBusy)
    async def _busy(_: Request, err: LoginBusy) -> JSONResponse:
        response = answer(503, str(err))
        response.headers["Retry-After"] = str(max(1, math.ceil(err.retry_after_s)))
        return response

    @app.exception_handler(WeakPassword)
    async def _weak(_: Request, err: WeakPassword) -> JSONResponse:
        return answer(422, f"password: {err}")

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, err: Conflict) -> JSONResponse:
        return answer(409, str(err), current_version=err.current_version)

    @app.exception_handler(TransitionError)
    async def _transition(_: Request, err: TransitionError) -> JSONResponse:
        return answer(409, str(err))

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
        return answer(409, str(err), current_version=err.current_version)

    @app.exception_handler(CaseForbidden)
    async def _case_forbidden(_: Request, err: CaseForbidden) -> JSONResponse:
        return answer(403, str(err))

    @app.exception_handler(HoldConflict)
    async def _hold_conflict(_: Request, err: HoldConflict) -> JSONResponse:
        return answer(409, str(err), current_version=err.current_version)

    @app.exception_handler(HoldError)
    async def _hold_rule(_: Request, err: HoldError) -> JSONResponse:
        return answer(409, str(err))

    @app.exception_handler(LedgerInvalid)
    async def _ledger_invalid(_: Request, err: LedgerInvalid) -> JSONResponse:
        return answer(422, str(err), field=err.field)

    @app.exception_handler(LedgerConflict)
    async def _ledger_conflict(_: Request, err: LedgerConflict) -> JSONResponse:
        extra = {"existing": err.existing, "current_version": err.current_version}
        return answer(409, str(err), **{k: v for k, v in extra.items() if v is not None})

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
        return answer(422, "; ".join(fields))

    @app.exception_handler(KeyReused)
    async def _key_reused(_: Request, err: KeyReused) -> JSONResponse:
        return answer(422, str(err))

    @app.exception_handler(KeyInFlight)
    async def _key_in_flight(_: Request, err: KeyInFlight) -> JSONResponse:
        return answer(409, str(err))
