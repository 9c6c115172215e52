"""backchain: a self-hosted strength coach that keeps opposing muscles equally
strong and puts the posterior chain first."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("backchain")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
