"""The timer server (servers/timer) under load: kernel/tests/user/timer_service.c, booted as
the root task, starts it by hand (until init does) and checks bad requests, TIMER_UPTIME
against the kernel's ticks, and eight sleepers at once, the longest first, each woken on time
and in deadline order (timer_service.c says what exactly)."""

NAME = "timer_service"


def test_timer_sleepers_wake_on_time_in_order_and_bad_requests_are_refused(boot, build):
    result = boot(f"root={NAME}", modules=[build / "user-tests" / f"{NAME}.elf",
                                           build / "servers" / "timer.elf"])
    assert result.outcome == "success", result.describe()
    assert f"{NAME}: FAIL" not in result.serial, result.describe()
    for line in ("timer: serving (1000 ticks a second;",
                 f"{NAME}: bad requests answered ERR_INVALID",
                 f"{NAME}: 8 sleepers at once woke on time, in order",
                 f"{NAME}: all timer checks passed"):
        assert line in result.serial, result.describe()
