"""The environment the benchmarks run rectify in: from compiled bytecode, as an installed copy runs.

pip compiles a package's modules to bytecode when it installs it, and the libraries rectify is
compared with (openpyxl, typer, pydantic, PyYAML) were installed so. rectify itself runs from
the source tree (PYTHONPATH=src, or an editable install), and on a machine that sets
PYTHONDONTWRITEBYTECODE (this one does) its fifty-odd modules were compiled again at every start:
about 0.2 s charged to every rectify command and to none of the floors. So the benchmarks
compile `src/` once, as pip would, and let Python keep what it compiles.
"""

from __future__ import annotations

import compileall
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"


def environment(env: dict[str, str]) -> dict[str, str]:
    """`env` without PYTHONDONTWRITEBYTECODE, after compiling rectify's modules (once, quietly)."""
    compileall.compile_dir(str(SOURCE), quiet=1)
    return {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
