/*
 * ipc_reply_saved - a server keeps several callers waiting with reply_save and answers them
 * later, in any order, with reply; every way a saved reply can end.
 *
 * The main thread is the server; client threads of the same task call endpoint E.
 *   1. Three clients call; the server receives each call and saves its reply (three reply
 *      capabilities, OBJECT_REPLY, rights READ|WRITE|CONTROL: no GRANT). Ten ticks later
 *      all three still wait. It answers them in the order 2, 3, 1: each gets its own answer
 *      and each reply capability is used up (its slot is empty).
 *   2. Bad uses: reply_save with no reply owed is ERR_NOT_FOUND; reply through an endpoint
 *      is ERR_WRONG_TYPE, through an empty slot ERR_INVALID_CAP; a reply with a tag of 65
 *      words is ERR_INVALID and the capability stays, so a good reply through it works.
 *   3. Stale replies: a saved caller killed (its last capability deleted) or suspended:
 *      reply through the saved capability is ERR_DEAD and the capability stays until
 *      cap_delete (which gives back exactly the quota reply_save charged); the suspended
 *      caller, resumed, gets ERR_ABORTED from its call.
 *   4. Deleting a saved reply without replying: the caller gets ERR_ABORTED. A copy in the
 *      server's own cspace: cap_revoke of the original deletes the copy (1 deleted) and the
 *      caller still waits; a reply through a second copy answers it, and the original is
 *      stale (ERR_DEAD).
 *   5. A reply capability cannot leave the task: cap_copy into a child task and cap_mint
 *      adding RIGHT_GRANT are ERR_NO_RIGHTS, and so is sending it with a message.
 *   6. The server task dies: a child task (a copy of this program) receives a call from a
 *      client here, saves its reply, signals, and sleeps; destroying the child task aborts
 *      the client's call (ERR_ABORTED).
 *   7. The thread that saved a reply dies: the reply belongs to the task, and main answers
 *      through it. A full cspace that cannot grow (no quota for another page of slots):
 *      reply_save is ERR_QUOTA and the reply is still owed;
 *      with a slot freed, reply_save works.
 *   8. Faults: three threads fault on unmapped pages with E2 as fault handler; the server
 *      saves all three fault replies. It maps the first page and replies 0: that thread
 *      resumes and reads the page. It deletes the second's saved reply, and replies
 *      IPC_LABEL_FAULT_STOP through the third's: the kernel stops both threads
 *      (thread_resume: ERR_DEAD), printing an "orrery: user fault:" line for each.
 *
 * Expected: one "ipc_reply_saved: ..." line per step, then
 * "ipc_reply_saved: all saved-reply checks passed"; exit 0.
 */
#define TEST_NAME "ipc_reply_saved"
#include "abi/user_bootinfo.h"
#include "elf_spawn.h"
#include "thread_start.h"
#include "user_test.h"

#define WAIT_TICKS 1000
#define NOT_YET 1 /* no call returns 1 here: the thread has not returned yet */
#define LABEL_REQUEST 0x30
#define LABEL_ANSWER 0x31
#define CHILD_QUOTA (128 * 1024) /* a program, its stack, a slab or two, a kernel stack */
#define FILLER_SLOTS 1024 /* step 7's copies, at most: more than our space ever has */
#define CHILD_ENDPOINT 2
#define CHILD_NOTIFICATION 3
#define BUFFER 0x50000000u
#define FAULT_PAGE 0x61000000u
#define FAULT_PAGE_NEVER 0x62000000u
#define FAULT_PAGE_STOPPED 0x63000000u

struct client {
    unsigned request;
    volatile bool linger;    /* after the call, wait until main clears this */
    volatile int result;
    struct ipc_message reply;
    int thread;
};

static struct client clients[16];
static unsigned client_count;
static int endpoint;

static void do_call(void *arg)
{
    struct client *c = arg;
    c->result = sys_call(endpoint, IPC_TAG(LABEL_REQUEST, 1, 0), c->request, 0, 0, &c->reply);
    while (c->linger)
        sys_sleep(1);
}

static struct client *start_client(unsigned request)
{
    struct client *c = &clients[client_count++];
    c->request = request;
    c->result = NOT_YET;
    c->thread = expect_success("thread_start of a client", thread_start(do_call, c, PRIORITY_DEFAULT));
    sys_sleep(2); /* it calls before the next one starts */
    return c;
}

static int free_slot(void)
{
    for (int slot = 4; slot < CSPACE_SLOTS; slot++)
        if (sys_cap_identify(slot) == 0)
            return slot;
    test_fail("a free slot, expected one, seen none");
}

/* Receive the call with @request on E and save its reply. @return the reply's slot. */
static int receive_and_save(unsigned request)
{
    struct ipc_message m;
    expect_result("the server's recv", 0, sys_recv(endpoint, &m));
    if (m.tag != IPC_TAG(LABEL_REQUEST, 1, 0) || m.words[0] != request)
        test_fail("a request, expected tag 0x%x word %u, seen tag 0x%x word %u",
                  IPC_TAG(LABEL_REQUEST, 1, 0), request, m.tag, m.words[0]);
    return expect_success("reply_save", sys_reply_save());
}

static void expect_waiting(const struct client *c, const char *what)
{
    if (c->result != NOT_YET)
        test_fail("%s, expected still waiting, seen %s (%d)", what, error_name(c->result), c->result);
}

static void expect_answer(struct client *c, const char *what)
{
    test_wait_until(c->result != NOT_YET, WAIT_TICKS, what);
    expect_result(what, 0, c->result);
    if (c->reply.tag != IPC_TAG(LABEL_ANSWER, 1, 0) || c->reply.words[0] != c->request * 100)
        test_fail("%s: the reply, expected tag 0x%x word %u, seen tag 0x%x word %u", what,
                  IPC_TAG(LABEL_ANSWER, 1, 0), c->request * 100, c->reply.tag, c->reply.words[0]);
}

static void expect_aborted(struct client *c, const char *what)
{
    test_wait_until(c->result != NOT_YET, WAIT_TICKS, what);
    expect_result(what, ERR_ABORTED, c->result);
}

static int answer(int reply, const struct client *c)
{
    return sys_reply(reply, IPC_TAG(LABEL_ANSWER, 1, 0), c->request * 100, 0, 0);
}

static int quota_used(void) { return sys_debug_info(DEBUG_INFO_QUOTA_USED); }

static void answered_in_any_order(void)
{
    struct client *a = start_client(1), *b = start_client(2), *c = start_client(3);
    int ra = receive_and_save(1), rb = receive_and_save(2), rc = receive_and_save(3);
    expect_result("cap_identify of a saved reply", OBJECT_REPLY | REPLY_RIGHTS << 8,
                  sys_cap_identify(ra));
    sys_sleep(10);
    expect_waiting(a, "client 1 after its reply was saved");
    expect_waiting(b, "client 2 after its reply was saved");
    expect_waiting(c, "client 3 after its reply was saved");
    expect_result("reply to client 2", 0, answer(rb, b));
    expect_answer(b, "client 2's call");
    expect_waiting(a, "client 1 after client 2 was answered");
    expect_result("reply to client 3", 0, answer(rc, c));
    expect_answer(c, "client 3's call");
    expect_result("reply to client 1", 0, answer(ra, a));
    expect_answer(a, "client 1's call");
    for (int slot = ra; slot <= rc; slot++)
        expect_result("cap_identify of a used reply capability's slot", 0, sys_cap_identify(slot));
    test_print("three callers saved, answered in the order 2, 3, 1: each got its own answer");
}

static void bad_uses(void)
{
    expect_result("reply_save with no reply owed", ERR_NOT_FOUND, sys_reply_save());
    expect_result("reply through an endpoint", ERR_WRONG_TYPE, sys_reply(endpoint, 0, 0, 0, 0));
    expect_result("reply through an empty slot", ERR_INVALID_CAP, sys_reply(free_slot(), 0, 0, 0, 0));
    expect_result("reply through slot 64", ERR_INVALID_CAP, sys_reply(CSPACE_SLOTS, 0, 0, 0, 0));
    struct client *c = start_client(4);
    int r = receive_and_save(4);
    expect_result("reply with a tag of 65 words", ERR_INVALID,
                  sys_reply(r, IPC_TAG(LABEL_ANSWER, 65, 0), 0, 0, 0));
    expect_result("cap_identify of the reply after the bad reply", OBJECT_REPLY | REPLY_RIGHTS << 8,
                  sys_cap_identify(r));
    expect_waiting(c, "the caller after the bad reply");
    expect_result("a good reply after the bad one", 0, answer(r, c));
    expect_answer(c, "the call answered after a bad reply");
    test_print("no reply owed: ERR_NOT_FOUND; wrong slots refused; a bad tag left the reply usable");
}

static void stale_replies(void)
{
    struct client *killed = start_client(5);
    int before = quota_used();
    int r = receive_and_save(5);
    int charge = quota_used() - before;
    /* A reply object lives in this task's kmem pool: it costs a page when it needs a new
     * slab, nothing when a slab of its size class has room (kmem.h). */
    if (charge != 0 && charge != (int)PAGE_SIZE)
        test_fail("the quota reply_save charges, expected 0 or a page (a new slab), seen %d", charge);
    expect_result("cap_delete of the saved caller's thread", 0, sys_cap_delete(killed->thread));
    expect_result("reply to a killed caller", ERR_DEAD, answer(r, killed));
    expect_result("cap_identify of the stale reply", OBJECT_REPLY | REPLY_RIGHTS << 8, sys_cap_identify(r));
    int stale = quota_used();
    expect_result("cap_delete of the stale reply", 0, sys_cap_delete(r));
    expect_result("the quota cap_delete of a stale reply gave back", charge, stale - quota_used());

    struct client *suspended = start_client(6);
    r = receive_and_save(6);
    expect_result("thread_suspend of the saved caller", 0, sys_thread_suspend(suspended->thread));
    expect_result("reply to a suspended caller", ERR_DEAD, answer(r, suspended));
    expect_result("thread_resume of the suspended caller", 0, sys_thread_resume(suspended->thread));
    expect_aborted(suspended, "the resumed caller's call");
    expect_result("cap_delete of the stale reply", 0, sys_cap_delete(r));
    test_print("a killed or suspended caller: its saved reply is stale (ERR_DEAD), resumed: ERR_ABORTED");
}

static void deleted_and_revoked(void)
{
    struct client *dropped = start_client(7);
    int r = receive_and_save(7);
    expect_result("cap_delete of a saved reply", 0, sys_cap_delete(r));
    expect_aborted(dropped, "the call whose saved reply was deleted");

    struct client *c = start_client(8);
    r = receive_and_save(8);
    int copy = free_slot();
    expect_result("cap_copy of the reply in its own cspace", 0, sys_cap_copy(r, CAP_SELF_TASK, copy));
    expect_result("cap_revoke of the original reply", 1, sys_cap_revoke(r));
    expect_result("cap_identify of the revoked copy's slot", 0, sys_cap_identify(copy));
    sys_sleep(5);
    expect_waiting(c, "the caller after a revoke that left the original");
    expect_result("cap_copy of the reply again", 0, sys_cap_copy(r, CAP_SELF_TASK, copy));
    expect_result("reply through the copy", 0, answer(copy, c));
    expect_answer(c, "the call answered through a copy");
    expect_result("reply through the original after the copy answered", ERR_DEAD, answer(r, c));
    expect_result("cap_delete of the stale original", 0, sys_cap_delete(r));
    test_print("a deleted saved reply: ERR_ABORTED; revoke deleted the copy; a copy answered once");
}

static void cannot_leave_the_task(void)
{
    struct client *c = start_client(9);
    int r = receive_and_save(9);
    int child = expect_success("task_create", sys_task_create(CHILD_QUOTA, "reply_sink"));
    expect_result("cap_copy of a reply into another task", ERR_NO_RIGHTS, sys_cap_copy(r, child, 4));
    expect_result("cap_mint of a reply adding RIGHT_GRANT", ERR_NO_RIGHTS,
                  sys_cap_mint(r, CAP_SELF_TASK, free_slot(), RIGHTS_ALL, 0));
    expect_result("task_map_anon of an IPC buffer", 0, sys_task_map_anon(CAP_SELF_TASK, BUFFER, 1, MAP_WRITABLE));
    expect_result("thread_set_ipc_buffer", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, BUFFER));
    ((struct ipc_buffer *)BUFFER)->send_cap_slot = (unsigned)r;
    int sink = expect_success("endpoint_create", sys_endpoint_create());
    expect_result("nb_send of a reply capability with a message", ERR_NO_RIGHTS,
                  sys_nb_send(sink, IPC_TAG(LABEL_REQUEST, 0, 1), 0, 0, 0));
    expect_result("thread_set_ipc_buffer 0", 0, sys_thread_set_ipc_buffer(CAP_SELF_THREAD, 0));
    expect_result("cap_delete of the child task", 0, sys_cap_delete(child));
    expect_result("cap_delete of the sink endpoint", 0, sys_cap_delete(sink));
    expect_result("reply after the refused transfers", 0, answer(r, c));
    expect_answer(c, "the call answered after the refused transfers");
    test_print("a reply capability cannot be copied out, granted, or sent: ERR_NO_RIGHTS");
}

/* The child: serve one call on its slot 2, save the reply, signal its slot 3, sleep. */
static int child(void)
{
    struct ipc_message m;
    if (sys_recv(CHILD_ENDPOINT, &m) != 0 || sys_reply_save() < 0)
        return 1;
    sys_signal(CHILD_NOTIFICATION);
    for (;;)
        sys_sleep(SLEEP_MAX_TICKS);
}

static void server_task_dies(const struct user_boot_info *info)
{
    const struct user_boot_module *self = boot_module(info, TEST_NAME);
    if (!self)
        test_fail("boot module %s, expected it, seen none", TEST_NAME);
    int notification = expect_success("notification_create", sys_notification_create());
    int task, thread;
    struct client *c = start_client(10); /* waits in E's queue until the child receives */
    c->linger = true; /* its thread stays, so the quota can be compared */
    int before = quota_used();
    expect_result("elf_spawn_suspended of the child server", 0,
                  elf_spawn_suspended((const void *)self->address, self->size, "reply_child",
                                      CHILD_QUOTA, PRIORITY_DEFAULT, &task, &thread));
    expect_result("cap_copy of E to the child", 0, sys_cap_copy(endpoint, task, CHILD_ENDPOINT));
    expect_result("cap_copy of the notification to the child", 0,
                  sys_cap_copy(notification, task, CHILD_NOTIFICATION));
    expect_result("thread_resume of the child", 0, sys_thread_resume(thread));
    expect_result("wait for the child's signal (reply saved)", 1, sys_wait(notification));
    sys_sleep(5);
    expect_waiting(c, "the caller whose reply the child task saved");
    expect_result("cap_delete of the thread capability of the child", 0, sys_cap_delete(thread));
    expect_result("cap_delete of the child task", 0, sys_cap_delete(task));
    expect_aborted(c, "the call saved by a server task that died");
    expect_result("the quota back after the child task died", before, quota_used());
    c->linger = false;
    expect_result("cap_delete of the notification", 0, sys_cap_delete(notification));
    test_print("the server task died with a saved reply: its caller got ERR_ABORTED");
}

static volatile int saved_by_thread = -1;

/* Receive one call, save its reply for main, and sleep until killed. */
static void save_and_sleep(void *unused)
{
    (void)unused;
    struct ipc_message m;
    if (sys_recv(endpoint, &m) == 0)
        saved_by_thread = sys_reply_save();
    for (;;)
        sys_sleep(SLEEP_MAX_TICKS);
}

static void saver_dies_and_full_cspace(void)
{
    struct client *c = start_client(11);
    int saver = expect_success("thread_start of a saving server",
                               thread_start(save_and_sleep, NULL, PRIORITY_DEFAULT));
    test_wait_until(saved_by_thread != -1, WAIT_TICKS, "the server thread's reply_save");
    expect_success("the server thread's reply_save", saved_by_thread);
    expect_result("cap_delete of the server thread", 0, sys_cap_delete(saver));
    sys_sleep(5);
    expect_waiting(c, "the caller after the thread that saved its reply died");
    expect_result("reply by main through the dead thread's saved reply", 0, answer(saved_by_thread, c));
    expect_answer(c, "the call answered by another thread of the server task");

    c = start_client(12);
    struct ipc_message m;
    expect_result("the server's recv", 0, sys_recv(endpoint, &m));
    /* A full capability space that cannot grow: a child holds all the free quota but 100
     * bytes, less than a page of slots costs, and every slot the space has is filled. */
    int hoarder = expect_success("task_create of a child to hold the free quota",
                                 sys_task_create(2 * PAGE_SIZE, "hoarder"));
    int free_quota = sys_debug_info(DEBUG_INFO_QUOTA_LIMIT) - quota_used();
    expect_result("task_quota_give of all but 100 bytes", 0,
                  sys_task_quota_give(hoarder, (unsigned)(free_quota - 100)));
    /* (Not CSPACE_MAX_SLOTS of them: the child server of step 6 is this program, and its
     * quota pays for this array too. The space cannot grow, so it holds fewer.) */
    static int filled[FILLER_SLOTS];
    int slots = sys_task_info(CAP_SELF_TASK, TASK_INFO_CSPACE_SLOTS);
    if (slots >= FILLER_SLOTS)
        test_fail("our capability space, expected fewer than %d slots, seen %d", FILLER_SLOTS, slots);
    int count = 0, result = 0;
    for (int slot = 4; slot < CSPACE_MAX_SLOTS && count < FILLER_SLOTS && result != ERR_QUOTA; slot++)
        if (sys_cap_identify(slot) == 0 && (result = sys_cap_copy(endpoint, CAP_SELF_TASK, slot)) == 0)
            filled[count++] = slot;
    expect_result("cap_copy past the end of a space that cannot grow", ERR_QUOTA, result);
    expect_result("reply_save with a full cspace that cannot grow", ERR_QUOTA, sys_reply_save());
    expect_result("cap_delete of the hoarder", 0, sys_cap_delete(hoarder));
    expect_result("cap_delete of one filler", 0, sys_cap_delete(filled[--count]));
    int r = expect_success("reply_save with one free slot", sys_reply_save());
    while (count > 0)
        expect_result("cap_delete of a filler", 0, sys_cap_delete(filled[--count]));
    expect_result("reply after a full cspace", 0, answer(r, c));
    expect_answer(c, "the call saved after a full cspace");
    test_print("a dead saver's reply answered by another thread; a full cspace kept the reply owed");
}

static volatile unsigned read_back = NOT_YET;

static void fault_and_read(void *unused)
{
    (void)unused;
    read_back = *(volatile unsigned *)FAULT_PAGE; /* faults; resumed, reads the new page */
}

static void fault_for_ever(void *unused)
{
    (void)unused;
    *(volatile unsigned *)FAULT_PAGE_NEVER = 1;
    test_fail("the thread whose fault reply was deleted, expected stopped, seen it run on");
}

static void fault_and_be_stopped(void *unused)
{
    (void)unused;
    *(volatile unsigned *)FAULT_PAGE_STOPPED = 1;
    test_fail("the thread whose saved fault reply said stop, expected stopped, seen it run on");
}

/* Start a thread that faults, with @handler as its fault handler; receive its fault on
 * @handler and save the reply. */
static int fault_and_save(void (*fn)(void *), int handler, unsigned address, int *thread)
{
    *thread = expect_success("thread_new of a faulting thread", thread_new(fn, NULL, PRIORITY_DEFAULT));
    expect_result("thread_set_fault_handler", 0, sys_thread_set_fault_handler(*thread, handler));
    expect_result("thread_resume of the faulting thread", 0, sys_thread_resume(*thread));
    struct ipc_message m;
    expect_result("recv of a fault message", 0, sys_recv(handler, &m));
    /* No IPC buffer here: the three register words (address, eip, access) arrive. */
    if (m.tag != IPC_TAG(IPC_LABEL_FAULT, IPC_REGISTER_WORDS, 0) || m.words[0] != address)
        test_fail("a fault message, expected tag 0x%x address 0x%x, seen tag 0x%x address 0x%x",
                  IPC_TAG(IPC_LABEL_FAULT, IPC_REGISTER_WORDS, 0), address, m.tag, m.words[0]);
    return expect_success("reply_save of a fault", sys_reply_save());
}

static void fault_replies(void)
{
    int handler = expect_success("endpoint_create", sys_endpoint_create());
    int resumed, stopped, told_to_stop;
    int r1 = fault_and_save(fault_and_read, handler, FAULT_PAGE, &resumed);
    int r2 = fault_and_save(fault_for_ever, handler, FAULT_PAGE_NEVER, &stopped);
    int r3 = fault_and_save(fault_and_be_stopped, handler, FAULT_PAGE_STOPPED, &told_to_stop);
    sys_sleep(5);
    if (read_back != NOT_YET)
        test_fail("the faulting thread, expected waiting for its saved reply, seen it run on");
    expect_result("task_map_anon of the faulting page", 0, sys_task_map_anon(CAP_SELF_TASK, FAULT_PAGE, 1, MAP_WRITABLE));
    expect_result("reply 0 to the first fault", 0, sys_reply(r1, IPC_TAG(0, 0, 0), 0, 0, 0));
    test_wait_until(read_back != NOT_YET, WAIT_TICKS, "the resumed thread's read of the new page");
    expect_result("the word the resumed thread read", 0, (int)read_back);
    expect_result("cap_delete of the second fault's saved reply", 0, sys_cap_delete(r2));
    sys_sleep(2);
    expect_result("thread_resume of the thread whose fault reply was deleted", ERR_DEAD,
                  sys_thread_resume(stopped));
    expect_result("reply IPC_LABEL_FAULT_STOP to the third fault", 0,
                  sys_reply(r3, IPC_TAG(IPC_LABEL_FAULT_STOP, 0, 0), 0, 0, 0));
    sys_sleep(2);
    expect_result("thread_resume of the thread told to stop", ERR_DEAD, sys_thread_resume(told_to_stop));
    test_print("fault replies saved: one resumed by reply 0, one stopped when its reply was "
               "deleted, one by a stop reply");
}

int main(const struct user_boot_info *info)
{
    if (!info)
        return child();
    endpoint = expect_success("endpoint_create", sys_endpoint_create());
    answered_in_any_order();
    bad_uses();
    stale_replies();
    deleted_and_revoked();
    cannot_leave_the_task();
    server_task_dies(info);
    saver_dies_and_full_cspace();
    fault_replies();
    test_print("all saved-reply checks passed");
    return 0;
}
