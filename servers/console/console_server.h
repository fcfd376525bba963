/**
 * @file console_server.h
 * @brief How the console's parts meet: the request handlers (stream_ops.c), keyboard and
 *        serial input (input.c), and the start (main.c).
 *
 * The console is one thread serving every request and every interrupt from one receive loop
 * (rpc_serve, the interrupts' notification bound to it), plus one helper thread that calls
 * the process manager for Ctrl-C, so that the console never waits on the process manager
 * (which calls the console, STREAM_CLOSE, as a process ends).
 */
#ifndef ORRERY_CONSOLE_SERVER_H
#define ORRERY_CONSOLE_SERVER_H

#include "line_discipline.h"
#include "rpc.h"

/** The console's requests (proto/stream.h, proto/console.h). */
extern const struct rpc_op console_ops[];
extern const unsigned console_op_count;

/** The input being edited and queued. */
extern struct line_discipline console_input;

/** An IRQ line the console serves: its bit in the bound notification, its handler's slot. */
struct console_irq {
    unsigned bits;
    int handler; /**< -1: not given */
};

/**
 * Get ready for input: the line discipline echoing to the output, the helper thread for
 * Ctrl-C (at @p priority), the IRQs of the serial port and keyboard (either may be absent).
 * @return 0, or the error that made the helper thread fail (Ctrl-C then only erases).
 */
int input_init(const struct console_irq *serial, const struct console_irq *keyboard, int priority);

/** The bound notification's @p bits: read the devices whose IRQs they name, answer readers. */
void input_notified(unsigned bits);

/** The process Ctrl-C interrupts (CONSOLE_SET_FOREGROUND; 0: none). */
void input_set_foreground(unsigned pid);

/**
 * A slot that stays this program's: the lowest empty one above START_SLOT_LAST, kept taken by
 * a copy of the service endpoint until the caller deletes it to put something there.
 * @return it, or an error.
 */
int console_reserve_slot(void);

#endif
