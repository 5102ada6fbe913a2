"""Entry point for `python -m rectify_cli`."""

from rectify_cli.cli import main

main()
