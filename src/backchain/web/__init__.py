"""The web app: a JSON API under ``/api/v1`` and the pages a lifter uses, on
the same services as the command line (``backchain serve`` starts it)."""

from backchain.web.app import create_app

__all__ = ["create_app"]
