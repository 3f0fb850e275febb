"""The one role check of the app's routes: `Depends(require("admin"))`.

Nobody signed in is NotSignedIn (401), signed in without the role is
Forbidden (403); web/errors.py answers either with its own Swedish message,
as JSON under /api and as a page for a browser."""

from __future__ import annotations

from fastapi import Request

from ..errors import Forbidden, NotSignedIn
from ..governance.identity import User, current_user

SIGN_IN = "Du behöver logga in för det här."
FORBIDDEN = "Du har inte behörighet till det här (kräver rollen {role})."


def refusal(user: User, role: str) -> NotSignedIn | Forbidden:
    """Why `user` may not do what needs `role`."""
    if user.name is None:
        return NotSignedIn(SIGN_IN)
    return Forbidden(FORBIDDEN.format(role=role))


def require(role: str):
    """A dependency: the request's user if it has `role`; else raises
    NotSignedIn or Forbidden."""

    def check(request: Request) -> User:
        user = current_user(request)
        if not user.has(role):
            raise refusal(user, role)
        return user

    return check
