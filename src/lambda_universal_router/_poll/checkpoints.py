"""Where each shard stands, kept in ``--state-dir/checkpoints.json`` so a restart resumes there.

A shard's checkpoint is the sequence number of the last record whose batch was settled
(processed, or skipped after its retries); reading resumes after it. A shard is ``finished`` once
it is closed and read to its end, which lets its children start. The file is replaced atomically
(write, fsync, rename), so a crash leaves the previous or the next state, never half of one.
Without a state directory the checkpoints live in memory and a restart starts over. A state
directory is locked while a poller uses it, so a second poller on it is refused instead of
overwriting the first one's checkpoints.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

FILE = "checkpoints.json"
LOCK = "lock"
VERSION = 1


class CheckpointError(Exception):
    """The state directory's checkpoint file cannot be read; it names the file and the fix."""


class Checkpoints:
    """Per stream ARN: each shard's sequence number and whether it is finished; a start time."""

    def __init__(self, state_dir: str | Path | None) -> None:
        self.path = Path(state_dir) / FILE if state_dir is not None else None
        self._streams: dict[str, dict[str, Any]] = {}
        self._lock: IO[bytes] | None = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.path.parent)
            if self.path.exists():
                try:
                    self._streams = _read(self.path)
                except CheckpointError:
                    self.close()
                    raise

    def close(self) -> None:
        """Release the state directory (the system releases it too when the process ends)."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def sequence(self, stream: str, shard: str) -> str | None:
        """The last settled sequence number of ``shard``, or None before its first record."""
        value = self._shard(stream, shard).get("sequence")
        return value if isinstance(value, str) else None

    def finished(self, stream: str, shard: str) -> bool:
        return bool(self._shard(stream, shard).get("finished"))

    def is_new(self, stream: str) -> bool:
        """Whether nothing of ``stream`` is saved: this is its very first start."""
        return stream not in self._streams

    def started_at(self, stream: str) -> float | None:
        """When reading from ``LATEST`` first began on ``stream`` (epoch seconds), if it did."""
        value = self._streams.get(stream, {}).get("started_at")
        return float(value) if isinstance(value, (int, float)) else None

    def first_shards(self, stream: str) -> frozenset[str] | None:
        """The shards ``stream`` had when reading from ``LATEST`` first began, if that is known.

        Only these honour ``LATEST``: any other shard was created later, and is read whole.
        """
        value = self._streams.get(stream, {}).get("first_shards")
        return frozenset(value) if isinstance(value, list) else None

    def start(self, stream: str, at: float, shards: list[str]) -> None:
        """Save the first start's time and shards, once: a restart must not move them."""
        entry = self._streams.setdefault(stream, {})
        entry["started_at"], entry["first_shards"] = at, sorted(shards)
        self.save()

    def known(self, stream: str, shard: str) -> bool:
        """Whether ``shard`` was read here: it has a checkpoint or is finished."""
        return bool(self._shard(stream, shard))

    def advance(self, stream: str, shard: str, sequence: str) -> None:
        self._writable(stream, shard)["sequence"] = sequence
        self.save()

    def finish(self, stream: str, shard: str) -> None:
        self._writable(stream, shard)["finished"] = True
        self.save()

    def save(self) -> None:
        if self.path is None:
            return
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w", encoding="utf-8") as file:
            json.dump({"version": VERSION, "streams": self._streams}, file, indent=1)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)

    def _shard(self, stream: str, shard: str) -> dict[str, Any]:
        shards = self._streams.get(stream, {}).get("shards", {})
        found = shards.get(shard)
        return found if isinstance(found, dict) else {}

    def _writable(self, stream: str, shard: str) -> dict[str, Any]:
        shards: dict[str, Any] = self._streams.setdefault(stream, {}).setdefault("shards", {})
        entry: dict[str, Any] = shards.setdefault(shard, {})
        return entry


def _lock(directory: Path) -> IO[bytes] | None:
    """An exclusive lock on ``directory``, held while the returned file stays open."""
    try:
        import fcntl
    except ImportError:  # NOTE: Windows: no lock; one poller per state directory all the same
        return None
    file = (directory / LOCK).open("ab")
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        file.close()
        raise CheckpointError(
            f"{directory} is in use by another poller; a stream and its --state-dir are read "
            "by one poller at a time"
        ) from None
    return file


def _read(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CheckpointError(
            f"cannot read checkpoints from {path}: {error}; fix or remove the file "
            "(removing it restarts every stream from --starting-position)"
        ) from None
    if not isinstance(content, dict) or content.get("version") != VERSION:
        content = {}
    streams = content.get("streams")
    if not isinstance(streams, dict):
        raise CheckpointError(
            f"{path} is not a checkpoint file of this version ({VERSION}); "
            "remove it to restart every stream from --starting-position"
        )
    return streams
