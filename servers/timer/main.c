/*
 * main.c - the timer server (servers/timer): TIMER_SLEEP and TIMER_UPTIME (proto/timer.h).
 *
 * A sleep is a deferred reply: the caller's reply is saved (rpc_defer) in the sorted list of
 * sleepers and answered when the alarm helper (alarm.h) signals the notification bound to
 * this thread that its tick has come. Many callers sleep at once; the helper only ever
 * waits for the earliest.
 */
#include "alarm.h"
#include "program.h"
#include "proto/nameserver.h"
#include "proto/timer.h"
#include "sleepers.h"
#include "stdio.h"

#define MS_PER_SECOND 1000u

static struct sleepers sleepers;
static bool alarm_for_first; /* the alarm is set for the first sleeper's tick */
static uint32_t alarm_tick;

/* Set the alarm for the earliest sleeper, unless it is set for that tick already. */
static void set_alarm(void)
{
    uint32_t first;
    if (!sleepers_next(&sleepers, &first)) {
        alarm_cancel();
        alarm_for_first = false;
        return;
    }
    if (alarm_for_first && alarm_tick == first)
        return;
    alarm_tick = first;
    alarm_for_first = true;
    alarm_set(first);
}

/* The alarm went off (or an earlier one, or a late signal): wake everyone whose tick came. */
static void wake_due(unsigned bits)
{
    (void)bits;
    int reply;
    uint32_t now = alarm_now();
    while (sleepers_take_due(&sleepers, now, &reply))
        rpc_reply_later(reply, 0, 0, 0);
    alarm_for_first = false;
    set_alarm();
}

static int timer_sleep(struct rpc_request *request, struct rpc_response *response)
{
    (void)response;
    unsigned ms = request->words[0];
    if (ms > TIMER_SLEEP_MAX_MS)
        return ERR_INVALID;
    if (ms == 0)
        return 0;
    /* Round up to whole ticks, and one more: the current tick is partly over. */
    uint32_t ticks = (uint32_t)(((uint64_t)ms * TIMER_HZ + MS_PER_SECOND - 1) / MS_PER_SECOND) + 1;
    int reply = rpc_defer();
    if (reply < 0)
        return reply;
    if (!sleepers_add(&sleepers, alarm_now() + ticks, reply)) {
        rpc_reply_later(reply, ERR_NO_MEMORY, 0, 0);
        return RPC_DEFERRED;
    }
    set_alarm();
    return RPC_DEFERRED;
}

static int timer_uptime(struct rpc_request *request, struct rpc_response *response)
{
    (void)request;
    uint32_t now = alarm_now();
    response->length = 1;
    response->words[0] = now / TIMER_HZ;
    return (int)((uint64_t)now * MS_PER_SECOND / TIMER_HZ & 0x7FFFFFFFu);
}

static const struct rpc_op timer_ops[] = {
    { TIMER_SLEEP, 1, 1, false, timer_sleep, "TIMER_SLEEP" },
    { TIMER_UPTIME, 0, 0, false, timer_uptime, "TIMER_UPTIME" },
};

static void register_name(const char *name)
{
    if (sys_cap_identify(START_SLOT_NS) == 0)
        return; /* no name service: started by a test */
    unsigned words[NS_NAME_WORDS];
    rpc_pack_string(words, NS_NAME_WORDS, name);
    int result = rpc_call_long(START_SLOT_NS, NS_REGISTER, words, NS_NAME_WORDS, START_SLOT_SERVICE,
                               -1, NULL, 0, NULL);
    if (result < 0)
        printf("timer: cannot register as %s: %s\n", name, error_name(result));
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const struct start_info *info = start_info();
    int priority = sys_thread_info(CAP_SELF_THREAD, THREAD_INFO_PRIORITY); /* the helper's too */
    if (priority < 0)
        priority = PRIORITY_MIN;
    sleepers_init(&sleepers);
    int expired = sys_notification_create();
    if (expired < 0 || sys_thread_bind_notification(CAP_SELF_THREAD, expired) < 0) {
        printf("timer: no notification for the alarm (%s)\n", error_name(expired));
        return 1;
    }
    int error = alarm_init(expired, priority);
    if (error < 0) {
        printf("timer: no alarm thread (%s)\n", error_name(error));
        return 1;
    }
    register_name(info->magic == START_INFO_MAGIC && info->name[0] ? info->name : "timer");
    printf("timer: serving (%u ticks a second; quota: %d of %d bytes used)\n", TIMER_HZ,
           sys_debug_info(DEBUG_INFO_QUOTA_USED), sys_debug_info(DEBUG_INFO_QUOTA_LIMIT));

    static struct rpc_server server;
    server.name = "timer";
    server.endpoint = START_SLOT_SERVICE;
    server.ops = timer_ops;
    server.op_count = sizeof timer_ops / sizeof timer_ops[0];
    server.notified = wake_due;
    server.cap_slot = 0;
    rpc_serve(&server);
}
