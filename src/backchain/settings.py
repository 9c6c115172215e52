"""Settings in one place, read from ``BACKCHAIN_*`` environment variables.

Nothing here connects to anything: a database URL is only a string until a
service opens it.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from backchain.domain.accounting import AccountingSettings

__all__ = ["Settings", "data_folder", "default_database_url", "stored_secret"]


def data_folder() -> Path:
    """The user's data directory for backchain (not created here)."""
    return Path(user_data_dir("backchain", appauthor=False))


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    return f"sqlite:///{data_folder() / 'backchain.db'}"


def stored_secret(folder: Path | None = None) -> str:
    """The web app's signing key kept in ``secret_key`` in the data directory,
    written (readable by its owner only) the first time it is asked for."""
    path = (folder or data_folder()) / "secret_key"
    if path.exists():
        return path.read_text("utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key, "utf-8")
    return key


class Settings(BaseSettings):
    """Everything configurable, with its default.

    Example::

        BACKCHAIN_DATABASE_URL=postgresql+psycopg://coach@localhost/backchain backchain imports
    """

    model_config = SettingsConfigDict(env_prefix="BACKCHAIN_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    athlete: str = Field(default="me", min_length=1, max_length=100)
    primary_set_weight: float = Field(default=1.0, ge=0, le=1)
    secondary_set_weight: float = Field(default=0.5, ge=0, le=1)
    e1rm_formula: Literal["epley", "brzycki"] = "epley"
    e1rm_max_reps: int = Field(default=10, ge=1, le=20)
    name_match_threshold: float = Field(default=90.0, ge=50, le=100)
    # The web app (`backchain serve`): the key that signs its CSRF tokens (read
    # from, or written once to, ``secret_key`` beside the default database when
    # unset), how long a sign-in lasts, and how many failed log-ins a user name
    # may have from one address in a window before the next attempts are refused.
    secret_key: str | None = Field(default=None, min_length=32)
    session_days: int = Field(default=30, ge=1, le=365)
    login_attempts: int = Field(default=5, ge=1, le=100)
    login_window_s: int = Field(default=300, ge=10, le=86400)
    # The reverse proxies allowed to say who the client is (X-Forwarded-For) and
    # whether it came over https (X-Forwarded-Proto): addresses or networks,
    # comma-separated, such as "127.0.0.1" for a proxy on the same machine.
    # Empty (the default): the headers are ignored, and the client is the peer.
    trusted_proxies: str = ""

    def accounting(self) -> AccountingSettings:
        """How sets and reps are counted, from these settings."""
        return AccountingSettings(
            primary_weight=self.primary_set_weight,
            secondary_weight=self.secondary_set_weight,
            e1rm_formula=self.e1rm_formula,
            e1rm_max_reps=self.e1rm_max_reps,
        )
