"""Settings in one place, read from ``BACKCHAIN_*`` environment variables.

Nothing here connects to anything: a database URL is only a string until a
service opens it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_database_url"]


def default_database_url() -> str:
    """An SQLite file in the user's data directory (created on first use)."""
    folder = Path(user_data_dir("backchain", appauthor=False))
    return f"sqlite:///{folder / 'backchain.db'}"


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
