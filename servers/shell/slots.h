/**
 * @file shell/slots.h
 * @brief Empty capability slots for the shell's own use (what it looks up, pipe ends, the
 *        copies it hands to its children).
 */
#ifndef ORRERY_SHELL_SLOTS_H
#define ORRERY_SHELL_SLOTS_H

/** The lowest empty slot above the fixed ones (start_info.h). @return it or ERR_NO_MEMORY. */
int shell_empty_slot(void);

#endif
