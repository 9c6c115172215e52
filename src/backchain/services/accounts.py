"""Web accounts: sign-up and log-in (argon2id), browser sessions, personal API
tokens, coach access, and the limit on failed log-ins.

A user owns one athlete, named like the user, whose log, profile and plans the
other services keep. Secrets (session and API tokens) are random; only their
SHA-256 is stored, so a copy of the database signs nobody in.

Everything here lives in the database, nothing in a process's memory: a token
or session revoked is refused by every server process at once, and failed
log-ins are counted by all of them together.

Example::

    accounts = Accounts(database, settings)
    user = accounts.sign_up("ana", "a long passphrase")
    token = accounts.open_session(user.id)
    assert accounts.session_user(token) == user
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backchain.domain.loading import Units
from backchain.errors import AccountError, RecordNotFound
from backchain.settings import Settings
from backchain.store.database import Database
from backchain.store.tables import (
    ApiToken,
    Athlete,
    CoachAccess,
    LoginFailure,
    User,
    WebSession,
)

__all__ = [
    "Accounts",
    "LoginLimiter",
    "TokenInfo",
    "UserInfo",
    "sign_up_problems",
    "token_digest",
]

USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{2,39}")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
TOKEN_PREFIX = "bc_"
# A token's "last used" is written at most this often: a busy client should not
# turn every request into a write.
LAST_USED_EVERY = timedelta(minutes=1)
# A dummy hash verified when the user name is unknown, so a failed log-in takes
# as long whether or not the name exists.
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def token_digest(secret: str) -> str:
    """What the database keeps of an API token, by which a statement can find it."""
    return _digest(secret)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A signed-up user: their id, name, athlete, whether onboarding is done and
    the units their athlete reads loads in (read with the user: a page needs
    them for every load it shows)."""

    id: int
    username: str
    athlete_id: int
    onboarded: bool
    units: Units = Units.KG

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


def _username_problem(typed: str) -> str:
    """What is wrong with a user name, and one that would do when that is plain."""
    text = (
        "a user name is 3 to 40 letters, digits, '.', '_' or '-', starting with a letter "
        "or digit (upper or lower case: 'Joe' and 'joe' are the same name)"
    )
    joined = re.sub(r"\s+", "_", typed.strip().lower())
    if " " in typed.strip() and USERNAME.fullmatch(joined):
        text += f"; no spaces: {joined!r} would do"
    return text


def sign_up_problems(username: str, password: str) -> dict[str, str]:
    """What is wrong with a sign-up, every field at once (``username``,
    ``password``); empty when both would do (the name may still be taken)."""
    problems = {}
    if not USERNAME.fullmatch(username.strip().lower()):
        problems["username"] = _username_problem(username)
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        problems["password"] = f"a password is {MIN_PASSWORD} to {MAX_PASSWORD} characters long"
    return problems


def _valid(username: str) -> bool:
    """Whether a (folded) user name is one a user can have; others are no one's."""
    return USERNAME.fullmatch(username) is not None


def _info(user: User, units: str | None) -> UserInfo:
    shown = Units.LB if units == Units.LB.value else Units.KG
    return UserInfo(user.id, user.username, user.athlete_id, user.onboarded, shown)


def _with_units() -> Select[User, str]:
    """Users with their athlete's units, in one statement."""
    return select(User, Athlete.units).join(Athlete, Athlete.id == User.athlete_id)


class LoginLimiter:
    """Failed log-ins per (user name, address) in a sliding window, kept in the
    database so that every server process, on every machine, counts them all.

    An attempt is written down before its password is checked, and counted
    with every other one in the window: however many arrive at once, from
    however many processes, no more than ``attempts`` get to try."""

    def __init__(self, database: Database, attempts: int, window_s: float) -> None:
        self.database = database
        self.attempts = attempts
        self.window = timedelta(seconds=window_s)

    @staticmethod
    def _key(username: str, address: str) -> str:
        return _digest(f"{username.strip().lower()}\n{address}")

    def attempt(self, username: str, address: str) -> int:
        """Write down an attempt to log in; the seconds to wait before trying
        again when there were too many (the attempt is then not counted), else 0.
        Counted as failed until :meth:`succeeded` says otherwise."""
        key = self._key(username, address)
        now = _utc_now()
        with self.database.transaction() as session:
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.key_hash == key, LoginFailure.failed_at <= now - self.window
                )
            )
            row = LoginFailure(key_hash=key, failed_at=now)
            session.add(row)
        with self.database.reading() as session:
            count, oldest = session.execute(
                select(func.count(), func.min(LoginFailure.failed_at)).where(
                    LoginFailure.key_hash == key, LoginFailure.failed_at > now - self.window
                )
            ).one()
        if count <= self.attempts:
            return 0
        with self.database.transaction() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.id == row.id))
        return max(1, int((oldest + self.window - now).total_seconds()) + 1)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a name and address that just signed in."""
        with self.database.transaction() as session:
            session.execute(
                delete(LoginFailure).where(LoginFailure.key_hash == self._key(username, address))
            )


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Accounts:
    """The users of one database and everything that signs them in."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings
        self.limiter = LoginLimiter(database, settings.login_attempts, settings.login_window_s)
        # When this process last wrote down a token's use (by digest) for a
        # write that checked the token itself (see use_due): throttling, not trust.
        self._noted: dict[str, float] = {}

    # ------------------------------------------------------------ users

    def sign_up(self, username: str, password: str) -> UserInfo:
        """Create a user and their athlete; raises ``AccountError`` naming the field."""
        name = username.strip().lower()
        problems = sign_up_problems(username, password)
        if problems:
            field, problem = next(iter(problems.items()))
            raise AccountError(field, problem)
        hashed = _HASHER.hash(password)
        taken = AccountError("username", f"the user name {name!r} is taken")
        try:
            with self.database.transaction() as session:
                if session.scalar(select(User.id).where(User.username == name)) is not None:
                    raise taken
                if session.scalar(select(Athlete.id).where(Athlete.name == name)) is not None:
                    raise taken
                athlete = Athlete(name=name)
                session.add(athlete)
                session.flush()
                user = User(
                    username=name, password_hash=hashed, athlete_id=athlete.id, onboarded=False
                )
                session.add(user)
                session.flush()
                return _info(user, athlete.units)
        except IntegrityError:  # the same name signed up by another request meanwhile
            raise taken from None

    def authenticate(self, username: str, password: str) -> UserInfo | None:
        """The user when the password is theirs, else ``None`` (in about the same time)."""
        name = username.strip().lower()
        with self.database.transaction() as session:
            # A name no user can have is never sent to the database.
            found = (
                session.execute(_with_units().where(User.username == name)).first()
                if _valid(name)
                else None
            )
            user, units = (None, None) if found is None else found
            try:
                _HASHER.verify(user.password_hash if user else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                return None
            if user is None:
                return None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            return _info(user, units)

    def user(self, user_id: int) -> UserInfo:
        """A user by id."""
        with self.database.reading() as session:
            found = session.execute(_with_units().where(User.id == user_id)).first()
            if found is None:
                raise RecordNotFound("user", user_id)
            return _info(*found)

    def mark_onboarded(self, user_id: int) -> UserInfo:
        """Record that the user has set up their profile."""
        with self.database.transaction() as session:
            found = session.execute(_with_units().where(User.id == user_id)).first()
            if found is None:
                raise RecordNotFound("user", user_id)
            found[0].onboarded = True
            return _info(*found)

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
        with self.database.reading() as session:
            found = session.execute(
                _with_units()
                .join(WebSession, WebSession.user_id == User.id)
                .where(WebSession.token_hash == _digest(token), WebSession.expires_at > _now())
            ).first()
            return None if found is None else _info(*found)

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
        with self.database.reading() as session:
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
            session.delete(row)

    def token_user(self, secret: str) -> UserInfo | None:
        """The user an API token belongs to, or ``None``: read from the database
        every time, so a revoked token is refused by every process at once."""
        if not secret.startswith(TOKEN_PREFIX):
            return None
        digest = _digest(secret)
        with self.database.reading() as session:
            found = session.execute(
                _with_units()
                .add_columns(ApiToken.id, ApiToken.last_used_at)
                .join(ApiToken, ApiToken.user_id == User.id)
                .where(ApiToken.token_hash == digest)
            ).first()
            # Read while the session is open (its rollback expires the objects).
            read = None if found is None else (_info(found[0], found[1]), found[2], found[3])
        if read is None:  # unknown, or revoked
            return None
        info, token_id, last_used_at = read
        if last_used_at is None or _now() - last_used_at > LAST_USED_EVERY:
            self.mark_token_used(token_id)
        return info

    def use_due(self, secret: str) -> bool:
        """Whether this process should write down a use of the token now (at most
        once a minute each), for callers that never read it (:meth:`note_use`)."""
        now, digest = time.monotonic(), _digest(secret)
        if now - self._noted.get(digest, -math.inf) < LAST_USED_EVERY.total_seconds():
            return False
        self._noted[digest] = now
        return True

    def note_use(self, secret: str) -> None:
        """Write down that the token was used now."""
        with self.database.transaction() as session:
            session.execute(
                update(ApiToken)
                .where(ApiToken.token_hash == _digest(secret))
                .values(last_used_at=_now())
            )

    def mark_token_used(self, token_id: int) -> None:
        """Write down that a token was used now."""
        with self.database.transaction() as session:
            session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=_now())
            )

    # ------------------------------------------------------------ coaches

    def _by_name(self, session: Session, username: str, field: str) -> tuple[User, str]:
        name = username.strip().lower()
        found = (
            session.execute(_with_units().where(User.username == name)).first()
            if _valid(name)
            else None
        )
        if found is None:
            raise AccountError(field, f"no user called {username.strip()!r}")
        return found[0], found[1]

    def grant_coach(self, user_id: int, coach_username: str) -> UserInfo:
        """Let another user read this user's plan, history and audit."""
        with self.database.transaction() as session:
            coach, units = self._by_name(session, coach_username, "coach")
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
            return _info(coach, units)

    def revoke_coach(self, user_id: int, coach_username: str) -> None:
        """Take a coach's read access away."""
        name = coach_username.strip().lower()
        with self.database.transaction() as session:
            coach = (
                session.scalar(select(User).where(User.username == name)) if _valid(name) else None
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
        with self.database.reading() as session:
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
        with self.database.reading() as session:
            rows = session.execute(
                _with_units()
                .join(CoachAccess, CoachAccess.athlete_user_id == User.id)
                .where(CoachAccess.coach_user_id == coach_id)
                .order_by(User.username)
            )
            return [_info(user, units) for user, units in rows]

    def coached(self, coach_id: int, athlete_username: str) -> UserInfo:
        """An athlete the coach may read; ``RecordNotFound`` otherwise."""
        for athlete in self.athletes_of(coach_id):
            if athlete.username == athlete_username.strip().lower():
                return athlete
        raise RecordNotFound("athlete", athlete_username)
