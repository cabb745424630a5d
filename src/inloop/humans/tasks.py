"""The agent desk: staff claim, renew, release, reassign and complete agent tasks, and answer a
pending customer request on the customer's behalf.

- A claim is a lease: the holder keeps the task until ``lease_until``; a crashed browser does not
  keep it forever, since after that anyone of the task's queue may claim it.
- Every claim, release and reassignment is one conditional update of the task row that appends
  its case event (``task.claimed``, ``task.released``, ``task.reassigned``) in the same
  transaction: two agents racing for a task get exactly one winner, and the loser is told who
  holds it (:class:`~inloop.errors.TaskClaimed`).
- Who may do what is decided by :func:`inloop.humans.accounts.authorize`: agents act on the
  queues they belong to; supervisors and admins on every queue, and only they reassign.
- Completing a task and answering for the customer go through :meth:`Engine.complete_task` and
  :meth:`Engine.answer` with the actor ``agent:<user id>``; those are guarded writes, so an agent
  and a customer (or a deadline) acting at the same moment get exactly one winner.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from inloop.clock import to_text
from inloop.engine.engine import AnswerReceipt, Engine
from inloop.engine.handoff import assignment_notice
from inloop.errors import (
    AccessDenied,
    RequestNotFound,
    TaskClaimed,
    TaskClosed,
    TaskNotClaimed,
    TaskNotFound,
)
from inloop.humans.accounts import Action, Resource, authorize
from inloop.ids import new_id
from inloop.records import RequestStatus, TaskClaim, TaskRecord, TaskStatus, UserRecord
from inloop.storage import GuardFailed
from inloop.storage.changes import Changes, NewOutbox, TaskDue

DEFAULT_LEASE = timedelta(minutes=15)
MAX_LEASE = timedelta(hours=12)


def agent_actor(user: UserRecord) -> str:
    """The actor text of events written for a member of staff."""
    return f"agent:{user.id}"


class TaskDesk:
    """Agent work on the tasks of ``engine``'s store."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store

    def _now(self) -> datetime:
        return self.engine.clock.now()

    # -- checks -----------------------------------------------------------------------------

    async def get(self, task_id: str) -> TaskClaim:
        """The task with its claim, or :class:`TaskNotFound`."""
        found = await self.store.task_desk.get(task_id)
        if found is None:
            raise TaskNotFound(f"no task {task_id!r}", task_id=task_id)
        return found

    @staticmethod
    def _open(found: TaskClaim) -> None:
        task = found.task
        if task.status is not TaskStatus.OPEN:
            raise TaskClosed(
                f"task {task.id!r} is {task.status.value}"
                + (f" (by {task.completed_by})" if task.completed_by else ""),
                task_id=task.id,
                status=task.status.value,
                completed_by=task.completed_by,
            )

    @staticmethod
    def _require(user: UserRecord, action: Action, queue: str | None, what: str) -> None:
        if not authorize(user, action, Resource(queue=queue)):
            raise AccessDenied(
                f"you are not allowed to {what}"
                + (f" in queue {queue!r}" if queue is not None else ""),
                action=str(action),
                queue=queue,
            )

    @staticmethod
    def _lease(lease: timedelta) -> timedelta:
        if not timedelta(0) < lease <= MAX_LEASE:
            raise ValueError(f"a lease must be longer than 0 and at most {MAX_LEASE}")
        return lease

    async def _holder_name(self, user_id: str) -> str:
        holder = await self.store.users.get(user_id)
        return holder.name if holder is not None else user_id

    async def _claimed_error(self, found: TaskClaim, holder: str) -> TaskClaimed:
        name = await self._holder_name(holder)
        until = found.lease_until
        return TaskClaimed(
            f"task {found.task.id!r} is claimed by {name}"
            + (f" until {to_text(until)}" if until is not None else ""),
            task_id=found.task.id,
            assignee=holder,
            assignee_name=name,
            lease_until=to_text(until) if until is not None else None,
        )

    @staticmethod
    def _not_claimed(found: TaskClaim, user: UserRecord) -> TaskNotClaimed:
        return TaskNotClaimed(
            f"you hold no claim on task {found.task.id!r}; claim it first",
            task_id=found.task.id,
            assignee=found.assignee,
            user_id=user.id,
        )

    async def _refused(self, task_id: str, user: UserRecord) -> TaskClosed | TaskClaimed:
        """Why a conditional write found nothing to change (read after it)."""
        fresh = await self.get(task_id)
        self._open(fresh)
        holder = fresh.holder_at(self._now())
        if holder is None or holder == user.id:  # pragma: no cover - changed again meanwhile
            holder = fresh.assignee or "nobody"
        return await self._claimed_error(fresh, holder)

    # -- claims -----------------------------------------------------------------------------

    async def claim(
        self, task_id: str, user: UserRecord, lease: timedelta = DEFAULT_LEASE
    ) -> TaskClaim:
        """Claim an open task of one of the user's queues for ``lease``. A claim the user holds
        already is extended. Raises :class:`TaskClaimed` naming the holder when someone else
        holds a live claim, :class:`TaskClosed`, :class:`TaskNotFound` or
        :class:`AccessDenied`."""
        lease = self._lease(lease)
        found = await self.get(task_id)
        self._open(found)
        self._require(user, Action.TASK_WORK, found.task.queue, "work on this task")
        now = self._now()
        if found.held_by(user.id, now):
            renewed = await self.store.task_desk.renew(
                task_id, user_id=user.id, now=now, lease_until=now + lease
            )
            if renewed is not None:
                return renewed
        holder = found.holder_at(now)
        if holder is not None and holder != user.id:
            raise await self._claimed_error(found, holder)
        claimed = await self.store.task_desk.claim(
            task_id,
            user_id=user.id,
            actor=agent_actor(user),
            now=now,
            lease_until=now + lease,
        )
        if claimed is None:
            raise await self._refused(task_id, user)
        return claimed

    async def renew(
        self, task_id: str, user: UserRecord, lease: timedelta = DEFAULT_LEASE
    ) -> TaskClaim:
        """Extend the user's live claim by ``lease`` from now; :class:`TaskNotClaimed` when they
        hold none (a lease that ran out is not renewed: claim again)."""
        lease = self._lease(lease)
        found = await self.get(task_id)
        self._open(found)
        self._require(user, Action.TASK_WORK, found.task.queue, "work on this task")
        now = self._now()
        renewed = await self.store.task_desk.renew(
            task_id, user_id=user.id, now=now, lease_until=now + lease
        )
        if renewed is None:
            fresh = await self.get(task_id)
            self._open(fresh)
            raise self._not_claimed(fresh, user)
        return renewed

    async def release(self, task_id: str, user: UserRecord) -> TaskClaim:
        """Put the task back in its queue. Its holder may release it (also after the lease ran
        out); a supervisor or admin may release anyone's claim."""
        found = await self.get(task_id)
        self._open(found)
        queue = found.task.queue
        if found.assignee == user.id:
            holder: str | None = user.id
        elif authorize(user, Action.TASK_REASSIGN, Resource(queue=queue)):
            holder = None
        else:
            self._require(user, Action.TASK_WORK, queue, "work on this task")
            raise self._not_claimed(found, user)
        if found.assignee is None:
            raise self._not_claimed(found, user)
        released = await self.store.task_desk.release(
            task_id, holder=holder, actor=agent_actor(user), now=self._now()
        )
        if released is None:
            fresh = await self.get(task_id)
            self._open(fresh)
            raise self._not_claimed(fresh, user)
        return released

    async def reassign(
        self,
        task_id: str,
        to_user: UserRecord,
        *,
        by: UserRecord,
        lease: timedelta = DEFAULT_LEASE,
    ) -> TaskClaim:
        """Give the task to ``to_user`` (who must be allowed to work on its queue), whoever
        holds it now. Only supervisors and admins may reassign (:class:`AccessDenied`)."""
        lease = self._lease(lease)
        found = await self.get(task_id)
        queue = found.task.queue
        self._require(by, Action.TASK_REASSIGN, queue, "reassign tasks")
        self._open(found)
        if not authorize(to_user, Action.TASK_WORK, Resource(queue=queue)):
            raise AccessDenied(
                f"{to_user.name} may not work on tasks of queue {queue!r}",
                action=str(Action.TASK_WORK),
                queue=queue,
                user_id=to_user.id,
            )
        now = self._now()
        notify = None
        if to_user.id != by.id:  # the new holder learns of it by mail (through the outbox)
            notify = assignment_notice(
                case_id=found.task.case_id,
                task_id=task_id,
                queue=queue,
                reason=found.task.reason,
                due_at=found.due_at,
                user_id=to_user.id,
            )
        moved = await self.store.task_desk.reassign(
            task_id,
            to_user_id=to_user.id,
            actor=agent_actor(by),
            now=now,
            lease_until=now + lease,
            notify=notify,
        )
        if moved is None:
            self._open(await self.get(task_id))
            raise TaskClosed(  # pragma: no cover - the task was open a moment ago
                f"task {task_id!r} was closed meanwhile", task_id=task_id, status="unknown"
            )
        return moved

    async def ask_customer(self, task_id: str, message: str, user: UserRecord) -> None:
        """Send the customer ``message`` about the task (a mail through the outbox, with a link
        to the case) and wait for the reply: until the customer replies (``message.received``,
        or an answer to a request) the task's SLA clock stands still when its queue's policy
        says so (event ``task.waiting_on_customer``). Same permission as completing it."""
        found = await self.get(task_id)
        self._open(found)
        queue = found.task.queue
        if not authorize(user, Action.TASK_REASSIGN, Resource(queue=queue)):
            self._require(user, Action.TASK_WORK, queue, "work on this task")
            if not found.held_by(user.id, self._now()):
                raise self._not_claimed(found, user)
        text = message.strip()
        if not 0 < len(text) <= 5000:
            raise ValueError("the message to the customer must be 1 to 5000 characters")
        key = f"{task_id}:ask:{new_id('msg')}"
        ch = Changes(case_id=found.task.case_id, at=self._now())
        ch.task_due.append(TaskDue(id=task_id))  # guard: still open
        ch.outbox.append(
            NewOutbox(
                channel="customer",
                kind="notification",
                idempotency_key=key,
                payload={
                    "case_id": found.task.case_id,
                    "message": {"en": text},
                    "locale": None,
                    "data": {},
                },
            )
        )
        ch.event(
            "task.waiting_on_customer",
            agent_actor(user),
            task_id=task_id,
            queue=queue,
            idempotency_key=key,
        )
        try:
            await self.store.apply(ch)
        except GuardFailed:
            self._open(await self.get(task_id))
            raise

    async def mine(self, user: UserRecord) -> list[TaskClaim]:
        """The open tasks the user holds (including claims whose lease ran out)."""
        return await self.store.task_desk.assigned_to(user.id)

    # -- acting -----------------------------------------------------------------------------

    async def complete(self, task_id: str, outcome: Any, user: UserRecord) -> TaskRecord:
        """Complete the task with ``outcome``; the process resumes with it. The user must hold a
        live claim (:class:`TaskNotClaimed`), unless they are a supervisor or admin. Exactly one
        completion of a task wins; the others get :class:`TaskClosed`."""
        found = await self.get(task_id)
        self._open(found)
        queue = found.task.queue
        if not authorize(user, Action.TASK_REASSIGN, Resource(queue=queue)):
            self._require(user, Action.TASK_WORK, queue, "work on this task")
            if not found.held_by(user.id, self._now()):
                raise self._not_claimed(found, user)
        return await self.engine.complete_task(task_id, outcome, actor=agent_actor(user))

    async def answer_for_customer(
        self, request_id: str, data: Any, user: UserRecord
    ) -> AnswerReceipt:
        """Answer a pending customer request in the customer's place (recorded with the actor
        ``agent:<user id>``). Allowed to agents of the queue of the case's open task; when the
        case has none, to agents of the queues of its earlier tasks; when it never had one, to
        supervisors and admins. Exactly one of the agent and the customer
        wins; the loser gets :class:`~inloop.errors.RequestClosed` (or, for the same answer, the
        winner's receipt marked ``duplicate``). An invalid answer raises
        :class:`~inloop.errors.AnswerInvalid` before anything is written: unlike the customer's,
        it does not count towards the request's attempts."""
        req = await self.store.get_request(request_id)
        if req is None:
            raise RequestNotFound(f"no request {request_id!r}", request_id=request_id)
        task = await self.engine.open_task(req.case_id)
        if task is not None:
            self._require(user, Action.TASK_WORK, task.queue, "act on this case")
        else:
            # no open task: the agents of the queues that worked the case before, else only
            # supervisors and admins
            worked = frozenset(
                t.task.queue for t in await self.store.task_desk.for_case(req.case_id)
            )
            if not (worked and authorize(user, Action.TASK_WORK, Resource(queues=worked))):
                self._require(user, Action.QUEUE_VIEW_ALL, None, "act on a case without a task")
        if req.status is RequestStatus.OPEN:
            self.engine.validate_answer(req.kind, req.spec, data)
        return await self.engine.answer(
            request_id, data, case_id=req.case_id, actor=agent_actor(user)
        )
