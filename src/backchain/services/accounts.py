"""Web accounts: sign-up and log-in (argon2id), browser sessions, personal API
tokens, coach access, and the limit on failed log-ins.

A user owns one athlete, named like the user, whose log, profile and plans the
other services keep. Secrets (session and API tokens) are random; only their
SHA-256 is stored, so a copy of the database signs nobody in.

Example::

    accounts = Accounts(database, settings)
    user = accounts.sign_up("ana", "a long passphrase")
    token = accounts.open_session(user.id)
    assert accounts.session_user(token) == user
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from backchain.errors import AccountError, RecordNotFound
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import ApiToken, Athlete, CoachAccess, User, WebSession

__all__ = ["Accounts", "LoginLimiter", "TokenInfo", "UserInfo"]

USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{2,39}")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
TOKEN_PREFIX = "bc_"
# A token's user, once read, is trusted this long; then read again, and until
# that read is back (at most TOKEN_STALE_S after the first), a caller that can
# refresh in the background may go on with what was read (see recent_token_user).
TOKEN_CACHE_S = 10.0
TOKEN_STALE_S = 60.0
# A dummy hash verified when the user name is unknown, so a failed log-in takes
# as long whether or not the name exists.
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A signed-up user: their id, name, athlete and whether onboarding is done."""

    id: int
    username: str
    athlete_id: int
    onboarded: bool

    @property
    def athlete(self) -> str:
        """The athlete name the history and profile services know them by."""
        return self.username


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A personal API token as listed on the settings page (never the secret)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.athlete_id, user.onboarded)


class LoginLimiter:
    """Failed log-ins per (user name, address) in a sliding window, in memory.

    One process serves the app, so memory is the right place: a restart forgets
    old failures, which only gives an attacker the handful of tries it already had.
    """

    def __init__(self, attempts: int, window_s: float) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and now - found[0] > self.window_s:
            found.popleft()
        return found

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until another attempt is allowed (0 when it is allowed now)."""
        now = time.monotonic()
        with self._lock:
            found = self._recent((username.lower(), address), now)
            if len(found) < self.attempts:
                return 0
            return max(1, int(found[0] + self.window_s - now + 1))

    def failed(self, username: str, address: str) -> None:
        """Count a failed attempt."""
        now = time.monotonic()
        with self._lock:
            self._recent((username.lower(), address), now).append(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a name and address that just signed in."""
        with self._lock:
            self._failures.pop((username.lower(), address), None)


class Accounts:
    """The users of one database and everything that signs them in."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.limiter = LoginLimiter(settings.login_attempts, settings.login_window_s)
        # API token digest -> (user, when it was read): a busy client's requests
        # skip the lookup for a little while. Revoking a token (in this process)
        # drops it at once; the entry only lives TOKEN_CACHE_S seconds otherwise.
        self._token_cache: dict[str, tuple[UserInfo, float]] = {}
        self._token_lock = threading.Lock()

    # ------------------------------------------------------------ users

    def sign_up(self, username: str, password: str) -> UserInfo:
        """Create a user and their athlete; raises ``AccountError`` naming the field."""
        name = username.strip().lower()
        if not USERNAME.fullmatch(name):
            raise AccountError(
                "username",
                "a user name is 3 to 40 characters: lower-case letters, digits, "
                "'.', '_' or '-', starting with a letter or digit",
            )
        if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
            raise AccountError(
                "password", f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters long"
            )
        hashed = _HASHER.hash(password)
        with self.database.transaction() as session:
            taken = session.scalar(select(User.id).where(User.username == name))
            athlete = session.scalar(select(Athlete).where(Athlete.name == name))
            if taken is not None or athlete is not None:
                raise AccountError("username", f"the user name {name!r} is taken")
            athlete = Athlete(name=name)
            session.add(athlete)
            session.flush()
            user = User(username=name, password_hash=hashed, athlete_id=athlete.id, onboarded=False)
            session.add(user)
            session.flush()
            return _info(user)

    def authenticate(self, username: str, password: str) -> UserInfo | None:
        """The user when the password is theirs, else ``None`` (in about the same time)."""
        name = username.strip().lower()
        with self.database.transaction() as session:
            user = session.scalar(select(User).where(User.username == name))
            try:
                _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if user is None:
                return None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return _info(user)

    def user(self, user_id: int) -> UserInfo:
        """A user by id."""
        with self.database.transaction() as session:
            user = session.get(User, user_id)
            if user is None:
                raise RecordNotFound("user", user_id)
            return _info(user)

    def mark_onboarded(self, user_id: int) -> UserInfo:
        """Record that the user has set up their profile."""
        with self.database.transaction() as session:
            user = session.get(User, user_id)
            if user is None:
                raise RecordNotFound("user", user_id)
            user.onboarded = True
            return _info(user)

    # ------------------------------------------------------------ browser sessions

    def open_session(self, user_id: int) -> str:
        """A new sign-in for the user: the secret to put in the cookie."""
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.database.transaction() as session:
            session.execute(delete(WebSession).where(WebSession.expires_at < now))
            session.add(
                WebSession(
                    token_hash=_digest(token),
                    user_id=user_id,
                    created_at=now,
                    expires_at=now + timedelta(days=self.settings.session_days),
                )
            )
        return token

    def session_user(self, token: str) -> UserInfo | None:
        """The user a cookie's token signs in, unless it is unknown or expired."""
        with self.database.transaction() as session:
            user = session.scalar(
                select(User)
                .join(WebSession, WebSession.user_id == User.id)
                .where(WebSession.token_hash == _digest(token), WebSession.expires_at > _now())
            )
            return None if user is None else _info(user)

    def close_session(self, token: str) -> None:
        """Sign the cookie's token out."""
        with self.database.transaction() as session:
            session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))

    # ------------------------------------------------------------ API tokens

    def create_token(self, user_id: int, name: str) -> tuple[TokenInfo, str]:
        """A new API token: its listing and the secret, shown once."""
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise AccountError("name", "a token's name is 1 to 100 characters")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.database.transaction() as session:
            row = ApiToken(
                user_id=user_id,
                name=label,
                token_hash=_digest(secret),
                prefix=secret[:8],
                created_at=_now(),
            )
            session.add(row)
            session.flush()
            return self._token_info(row), secret

    @staticmethod
    def _token_info(row: ApiToken) -> TokenInfo:
        return TokenInfo(row.id, row.name, row.prefix, row.created_at, row.last_used_at)

    def tokens(self, user_id: int) -> list[TokenInfo]:
        """The user's API tokens, newest first."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
            )
            return [self._token_info(r) for r in rows]

    def revoke_token(self, user_id: int, token_id: int) -> None:
        """Delete one of the user's tokens."""
        with self.database.transaction() as session:
            row = session.get(ApiToken, token_id)
            if row is None or row.user_id != user_id:
                raise RecordNotFound("token", token_id)
            with self._token_lock:
                self._token_cache.pop(row.token_hash, None)
            session.delete(row)

    def recent_token_user(self, secret: str) -> tuple[UserInfo | None, bool]:
        """The user of an API token read in the last minute, without a database
        read, and whether that read is fresh (under TOKEN_CACHE_S old). A stale
        one should be read again (:meth:`token_user`); ``(None, False)`` when
        there is nothing to go on."""
        with self._token_lock:
            cached = self._token_cache.get(_digest(secret))
        if cached is None:
            return None, False
        age = time.monotonic() - cached[1]
        if age >= TOKEN_STALE_S:
            return None, False
        return cached[0], age < TOKEN_CACHE_S

    def token_user(self, secret: str) -> UserInfo | None:
        """The user an API token belongs to, or ``None``."""
        if not secret.startswith(TOKEN_PREFIX):
            return None
        recent, fresh = self.recent_token_user(secret)
        if recent is not None and fresh:
            return recent
        digest = _digest(secret)
        # Entries read together expire apart, so that a burst of new callers
        # does not come back as a burst of look-ups.
        now_s = time.monotonic() - random.uniform(0, TOKEN_CACHE_S / 2)
        with self.database.reading() as session:
            found = session.execute(
                select(User, ApiToken.id, ApiToken.last_used_at)
                .join(ApiToken, ApiToken.user_id == User.id)
                .where(ApiToken.token_hash == digest)
            ).first()
            # Read while the session is open (its rollback expires the objects).
            read = None if found is None else (_info(found[0]), found[1], found[2])
        if read is None:  # unknown, or revoked since it was cached
            with self._token_lock:
                self._token_cache.pop(digest, None)
            return None
        info, token_id, last_used_at = read
        now = _now()
        # Written at most once a minute: a busy client should not turn every
        # read into a write.
        if last_used_at is None or now - last_used_at > timedelta(minutes=1):
            with self.database.transaction() as session:
                session.execute(
                    update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
                )
        with self._token_lock:
            self._token_cache[digest] = (info, now_s)
        return info

    # ------------------------------------------------------------ coaches

    def _by_name(self, session: Session, username: str, field: str) -> User:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise AccountError(field, f"no user called {username.strip()!r}")
        return user

    def grant_coach(self, user_id: int, coach_username: str) -> UserInfo:
        """Let another user read this user's plan, history and audit."""
        with self.database.transaction() as session:
            coach = self._by_name(session, coach_username, "coach")
            if coach.id == user_id:
                raise AccountError("coach", "you cannot be your own coach")
            exists = session.scalar(
                select(CoachAccess.id).where(
                    CoachAccess.athlete_user_id == user_id, CoachAccess.coach_user_id == coach.id
                )
            )
            if exists is None:
                session.add(
                    CoachAccess(athlete_user_id=user_id, coach_user_id=coach.id, created_at=_now())
                )
            return _info(coach)

    def revoke_coach(self, user_id: int, coach_username: str) -> None:
        """Take a coach's read access away."""
        with self.database.transaction() as session:
            coach = session.scalar(
                select(User).where(User.username == coach_username.strip().lower())
            )
            removed = (
                None
                if coach is None
                else session.execute(
                    delete(CoachAccess).where(
                        CoachAccess.athlete_user_id == user_id,
                        CoachAccess.coach_user_id == coach.id,
                    )
                )
            )
            if removed is None or not getattr(removed, "rowcount", 0):
                raise RecordNotFound("coach", coach_username)

    def coaches(self, user_id: int) -> list[str]:
        """User names of the coaches who may read this user's training."""
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(User.username)
                    .join(CoachAccess, CoachAccess.coach_user_id == User.id)
                    .where(CoachAccess.athlete_user_id == user_id)
                    .order_by(User.username)
                )
            )

    def athletes_of(self, coach_id: int) -> list[UserInfo]:
        """The users who gave this coach read access."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(User)
                .join(CoachAccess, CoachAccess.athlete_user_id == User.id)
                .where(CoachAccess.coach_user_id == coach_id)
                .order_by(User.username)
            )
            return [_info(u) for u in rows]

    def coached(self, coach_id: int, athlete_username: str) -> UserInfo:
        """An athlete the coach may read; ``RecordNotFound`` otherwise."""
        for athlete in self.athletes_of(coach_id):
            if athlete.username == athlete_username.strip().lower():
                return athlete
        raise RecordNotFound("athlete", athlete_username)
