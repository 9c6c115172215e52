"""``backchain serve`` in its own process on a free loopback port, for the
benchmark scripts in this folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

__all__ = ["served"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(url: str, secret_key: str, workers: int = 1) -> Iterator[str]:
    """The server's base URL once it answers; it is stopped when the block ends."""
    port = _free_port()
    command = [sys.executable, "-m", "backchain", "serve", "--port", str(port), "--db", url]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env={**os.environ, "BACKCHAIN_SECRET_KEY": secret_key},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"the server did not start: {process.communicate()[1]!r}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
