/**
 * @file dlist.h
 * @brief Doubly linked lists threaded through the objects themselves (intrusive lists).
 *
 * The kernel keeps many per-owner lists that must give up a member in O(1) wherever it
 * is: a task's threads, its quota children, the objects charged to it, the frame
 * capabilities mapping into it, the list of all tasks, a kmem pool's slabs. Each member
 * has a `next` and a `prev` field of its own (named for the list, since one object can be
 * on several); the list is a pointer to its first member. These two macros are the only
 * code that links and unlinks them, as BSD's <sys/queue.h> does for its lists.
 */
#ifndef ORRERY_DLIST_H
#define ORRERY_DLIST_H

/** Put @p node (on no list) first on the list whose first member is `*head`. */
#define DLIST_PUSH(head, node, next, prev)           \
    do {                                             \
        (node)->prev = NULL;                         \
        (node)->next = *(head);                      \
        if ((node)->next)                            \
            (node)->next->prev = (node);             \
        *(head) = (node);                            \
    } while (0)

/** Take @p node off the list whose first member is `*head`; its links are cleared. */
#define DLIST_REMOVE(head, node, next, prev)         \
    do {                                             \
        if ((node)->prev)                            \
            (node)->prev->next = (node)->next;       \
        else                                         \
            *(head) = (node)->next;                  \
        if ((node)->next)                            \
            (node)->next->prev = (node)->prev;       \
        (node)->next = (node)->prev = NULL;          \
    } while (0)

#endif
