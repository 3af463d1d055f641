"""The ``lambda-router`` command (also ``python -m lambda_universal_router``)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lambda-router", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run the bundled bookstore example on sample events")
    options = parser.parse_args(argv)
    if options.command == "demo":
        from ._demo import run

        return run(sys.stdout)
    return 2
