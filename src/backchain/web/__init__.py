"""The web app: a JSON API under ``/api/v1`` and the pages a lifter uses, on
the same services as the command line (``backchain serve`` starts it).

One module per area holds the area's pages and its JSON API (``session``,
``plan``, ``dashboard``, ``history``, ``imports``, ``library``, ``account``);
``common`` is the plumbing they share, ``app`` puts them together."""

from backchain.web.app import create_app

__all__ = ["create_app"]
