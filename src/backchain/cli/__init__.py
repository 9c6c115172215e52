"""The ``backchain`` command line: the Typer app (:mod:`backchain.cli.commands`)
and its terminal rendering (:mod:`backchain.cli.render` for Rich tables,
:mod:`backchain.cli.charts` for SVG and PNG charts).

Example::

    from backchain.cli import main
    main()  # what the ``backchain`` console script runs
"""

from backchain.cli.commands import app, main

__all__ = ["app", "main"]
