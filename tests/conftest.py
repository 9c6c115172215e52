"""Shared fixtures: the real catalog shipped with the package."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from backchain.knowledge import Catalog, load_catalog
from backchain.services.library import Library

ROOT = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """The method's seeds and the real export files, which live beside the project
    and are read in place: ``BACKCHAIN_SHARED``, else ``../shared`` from the project,
    else ``../shared`` from the repository this checkout was cloned from."""
    candidates = [ROOT.parent / "shared"]
    if os.environ.get("BACKCHAIN_SHARED"):
        candidates.insert(0, Path(os.environ["BACKCHAIN_SHARED"]))
    origin = subprocess.run(
        ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if origin and "://" not in origin.removeprefix("file://"):
        candidates.append(Path(origin.removeprefix("file://")).resolve().parent / "shared")
    for folder in candidates:
        if (folder / "real-exports").is_dir() and (folder / "seeds").is_dir():
            return folder
    raise RuntimeError(
        "The shared seeds and real exports are not found (looked in "
        + ", ".join(str(c) for c in candidates)
        + "): set BACKCHAIN_SHARED to the folder that holds real-exports/ and seeds/."
    )


SHARED = _shared_folder()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def library(catalog: Catalog) -> Library:
    return Library(catalog)
