"""IPC messages in a decoded trace: every message sent, paired with the receive that took it.

The kernel numbers each message when it is sent (ipc_new_message_id() in kernel/ipc.h; user
code never chooses the number) and writes that number, "msg", into the trace record of the
send and into that of the receive (events in kernel/trace_events.h):

    ipc_send         "thread" sent (send, nb_send or call) to "endpoint"
    fault_delivered  the kernel sent a fault message on behalf of the faulting "thread"
    ipc_reply        "thread" replied to "to_thread" (the caller receives the reply)
    ipc_recv         "thread" received message "msg" from "from_thread"

pair_messages() reads the records in trace order and returns a MessageLog: one Message per
number sent, with the ipc_recv that took it (or None), and the records that break the rules
(a receive must name a message sent before it; each number is sent once and received once).
The Perfetto export and `orrery-trace messages`, the Lab 3 grader and the kernel's IPC tests
all pair messages through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: The events that send a message -> the kind of message they send.
SEND_EVENTS = {"ipc_send": "send", "ipc_reply": "reply", "fault_delivered": "fault"}

#: The event that receives a message.
RECEIVE_EVENT = "ipc_recv"


@dataclass
class Message:
    """One message: the record that sent it and the ipc_recv that took it (None if none did)."""

    sent: dict
    received: Optional[dict] = None

    @property
    def msg(self) -> int:
        """The number the kernel gave the message."""
        return self.sent["msg"]

    @property
    def kind(self) -> str:
        """"send" (ipc_send: send, nb_send, call), "reply" (ipc_reply) or "fault" (fault_delivered)."""
        return SEND_EVENTS[self.sent["type"]]

    @property
    def sender(self) -> int:
        """The thread that sent it (for a fault message, the thread that faulted)."""
        return self.sent["thread"]

    @property
    def receiver(self) -> Optional[int]:
        """The thread that received it, or None if it was never received."""
        return None if self.received is None else self.received["thread"]


@dataclass
class MessageLog:
    """The messages of a trace, and the records that do not pair (see pair_messages).

    Attributes:
        messages: one Message per message number, in the order they were sent.
        unsent_receives: ipc_recv records naming a number no record sent before them.
        repeated_receives: ipc_recv records naming a number an earlier ipc_recv named already.
        repeated_sends: send records reusing the number of an earlier send (the Message keeps
            the first).
    """

    messages: list[Message] = field(default_factory=list)
    unsent_receives: list[dict] = field(default_factory=list)
    repeated_receives: list[dict] = field(default_factory=list)
    repeated_sends: list[dict] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Message]:
        """The messages of one kind ("send", "reply" or "fault"), in the order sent."""
        if kind not in SEND_EVENTS.values():
            raise ValueError(f"no message kind {kind!r}: the kinds are {sorted(SEND_EVENTS.values())}")
        return [m for m in self.messages if m.kind == kind]

    def unreceived(self) -> list[Message]:
        """The messages nobody received (the run stopped first, or the kernel aborted them)."""
        return [m for m in self.messages if m.received is None]

    def misattributed(self) -> list[Message]:
        """Received messages whose ipc_recv names a from_thread other than their sender."""
        return [m for m in self.messages
                if m.received is not None and m.received["from_thread"] != m.sender]


def pair_messages(records) -> MessageLog:
    """Pair every message sent with the ipc_recv that took it (the same "msg").

    *records* are decoded trace records (dicts with "type", and "msg" for the IPC events), in
    trace order; other records are skipped. A receive pairs with the message of its number
    sent before it; a receive with no such message goes to unsent_receives, and any receive
    of a number some earlier receive named already (even one that came before the send) goes
    to repeated_receives, so each number is received at most once.
    """
    log = MessageLog()
    by_number: dict[int, Message] = {}
    named_by_a_receive: set[int] = set()
    for record in records:
        kind = record["type"]
        if kind in SEND_EVENTS:
            if record["msg"] in by_number:
                log.repeated_sends.append(record)
            else:
                by_number[record["msg"]] = Message(record)
                log.messages.append(by_number[record["msg"]])
        elif kind == RECEIVE_EVENT:
            number = record["msg"]
            if number not in by_number:
                log.unsent_receives.append(record)
            elif number in named_by_a_receive:
                log.repeated_receives.append(record)
            else:
                by_number[number].received = record
            named_by_a_receive.add(number)
    return log
