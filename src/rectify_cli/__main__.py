"""Entry point for `python -m rectify_cli`."""

from rectify_cli.cli import main

if __name__ == "__main__":  # not when a worker process started by spawn (Windows, macOS) imports this module
    main()
