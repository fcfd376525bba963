"""What Lab 3's test programs must print, for a given run's seed (Pintos keeps its expected
outputs beside the grader the same way).

The grader puts ``test_seed=0x...`` on the kernel command line, a fresh random number for
every run (kernel/tests/user/test_seed.h). The sending side of each program makes its words
from the seed; the receiving side prints the words it got. Only a working send and receive
can carry them over, so these lines, kept here and not in the guest, are the evidence that
the IPC happened: a kernel that stops the machine with the success status before the
program is done, or delivers stale registers, does not print them.

Each ``*_lines(seed)`` function lists a program's lines in order, without the program's
``NAME: `` prefix. kernel/tests/test_ipc_programs.py checks the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

TEST_SEED_HEADER = Path(__file__).resolve().parents[2] / "kernel" / "tests" / "user" / "test_seed.h"


def _header_constant(name: str) -> int:
    """A #define of test_seed.h, read from the header itself (never a copy typed in again)."""
    match = re.search(rf"^#define {name} (0x[0-9A-Fa-f]+|\d+)u?\b", TEST_SEED_HEADER.read_text(), re.MULTILINE)
    if not match:
        raise RuntimeError(f"{TEST_SEED_HEADER} does not define {name}")
    return int(match.group(1), 0)


MASK = 0xFFFFFFFF
TEST_SEED_DEFAULT = _header_constant("TEST_SEED_DEFAULT")  # the seed without test_seed= given
DIGEST_START = _header_constant("TEST_DIGEST_START")      # test_digest_add(): FNV-1a, whole words
DIGEST_PRIME = _header_constant("TEST_DIGEST_PRIME")
WORDS_PER_LINE = 8     # kernel/tests/user/ipc_long_message.c prints its words 8 a line
IPC_MAX_WORDS = 64     # kernel/abi/ipc.h


def seed_word(seed: int, index: int) -> int:
    """test_seed_word() of kernel/tests/user/test_seed.h: MurmurHash3's finalizer."""
    x = (seed + index * 0x9E3779B9) & MASK
    x ^= x >> 16
    x = (x * 0x85EBCA6B) & MASK
    x ^= x >> 13
    x = (x * 0xC2B2AE35) & MASK
    x ^= x >> 16
    return x


def seed_words(seed: int, first: int, count: int) -> list[int]:
    """Words first .. first + count - 1 of a run."""
    return [seed_word(seed, first + i) for i in range(count)]


def _word_lines(which: str, words: list[int]) -> list[str]:
    return [f"{which} words {first}-{first + WORDS_PER_LINE - 1}: "
            + " ".join(f"{w:08x}" for w in words[first:first + WORDS_PER_LINE])
            for first in range(0, len(words), WORDS_PER_LINE)]


def long_message_lines(seed: int) -> list[str]:
    """ipc_long_message: the request and the reply word by word, then one line per step."""
    bare = seed_words(seed, 128, 3)
    return (_word_lines("request", seed_words(seed, 0, IPC_MAX_WORDS))
            + _word_lines("reply", seed_words(seed, 64, IPC_MAX_WORDS))
            + ["64 words each way through the IPC buffers",
               "lengths 65 and 127: ERR_INVALID from call, send and nb_send",
               "a receiver without a buffer got tag length 3 and the register words "
               + " ".join(f"{w:08x}" for w in bare),
               "a sender without a buffer: 4 words are ERR_INVALID",
               "all long-message checks passed"])


def endpoint_deleted_lines(seed: int) -> list[str]:
    """ipc_endpoint_deleted: one line per step, with the words of steps 3, 4 and 6."""
    reply_after_delete, next_message, second_reply = seed_words(seed, 1, 3)
    return ["deleting endpoints woke 2 receivers, a sender and a caller: ERR_ABORTED",
            "the caller of a killed server: ERR_ABORTED",
            "deleting the endpoint left a caller awaiting its reply alone; the reply came: "
            f"{reply_after_delete:08x}",
            "a reply to a killed caller was dropped; the server received the next message: "
            f"{next_message:08x}",
            "killed waiters left the queues: nb_send and nb_recv found nobody",
            "a second recv dropped the first caller's reply: ERR_ABORTED; the second got its "
            f"reply: {second_reply:08x}",
            "all waiters woke as they should"]


def digest(words) -> int:
    """test_digest_add() of kernel/tests/user/test_seed.h over *words*, from its start."""
    d = DIGEST_START
    for w in words:
        d = ((d ^ w) * DIGEST_PRIME) & MASK
    return d


PINGPONG_ROUNDS = 1000      # kernel/tests/user/ipc_pingpong.c
PINGPONG_BADGE = 0x1234


def pingpong_lines(seed: int) -> list[str]:
    """ipc_pingpong: the digests of the requests the server got and the replies the root got."""
    requests = seed_words(seed, 0, 3 * PINGPONG_ROUNDS)
    replies = [(w + 1) & MASK for w in requests]
    return [f"server task started; {PINGPONG_ROUNDS} calls follow",
            f"server: {PINGPONG_ROUNDS} requests, all with badge {PINGPONG_BADGE:#x}, "
            f"digest {digest(requests):08x}",
            f"{PINGPONG_ROUNDS} round trips, every reply was the request plus one, "
            f"digest {digest(replies):08x}"]


CLIENTS, CALLS = 3, 5       # kernel/tests/user/ipc_many_clients.c


def many_clients_lines(seed: int) -> list[str]:
    """ipc_many_clients: per client, the digest of the seed words the server got from it."""
    return (["first three messages from clients 0 1 2 (the order they blocked)"]
            + [f"server: client {c} (badge {c + 1}): {CALLS} messages, "
               f"digest {digest(seed_words(seed, CALLS * c, CALLS)):08x}" for c in range(CLIENTS)]
            + [f"{CLIENTS * CALLS} messages, badges matched their clients, each client in order"])


def nonblocking_lines(seed: int) -> list[str]:
    """ipc_nonblocking: the four words received, a line per step."""
    w = seed_words(seed, 0, 4)
    return ["nb_send with nobody waiting: ERR_WOULD_BLOCK, no sender left behind; "
            f"the receiver got {w[0]:08x}",
            "nb_recv with nobody waiting: ERR_WOULD_BLOCK, no receiver left behind; "
            f"recv got {w[1]:08x}",
            f"nb_send to a waiting receiver: delivered; the receiver got {w[2]:08x}",
            f"nb_recv from a waiting sender: taken; nb_recv got {w[3]:08x}",
            "nb_send and nb_recv never waited and left the queues alone"]


PLAIN_SENDS = 3             # kernel/tests/user/ipc_plain_send.c


def plain_send_lines(seed: int) -> list[str]:
    """ipc_plain_send: the words received from waiting senders, then from a late one."""
    w = seed_words(seed, 0, PLAIN_SENDS + 1)
    return ([f"received {word:08x} from a waiting sender" for word in w[:PLAIN_SENDS]]
            + [f"received {w[PLAIN_SENDS]:08x} from a sender that found the receiver waiting",
               "every plain sender returned once its message was taken"])
