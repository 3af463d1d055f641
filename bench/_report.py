"""What a suite returns, how it prints, and where it goes in docs/performance.md.

Each suite returns a :class:`Report`: a markdown body (tables and notes) and the targets it
checked. ``run.py --write-docs`` replaces the text between ``<!-- bench:<suite>:start -->`` and
``<!-- bench:<suite>:end -->`` in docs/performance.md with the body, the machine and the command.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Target:
    """A ratio that must stay at or under ``limit``."""

    name: str
    measured: float
    limit: float

    @property
    def met(self) -> bool:
        return self.measured <= self.limit

    def verdict(self) -> str:
        return "PASS" if self.met else "FAIL"


@dataclass
class Report:
    suite: str
    title: str
    body: str
    targets: list[Target] = field(default_factory=list)


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A markdown table; ``align`` holds one of ``l``/``r`` per column (default: left)."""
    rule = ["---:" if kind == "r" else "---" for kind in align.ljust(len(header), "l")]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def ratio(value: float) -> str:
    return f"{value:.2f}x" if value < 10 else f"{value:.1f}x"


def micros(nanoseconds: float) -> str:
    value = nanoseconds / 1000
    return f"{value:.2f} µs" if value < 100 else f"{value:,.0f} µs"


def millis(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def machine() -> str:
    """One line naming the machine, the interpreter and the compared package versions."""
    versions = []
    for package in ("lambda-universal-router", "aws-lambda-powertools"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    cpu = _cpu_model()
    return (
        f"{platform.system()} {platform.release()} ({platform.machine()}), "
        f"{cpu + ', ' if cpu else ''}{os.cpu_count()} CPUs; "
        f"{platform.python_implementation()} {platform.python_version()}; "
        f"{', '.join(versions)}; {datetime.now(timezone.utc):%Y-%m-%d}"
    )


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor()


def command() -> str:
    return " ".join(["python3 dev.py bench", *sys.argv[1:]])


def verdicts(targets: list[Target]) -> Report:
    """Every target of a full run with its verdict, for the top of docs/performance.md."""
    rows = [[t.name, ratio(t.measured), f"≤ {t.limit:g}x", t.verdict()] for t in targets]
    return Report("targets", "Targets", table(["Target", "Measured", "Limit", ""], rows, "lrrl"))


def section(report: Report) -> str:
    """The text that goes between a suite's markers in docs/performance.md."""
    return f"{report.body}\n\nMeasured on {machine()}, with `{command()}`."


def write_docs(path: Path, reports: list[Report]) -> None:
    """Replace each suite's marked section of ``path``; append a section for unmarked suites."""
    text = path.read_text(encoding="utf-8")
    for report in reports:
        start = f"<!-- bench:{report.suite}:start -->"
        end = f"<!-- bench:{report.suite}:end -->"
        block = f"{start}\n{section(report)}\n{end}"
        before, found, after = text.partition(start)
        if found and end in after:
            text = before + block + after.partition(end)[2]
        else:
            text = f"{text.rstrip()}\n\n## {report.title}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
