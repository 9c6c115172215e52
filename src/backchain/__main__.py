"""``python -m backchain`` runs the command line."""

from backchain.cli import main

main()
