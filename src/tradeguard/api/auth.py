"""API keys: ``tg_<key id>_<secret>``, the secret kept only as a salted scrypt hash.

A key carries a role and the subject it speaks for (see :class:`Principal`). A verified key is
remembered for ``api_key_cache_seconds`` so that a busy client does not pay for scrypt on
every request.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

import tradeguard.store.service_schema as ss
from tradeguard.cases.access import Principal, Role, parse_role
from tradeguard.errors import FieldError, InvalidInput, NotFound, TradeGuardError
from tradeguard.store.repository import AuditStore

__all__ = ["ApiKey", "KeyStore", "Unauthenticated", "hash_secret", "verify_secret"]

_N, _R, _P = 2**14, 8, 1


class Unauthenticated(TradeGuardError):
    """No usable credentials: a missing, malformed, unknown or revoked API key."""

    status = 401
    exit_code = 5


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) of ``secret``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != "scrypt":
            return False
        got = hashlib.scrypt(
            secret.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    role: Role
    subject: str
    name: str
    created_at: dt.datetime
    created_by: str
    revoked_at: dt.datetime | None


def _split(token: str) -> tuple[str, str]:
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "tg" or not parts[1] or not parts[2]:
        raise Unauthenticated("malformed API key (expected tg_<id>_<secret>)")
    return parts[1], parts[2]


class KeyStore:
    """API keys in the store; creation and revocation go to the audit log."""

    def __init__(self, engine: Engine, cache_seconds: float = 60.0) -> None:
        self.engine = engine
        self.cache_seconds = cache_seconds
        self._cache: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def create(self, role: str, subject: str, *, name: str = "", actor: str = "system") -> str:
        """A new key; the token is returned once and never stored."""
        parsed = parse_role(role)
        subject = subject.strip()
        if not subject or len(subject) > 300:
            raise InvalidInput(
                "a key needs a subject", errors=[FieldError("subject", "1-300 characters")]
            )
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                insert(ss.api_keys).values(
                    key_id=key_id,
                    role=parsed.value,
                    subject=subject,
                    name=name or f"{parsed.value} {subject}",
                    secret_hash=hash_secret(secret),
                    created_at=dt.datetime.now(dt.UTC),
                    created_by=actor,
                )
            )
        AuditStore(self.engine).append(
            actor, "create_key", "api_key", key_id, {"role": parsed.value, "subject": subject}
        )
        return f"tg_{key_id}_{secret}"

    def revoke(self, key_id: str, *, actor: str = "system") -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(ss.api_keys)
                .where(ss.api_keys.c.key_id == key_id, ss.api_keys.c.revoked_at.is_(None))
                .values(revoked_at=dt.datetime.now(dt.UTC))
            )
        if not done.rowcount:
            raise NotFound(f"no active key {key_id}")
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if v[0].key_id != key_id}
        AuditStore(self.engine).append(actor, "revoke_key", "api_key", key_id, {})

    def list_keys(self) -> list[ApiKey]:
        t = ss.api_keys
        with self.engine.connect() as conn:
            return [
                ApiKey(
                    r.key_id,
                    Role(r.role),
                    r.subject,
                    r.name,
                    r.created_at,
                    r.created_by,
                    r.revoked_at,
                )
                for r in conn.execute(select(t).order_by(t.c.created_at))
            ]

    def authenticate(self, token: str) -> Principal:
        """The principal of a valid, unrevoked key; :class:`Unauthenticated` otherwise."""
        fingerprint = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(fingerprint)
        if cached is not None and cached[1] > now:
            return cached[0]
        key_id, secret = _split(token)
        t = ss.api_keys
        with self.engine.connect() as conn:
            row = conn.execute(select(t).where(t.c.key_id == key_id)).first()
        if row is None or row.revoked_at is not None or not verify_secret(secret, row.secret_hash):
            raise Unauthenticated("unknown or revoked API key")
        principal = Principal(Role(row.role), row.subject, key_id)
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[fingerprint] = (principal, now + self.cache_seconds)
        return principal
