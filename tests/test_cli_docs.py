"""The `invoke` examples of docs/cli.md run the handler they show, on the page's own app."""

from __future__ import annotations

import io
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambda_universal_router._cli.main import main

PAGE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
UNKNOWN_QUEUE = "which no sqs handler's queue= filter names"


def page_app() -> str:
    """The page's ``# app.py`` example."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(r"```python\n(# app\.py\n.*?)```", text, re.DOTALL)
    assert found, "docs/cli.md shows an app.py"
    return found.group(1)


def commands() -> list[list[str]]:
    """Every ``lambda-router ...`` command of the page's bash blocks, continuations joined."""
    text = PAGE.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("lambda-router"):
                found.append(line)
    return [shlex.split(line, comments=True) for line in found]


def samples() -> list[list[str]]:
    return [argv for argv in commands() if argv[1] == "invoke" and "--sample" in argv]


@pytest.fixture(autouse=True)
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(page_app(), encoding="utf-8")
    yield tmp_path
    sys.modules.pop("app", None)


def test_the_page_has_sample_invocations() -> None:
    assert samples()


@pytest.mark.parametrize("argv", samples(), ids=" ".join)
def test_sample_invocations_run_the_handler(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(argv[1:])

    out, err = capsys.readouterr()
    assert status == 0, err
    assert UNKNOWN_QUEUE not in err
    if "Records.0.body=boom" in argv:  # the page's handler raises for it, and that is logged
        assert "ValueError: this job fails" in err
        assert '"batchItemFailures": [\n    {' in out


def test_the_piped_example_runs_the_handler(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    [piped] = [argv for argv in commands() if "|" in argv and argv[argv.index("|") + 2] == "invoke"]
    pipe = piped.index("|")
    producer, consumer = piped[1:pipe], piped[pipe + 2 :]

    assert main(producer) == 0
    produced = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(produced))
    status = main(consumer)

    out, err = capsys.readouterr()
    assert status == 0
    assert UNKNOWN_QUEUE not in err
    assert out.strip() == '{\n  "batchItemFailures": []\n}'
