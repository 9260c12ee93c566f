"""Who may write for a seller: the holder of one of the seller's API keys (`Authorization: Bearer`).

With AUTH_REQUIRED=false (`make run`, the demo) anyone may; reads are public either way.
"""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tiktok_commerce.api import keys
from tiktok_commerce.api.services import Services

bearer = HTTPBearer(
    auto_error=False,
    description="a seller's API key (`tiktok-commerce keys create --seller H`); needed to post and edit "
    "for that seller when AUTH_REQUIRED=true",
)

CHALLENGE = {"WWW-Authenticate": "Bearer"}
AUTH_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"description": "no API key, or one that is unknown or revoked"},
    403: {"description": "the API key belongs to another seller"},
}


def require_seller(svc: Services, credentials: HTTPAuthorizationCredentials | None, seller: str) -> None:
    """Raise 401/403 unless the request holds a valid key of `seller` (or auth is off)."""
    if not svc.settings.auth_required:
        return
    if credentials is None:
        raise missing_key(seller)
    refused = refusal(keys.seller_of(svc.engine, credentials.credentials), seller)
    if refused is not None:
        raise refused


def missing_key(seller: str) -> HTTPException:
    return HTTPException(
        401,
        f"this needs an API key of @{seller}: send 'Authorization: Bearer <key>' "
        f"(made with `tiktok-commerce keys create --seller {seller}`)",
        headers=CHALLENGE,
    )


def refusal(owner: str | None, seller: str) -> HTTPException | None:
    """Why a key whose owner is `owner` (None: no valid key) may not act for `seller`; None if it may."""
    if owner is None:
        return HTTPException(401, "the API key is not valid: it is unknown or was revoked", headers=CHALLENGE)
    if owner != seller:
        return HTTPException(403, f"this API key belongs to another seller and cannot act for @{seller}")
    return None
