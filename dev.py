#!/usr/bin/env python3
"""Project tasks for a fresh clone; needs only Python 3.10+.

    python3 dev.py demo     run the bundled bookstore example on sample events
    python3 dev.py test     lint, type-check, check the package builds, run the test suite
    python3 dev.py build    build the sdist and wheel into dist/ and check them with twine
    python3 dev.py bench    run the benchmark suite (see docs/performance.md)

`test` and `bench` create `.venv/` and install what they need on first use.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    print("$", " ".join(str(part) for part in command), flush=True)
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=False)
    if completed.returncode:
        sys.exit(completed.returncode)


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project with `extras`, again only when pyproject changes."""
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit("lambda-universal-router needs Python 3.10 or newer")
    stamp = VENV / f".installed-{extras}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]")
    stamp.write_text(digest)


def demo() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run(sys.executable, "-m", "lambda_universal_router", "demo", env=env)


def test() -> None:
    ensure_venv("dev")
    run(BIN / "ruff", "check", "src", "tests", "bench", "examples", "dev.py")
    run(BIN / "ruff", "format", "--check", "src", "tests", "bench", "examples", "dev.py")
    run(BIN / "mypy")
    with tempfile.TemporaryDirectory() as scratch:
        package(Path(scratch))
    run(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", *sys.argv[2:])


def package(outdir: Path) -> None:
    """Build the sdist and wheel into `outdir` and check their metadata renders on the index."""
    # The wheel is built from the sdist, so a file missing from the sdist fails here. PERF: with
    # the venv's setuptools rather than a fresh isolated install per build.
    run(PYTHON, "-m", "build", "--quiet", "--no-isolation", "--outdir", outdir)
    run(BIN / "twine", "check", "--strict", *sorted(outdir.iterdir()))


def build() -> None:
    ensure_venv("dev")
    package(ROOT / "dist")


def bench() -> None:
    ensure_venv("dev,bench")
    run(PYTHON, "bench/run.py", *sys.argv[2:])


TASKS = {"demo": demo, "test": test, "build": build, "bench": bench}

if __name__ == "__main__":
    task = TASKS.get(sys.argv[1] if len(sys.argv) > 1 else "")
    if task is None:
        sys.exit(__doc__)
    task()
