"""Shared fixtures: the real catalog shipped with the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchain.knowledge import Catalog, load_catalog
from backchain.services.library import Library

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def library(catalog: Catalog) -> Library:
    return Library(catalog)
