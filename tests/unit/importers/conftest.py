"""Fixtures for the importer tests: small export files written on the spot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

WriteExport = Callable[..., Path]


@pytest.fixture
def write_export(tmp_path: Path) -> WriteExport:
    """Write text as an export file; options add a BOM, CRLF line ends or another encoding."""

    def write(
        text: str,
        name: str = "export.csv",
        *,
        bom: bool = False,
        crlf: bool = False,
        encoding: str = "utf-8",
    ) -> Path:
        if crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
