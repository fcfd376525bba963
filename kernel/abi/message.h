/**
 * @file abi/message.h
 * @brief The IPC message format: tags, message registers, the per-thread IPC buffer.
 *
 * A message is a tag plus up to IPC_MAX_WORDS words. The tag holds a label (what the
 * message means, chosen by the program), the number of words, and whether a capability
 * travels with it. Words 0..2 travel in registers (EDX, ESI, EDI); words 3 and up, and the
 * capability, go through each thread's IPC buffer, a page of its own memory registered
 * with thread_set_ipc_buffer.
 *
 * send/call/reply_recv/nb_send: EBX = endpoint slot, ECX = tag, EDX/ESI/EDI = words 0..2.
 * recv/call/reply_recv/nb_recv return: EAX = 0 or an error, EBX = the sender's badge,
 * ECX = tag, EDX/ESI/EDI = words 0..2 (a reply to call has badge 0).
 */
#ifndef ORRERY_ABI_MESSAGE_H
#define ORRERY_ABI_MESSAGE_H

#define IPC_MAX_WORDS 64
#define IPC_REGISTER_WORDS 3

#define IPC_TAG_LENGTH_MASK 0x7Fu /**< bits 0..6: number of words */
#define IPC_TAG_CAP 0x80u         /**< bit 7: a capability travels with the message */
#define IPC_TAG_LABEL_SHIFT 16    /**< bits 16..31: the label */

/** Build a tag. */
#define IPC_TAG(label, length, cap) \
    (((unsigned)(label) << IPC_TAG_LABEL_SHIFT) | ((cap) ? IPC_TAG_CAP : 0u) | ((unsigned)(length) & IPC_TAG_LENGTH_MASK))
#define IPC_TAG_LABEL(tag) ((unsigned)(tag) >> IPC_TAG_LABEL_SHIFT)
#define IPC_TAG_LENGTH(tag) ((unsigned)(tag) & IPC_TAG_LENGTH_MASK)
#define IPC_TAG_HAS_CAP(tag) (((unsigned)(tag) & IPC_TAG_CAP) != 0)

/**
 * A thread's IPC buffer (one page, page-aligned, in its own task).
 * words[i] holds message word i for i >= IPC_REGISTER_WORDS (and the kernel fills
 * words[0..2] too on receive, as a convenience).
 */
struct ipc_buffer {
    unsigned int words[IPC_MAX_WORDS];
    unsigned int send_cap_slot;    /**< sender: the slot of the capability to send */
    unsigned int receive_cap_slot; /**< receiver: an empty slot for an incoming capability */
    unsigned int received_cap;     /**< after receive: 1 if a capability arrived in receive_cap_slot */
};

/** The label of the message a fault sends to the thread's fault handler. */
#define IPC_LABEL_FAULT 0xFFFFu
/* A fault message's words: 0 = faulting address (CR2 for page faults), 1 = eip,
 * 2 = access: FAULT_ACCESS_* bits, 3 = exception vector. */
#define FAULT_ACCESS_WRITE 0x2   /**< a write (clear: a read) */
#define FAULT_ACCESS_USER 0x4    /**< from user mode (always, in a fault message) */
#define FAULT_ACCESS_PRESENT 0x1 /**< the page was present: a protection violation */
/** Reply label to a fault message that stops the faulting thread (0 resumes it). */
#define IPC_LABEL_FAULT_STOP 1

/*
 * Bound notifications (thread_bind_notification): a receive on an endpoint by a thread with
 * a bound notification may return the notification's bits instead of a message. Then EAX =
 * IPC_RECEIVED_NOTIFICATION (a message gives 0: no sender can forge this), EBX = the bits
 * (taken and cleared, as wait() takes them), ECX = IPC_TAG(IPC_LABEL_NOTIFICATION, 0, 0).
 */
#define IPC_RECEIVED_NOTIFICATION 1
/** The label of the tag a receive returns with a bound notification's bits. */
#define IPC_LABEL_NOTIFICATION 0xFFFEu

#endif
