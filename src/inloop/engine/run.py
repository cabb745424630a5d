"""One execution of a process body against the journal of its case (engine-internal).

Each operation on ``case`` takes the next *position*; :meth:`CaseRun.enter` checks it against
the journal (same kind and name, else a non-determinism error) and returns the recorded entry if
there is one. Writes are buffered in ``pending`` and committed at checkpoints (:meth:`flush`).
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING

from inloop.engine.process import Process
from inloop.errors import ConcurrentCaseUse, NonDeterminismError, StorageError
from inloop.records import CaseRecord, CaseStatus, EntryKind, JournalEntry
from inloop.storage.changes import Changes, GuardFailed

if TYPE_CHECKING:
    from inloop.engine.engine import Engine


class Suspend(BaseException):
    """Unwinds a process body when its case parks. Not an ``Exception``: a process's
    ``except Exception`` does not swallow it."""


class RunAborted(BaseException):
    """Unwinds a process body when a checkpoint could not be committed (the lease was lost or
    the database failed); the case stays as last committed and runs again later."""


class CaseRun:
    """One execution of a process body against the journal of its case (engine-internal)."""

    def __init__(
        self,
        engine: Engine,
        process: Process,
        record: CaseRecord,
        journal: list[JournalEntry],
    ) -> None:
        self.engine = engine
        self.process = process
        self.record = record
        self.journal = journal
        self.position = 0
        # replay sees the stage as it was at each position, not the stage stored last
        self.stage = process.stages[0] if process.stages else None
        self.pending = self._new_changes()
        self.unflushed_steps = 0
        self.busy = False
        self.park_status: CaseStatus | None = None
        self.diverged: NonDeterminismError | None = None
        self.aborted: BaseException | None = None

    def _new_changes(self) -> Changes:
        return Changes(
            case_id=self.record.id, at=self.engine.clock.now(), lease_token=self.record.lease_token
        )

    async def flush(self) -> None:
        """Commit the buffered writes (a checkpoint)."""
        changes, self.pending = self.pending, self._new_changes()
        changes.at = self.engine.clock.now()
        try:
            await self.engine.store.apply(changes)
        except (GuardFailed, StorageError) as exc:
            self.aborted = exc
            raise RunAborted() from exc
        self.unflushed_steps = 0

    def enter(self, kind: EntryKind, name: str) -> tuple[int, JournalEntry | None]:
        if self.aborted is not None:
            raise RunAborted()
        if self.diverged is not None:
            raise self.diverged
        if self.park_status is not None:
            raise Suspend()
        if self.busy:
            raise ConcurrentCaseUse(
                "case operations must be awaited one at a time (no gather or tasks on a case)",
                case_id=self.record.id,
                position=self.position,
            )
        pos = self.position
        self.position += 1
        entry = self.journal[pos] if pos < len(self.journal) else None
        if entry is not None and (entry.kind != kind or entry.name != name):
            self.diverged = NonDeterminismError(
                f"case {self.record.id}: at position {pos} the process asked for "
                f"{kind.value} {name!r}, but the journal records {entry.kind.value} "
                f"{entry.name!r}; the process code changed under a running case",
                case_id=self.record.id,
                position=pos,
                expected={"kind": kind.value, "name": name},
                recorded={"kind": entry.kind.value, "name": entry.name},
                process=self.process.key,
            )
            raise self.diverged
        return pos, entry

    def park(self, status: CaseStatus) -> typing.NoReturn:
        self.park_status = status
        self.pending.status = status
        raise Suspend()

    def check_complete(self) -> None:
        """After the body returned: a journal longer than the replay is a divergence too."""
        if self.diverged is None and self.position < len(self.journal):
            entry = self.journal[self.position]
            self.diverged = NonDeterminismError(
                f"case {self.record.id}: the process finished at position {self.position}, but "
                f"the journal records {entry.kind.value} {entry.name!r} there",
                case_id=self.record.id,
                position=self.position,
                expected={"kind": "end", "name": ""},
                recorded={"kind": entry.kind.value, "name": entry.name},
                process=self.process.key,
            )
