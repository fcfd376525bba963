"""The name service (servers/nameserver) against its protocol (servers/lib/proto/nameserver.h):
kernel/tests/user/nameserver_protocol.c boots as the root task, starts the nameserver module as
init would and plays init and every client (see that file for the checks)."""

from kernel.tests.programs import assert_passed, program_lines

NAME = "nameserver_protocol"


def test_nameserver_protocol(boot, build):
    result = boot(f"root={NAME}", modules=[build / "user-tests" / f"{NAME}.elf",
                                           build / "servers" / "nameserver.elf"])
    assert_passed(result, NAME)
    lines = program_lines(result, NAME)
    for step in ["bad requests: each refused with its error",
                 "rights: own names only; lookups need the may_call bit",
                 "lookups: an endpoint with the caller's badge",
                 "registering again replaces; withdraw removes",
                 "listed alpha", "listed beta", "all checks passed"]:
        assert step in lines, result.describe()
    assert "nameserver: alpha registered again (new lookups reach the new one)" in result.serial
    assert "orrery: user fault" not in result.serial, result.describe()

