#!/usr/bin/env python3
"""Check that a rendered document shows the report's figures (口径一致): scripts/check_figures.py FILE... --against report.json

FILE is any output of rectify or of a user's own template: .docx, .xlsx, .html, .csv, .json, or a
text or Markdown table. Every table cell under a known header (反馈问题, 已完成整改, 正在整改, 超期未完成,
整改完成率, 措施完成率, 按期销号率, 满意率, or the English headers) in an organisation's row is compared
to `rectify report --round N --format json` of the same round and as-of date (docs/report.md).
Exit 0 all equal, 1 a figure differs or the file shows none, 2 a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rectify_cli import crosscheck
from rectify_cli.render.messages import localised
from rectify_cli.settings import language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--against", type=Path, required=True, help="the report as JSON (rectify report --format json)")
    args = parser.parse_args(argv)
    lang = language()
    try:
        report = json.loads(args.against.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(localised(crosscheck.unreadable(f"{args.against}: {error}"), lang), file=sys.stderr)
        return 2
    results = []
    for path in args.files:
        try:
            results.append((path, *crosscheck.mismatches(path, report)))
        except Exception as error:  # each reader (zip, docx, openpyxl, csv) has its own: the file is unreadable
            print(localised(crosscheck.unreadable(f"{path}: {error}"), lang), file=sys.stderr)
            return 2
    status = 0
    for path, count, wrong in results:
        for line in wrong:
            print(localised(line, lang), file=sys.stderr)
        if wrong or not count:
            status = 1
        print(localised(crosscheck.summary(str(path), count, len(wrong)), lang))
    return status


if __name__ == "__main__":
    sys.exit(main())
