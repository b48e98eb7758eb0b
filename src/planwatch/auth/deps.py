"""FastAPI dependencies: the principal of a request, role checks, the CSRF token for templates."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request

from planwatch.auth.users import Principal


def principal(request: Request) -> Principal:
    """Who is asking (set by the auth middleware); 401 when nobody is signed in."""
    found: Principal | None = getattr(request.state, "principal", None)
    if found is None:
        raise HTTPException(401, "login required")
    return found


def require(role: str) -> Callable[[Request], Principal]:
    """A dependency admitting principals with ``role`` or a higher one (403 otherwise)."""

    def check(request: Request) -> Principal:
        who = principal(request)
        if not who.can(role):
            raise HTTPException(403, f"{role}s only")
        return who

    return check


def csrf_token(request: Request) -> str:
    """The CSRF token of the request's session, for forms (``csrf_token``) and fetch (``X-CSRF-Token``)."""
    session = getattr(request.state, "session", None)
    return str(session.csrf) if session is not None else ""


def can_edit(request: Request) -> bool:
    who: Principal | None = getattr(request.state, "principal", None)
    return who is not None and who.can("editor")


#: Error responses of routes behind sign-in, roles and CSRF (for the OpenAPI description).
AUTH_RESPONSES: dict[int | str, dict[str, str]] = {
    400: {"description": "Invalid request"},
    401: {"description": "Not signed in, or invalid API token"},
    403: {"description": "Role too low, missing CSRF token, or cross-origin request"},
    404: {"description": "Not found"},
    409: {"description": "Conflict with a concurrent change"},
}
