"""inloop: Customer-in-the-Loop automation.

Durable service processes in which the end customer takes part: the process asks, the customer
answers through a secure link, agents step in when judgement is needed, and every interaction is
recorded as structured events.
"""

from inloop._version import __version__
from inloop.clock import Clock, SystemClock
from inloop.config import Settings
from inloop.engine.case import Case
from inloop.engine.engine import AnswerReceipt, Engine
from inloop.engine.process import App, Process, Stage
from inloop.engine.waits import (
    Cancel,
    Choice,
    Confirmation,
    Escalate,
    Option,
    Raise,
    Review,
    Upload,
    UploadedFile,
    UseDefault,
)
from inloop.engine.worker import Worker
from inloop.errors import InloopError
from inloop.humans.queues import Escalated, Escalation, Queue
from inloop.humans.sla import BusinessHours, SLAPolicy
from inloop.records import (
    CaseRecord,
    CaseStatus,
    Customer,
    EventRecord,
    RequestKind,
    RequestRecord,
    RequestStatus,
    TaskRecord,
    TaskStatus,
)

__all__ = [
    "AnswerReceipt",
    "App",
    "BusinessHours",
    "Cancel",
    "Case",
    "CaseRecord",
    "CaseStatus",
    "Choice",
    "Clock",
    "Confirmation",
    "Customer",
    "Engine",
    "Escalate",
    "Escalated",
    "Escalation",
    "EventRecord",
    "InloopError",
    "Option",
    "Process",
    "Queue",
    "Raise",
    "RequestKind",
    "RequestRecord",
    "RequestStatus",
    "Review",
    "SLAPolicy",
    "Settings",
    "Stage",
    "SystemClock",
    "TaskRecord",
    "TaskStatus",
    "Upload",
    "UploadedFile",
    "UseDefault",
    "Worker",
    "__version__",
]
