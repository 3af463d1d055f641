"""Run every documentation example marked to run.

A fenced ``python`` block in ``docs/**/*.md`` whose fence follows a line ``<!-- test: run -->``
is executed as a complete program (it builds a router, dispatches an event and asserts). Each
block is one test, named ``path:line`` after its opening fence; tracebacks point into the page.
"""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = "<!-- test: run -->"


def marked_blocks(path: Path) -> Iterator[tuple[int, str]]:
    """``(line of the opening fence, code)`` for each marked block of one page."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = False
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if line == MARKER:
            marked = True
        elif line.startswith("```") and marked:
            if line != "```python":
                raise ValueError(f"{path}:{index + 1}: a marked block must be ```python")
            end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == "```"), None)
            if end is None:
                raise ValueError(f"{path}:{index + 1}: the marked block is never closed")
            code = textwrap.dedent("\n".join(lines[index + 1 : end]))
            # keep the page's line numbers in tracebacks
            yield index + 1, "\n" * (index + 1) + code
            index = end
            marked = False
        elif line:
            marked = False
        index += 1


def collect() -> list[object]:
    params = []
    for path in sorted(DOCS.rglob("*.md")):
        name = path.relative_to(ROOT).as_posix()
        for line, code in marked_blocks(path):
            params.append(pytest.param(str(path), code, id=f"{name}:{line}"))
    return params


EXAMPLES = collect()


def test_the_documentation_has_runnable_examples() -> None:
    assert EXAMPLES


@pytest.mark.parametrize(("path", "code"), EXAMPLES)
@pytest.mark.usefixtures("observability_reset")  # examples may turn observability on
def test_example_runs(path: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A module of its own, as a program's would be (dataclasses look their module up), compiled
    # without this file's `from __future__ import annotations`.
    module = types.ModuleType("docs_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(code, path, "exec", dont_inherit=True), module.__dict__)


def test_marked_blocks_are_found_with_their_line_numbers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "<!-- test: run -->\n"
        "```python\n"
        "x = 1\n"
        "```\n\n"
        "```python\n"
        "not run\n"
        "```\n\n"
        "1. A list item:\n\n"
        "   <!-- test: run -->\n"
        "   ```python\n"
        "   y = 2\n"
        "   ```\n",
        encoding="utf-8",
    )

    blocks = [(line, code.lstrip("\n")) for line, code in marked_blocks(page)]

    assert blocks == [(4, "x = 1"), (15, "y = 2")]


def test_an_unclosed_marked_block_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- test: run -->\n```python\nx = 1\n", encoding="utf-8")

    with pytest.raises(ValueError, match="never closed"):
        list(marked_blocks(page))
