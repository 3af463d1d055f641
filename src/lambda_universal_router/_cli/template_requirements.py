"""``lambda-router template --requirements``: the ``requirements.txt`` that ``sam build`` reads.

``sam build`` installs what the ``requirements.txt`` of the function's ``CodeUri`` folder lists.
The file pins this library at the version running the command; other lines of an existing file
are kept, and an older line for this library is replaced.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = "lambda-universal-router"
#: A requirement line naming this library, in any of the spellings pip accepts.
_OURS = re.compile(r"^\s*lambda[-_.]universal[-_.]router\b", re.IGNORECASE)


def requirement() -> str:
    from lambda_universal_router import __version__

    return f"{PACKAGE}=={__version__}"


def write_requirements(directory: str) -> Path:
    """Write (or update) ``directory/requirements.txt``; returns its path."""
    from .loader import UsageError

    folder = Path(directory or ".")
    if not folder.is_dir():
        raise UsageError(f"--requirements: no such directory {folder}")
    path = folder / "requirements.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if not _OURS.match(line)]
    path.write_text("\n".join([requirement(), *kept]) + "\n", encoding="utf-8")
    return path
