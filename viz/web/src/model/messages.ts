/**
 * Messages, paired by the kernel's message number (msg) as viz/orrery_trace/messages.py does:
 * a send record (ipc_send, ipc_reply, fault_delivered) makes the message, the first ipc_recv
 * naming its number after it receives it; ipc_words and ipc_cap records add its words and the
 * capability that travelled with it.
 *
 * "call" or "send": an ipc_send is a call when the sender's system call (its last
 * syscall_entry) is `call`; where that is missing (a trace without syscall records), later
 * evidence upgrades the thread's last plain send to a call: it enters blocked_reply, or a
 * server saves a reply to it (reply_saved) or replies to it (ipc_reply). A reply is linked to
 * the call (or fault) it answers: the caller's last call or fault message.
 *
 * Notifications have no kernel number: each signal (notification_signal, or irq_delivered
 * in traces without it) is a message with a negative number (-1, -2, ... in trace order),
 * from the signalling thread (0: an interrupt) through the notification; the next
 * notification_recv on that notification receives every signal pending on it, and so does a
 * thread waiting on it (blocked_notify) that a thread_state record then wakes (the kernel
 * hands a waiter the bits at once, with no notification_recv).
 */
import type { Message, MessageKind } from "./types";

/** The label of a fault message (abi/message.h IPC_LABEL_FAULT). */
export const FAULT_LABEL = 0xffff;
/** The label a notification delivered through an endpoint receive carries (IPC_LABEL_NOTIFICATION). */
export const NOTIFICATION_LABEL = 0xfffe;
const TAG_LABEL_SHIFT = 16;
const TAG_LENGTH_MASK = 0x7f;
/** Words of a fault message (abi/message.h: address, eip, access, vector). */
const FAULT_WORDS = 4;
/**
 * The words of a message that has none yet: one shared, frozen array (most messages of a big
 * trace get their words from an ipc_words record; the rest need no array of their own).
 */
const NO_WORDS: number[] = Object.freeze([]) as unknown as number[];

export class MessageTracker {
  readonly messages: Message[] = [];
  readonly byMsg = new Map<number, Message>();
  readonly problems: { index: number; problem: string }[] = [];
  /** Each thread's last message sent (send, call or fault). */
  private readonly lastSent = new Map<number, Message>();
  /** Per notification, the signals not received yet. */
  private readonly pendingSignals = new Map<number, Message[]>();
  /** Numbers some receive named before any record sent them (a later receive is a repeat). */
  private readonly receivedUnsent = new Set<number>();
  private nextNotification = -1;

  /** A send record at `row`: kind "send" (or "call"), "reply" or "fault". */
  send(row: number, kind: MessageKind, from: number, msg: number, tag: number | undefined, where: { endpoint?: number; to?: number }): Message {
    // Every field in one literal: one object shape for all messages (fast property access).
    const message: Message = {
      msg,
      kind,
      from,
      to: undefined,
      endpoint: where.endpoint,
      sentAt: row,
      receivedAt: undefined,
      label: tag === undefined ? (kind === "fault" ? FAULT_LABEL : 0) : tag >>> TAG_LABEL_SHIFT,
      badge: 0,
      words: NO_WORDS,
      cap: undefined,
      tag,
      reply: undefined,
      replyTo: undefined,
    };
    if (this.byMsg.has(msg)) {
      this.problems.push({ index: row, problem: `msg ${msg} sent again (first sent at record ${this.byMsg.get(msg)!.sentAt})` });
      return message;
    }
    this.byMsg.set(msg, message);
    this.messages.push(message);
    if (kind === "reply") {
      if (where.to !== undefined) this.callEvidence(where.to);
      const call = where.to === undefined ? undefined : this.lastSent.get(where.to);
      if (call && (call.kind === "call" || call.kind === "fault") && call.reply === undefined) {
        call.reply = msg;
        message.replyTo = call.msg;
      }
    } else {
      this.lastSent.set(from, message);
    }
    return message;
  }

  /** ipc_recv at `row`: `thread` received msg (from `from`, with `badge`). */
  receive(row: number, thread: number, from: number, msg: number, badge: number): void {
    const message = this.byMsg.get(msg);
    if (!message) {
      this.problems.push({ index: row, problem: `thread ${thread} received msg ${msg}, which no record sent` });
      this.receivedUnsent.add(msg);
    } else if (message.receivedAt !== undefined || this.receivedUnsent.has(msg)) {
      this.problems.push({ index: row, problem: `msg ${msg} received again (first at record ${message.receivedAt})` });
    } else {
      message.to = thread;
      message.receivedAt = row;
      message.badge = badge;
      if (message.from !== from) {
        this.problems.push({ index: row, problem: `msg ${msg} was sent by thread ${message.from}, received as from thread ${from}` });
      }
    }
  }

  /** ipc_words: more words of message msg (cut to the length its tag gives). */
  words(msg: number, w0: number, w1: number, w2: number): void {
    const message = this.byMsg.get(msg);
    if (!message) return;
    if (message.words === NO_WORDS) message.words = [w0, w1, w2];
    else message.words.push(w0, w1, w2);
    const length = message.kind === "fault" ? FAULT_WORDS : message.tag === undefined ? Infinity : message.tag & TAG_LENGTH_MASK;
    if (message.words.length > length) message.words.length = length;
  }

  /** ipc_cap: a capability travelled with message msg and landed in task's slot. */
  cap(msg: number, task: number, slot: number, object: number): void {
    const message = this.byMsg.get(msg);
    if (message) message.cap = { task, slot, object };
  }

  /** Evidence that `thread` waits for a reply: its last plain send was a call. */
  callEvidence(thread: number): void {
    const last = this.lastSent.get(thread);
    if (last && last.kind === "send" && last.reply === undefined) last.kind = "call";
  }

  /** The last message `thread` sent (send, call or fault), if any. */
  lastSentBy(thread: number): Message | undefined {
    return this.lastSent.get(thread);
  }

  /** A signal of `notification` by `thread` (0: an interrupt) with `bits`. */
  signal(row: number, thread: number, notification: number, bits: number): Message {
    const message: Message = {
      msg: this.nextNotification--,
      kind: "notification",
      from: thread,
      to: undefined,
      endpoint: notification,
      sentAt: row,
      receivedAt: undefined,
      label: NOTIFICATION_LABEL,
      badge: 0,
      words: [bits],
      cap: undefined,
      tag: undefined,
      reply: undefined,
      replyTo: undefined,
    };
    this.byMsg.set(message.msg, message);
    this.messages.push(message);
    let pending = this.pendingSignals.get(notification);
    if (!pending) this.pendingSignals.set(notification, (pending = []));
    pending.push(message);
    return message;
  }

  /**
   * `thread` took the bits of `notification` (notification_recv, or a waiter woken by the
   * signal): every pending signal is received; `bits` (default: the pending signals' bits
   * together) is what it got.
   */
  notificationReceived(row: number, thread: number, notification: number, bits?: number): void {
    const pending = this.pendingSignals.get(notification);
    if (!pending || pending.length === 0) return;
    const got = bits ?? pending.reduce((all, m) => (all | m.words[0]) >>> 0, 0);
    for (const message of pending) {
      message.to = thread;
      message.receivedAt = row;
      message.badge = got;
    }
    pending.length = 0;
  }
}
