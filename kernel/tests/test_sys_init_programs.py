"""init (servers/init) boots the servers of a boot manifest, in QEMU.

Each test writes a manifest of its own (the boot module must be called manifest, so the file
is tmp/manifest.txt) and boots init as the root task with it, the nameserver and the test
server kernel/tests/user/init_test_server.c, which checks what init gave it (start page,
capabilities, name-service rights, bootfs) and prints "init_test_server: NAME: ...".
init never stops on its own once the system is up: a good boot ends when the instruction
budget runs out; a broken manifest stops the machine with a test failure (debug_halt(1)).
"""

import re

import pytest

#: The test server of these manifests (kernel/tests/user/init_test_server.c).
TEST_SERVER = "init_test_server"

# Enough for init, two test servers and their checks, with room to spare.
UP_BUDGET = 600_000_000
HEADER = "# init test manifest\n"
NAMESERVER = "nameserver  nameserver        20  128K\n"
TWO_SERVERS = (HEADER + NAMESERVER +
               "tsa         init_test_server  10  256K  irq=5 io=0x70+2 irq=7 call=tsb call=bootfs\n"
               "tsb         init_test_server  9   256K\n")


def boot_init(boot, build, tmp_path, manifest_text, extra=(), **options):
    manifest = tmp_path / "manifest.txt"
    manifest.write_text(manifest_text)
    modules = [build / "servers" / "init.elf", manifest, build / "servers" / "nameserver.elf",
               build / "user-tests" / f"{TEST_SERVER}.elf", *extra]
    return boot("root=init", modules=modules, **options), manifest


def lines_of(result, prefix):
    return [line[len(prefix):] for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(prefix)]


def test_init_starts_the_servers_with_their_capabilities(boot, build, tmp_path):
    result, manifest = boot_init(boot, build, tmp_path, TWO_SERVERS, insn_budget=UP_BUDGET)
    assert result.outcome == "budget_exhausted", result.describe()
    assert "FAIL" not in result.serial and "orrery: user fault" not in result.serial, result.describe()
    assert result.panic is None
    tsa = lines_of(result, "init_test_server: tsa: ")
    tsb = lines_of(result, "init_test_server: tsb: ")
    # The start page and exactly the listed capabilities.
    assert "priority 10, 4 listed capabilities" in tsa, result.describe()
    irqs = dict(m.groups() for l in tsa
                if (m := re.fullmatch(r"irq (\d+): handler in slot \d+, notification in slot (\d+)", l)))
    assert set(irqs) == {"5", "7"}, tsa
    assert irqs["5"] == irqs["7"], "a server's IRQ lines all signal one notification (bit 1 << line)"
    assert any(re.fullmatch(r"io 0x70\+2 in slot \d+", l) for l in tsa), tsa
    assert "2 irq and 1 io capabilities, nothing else" in tsa
    assert "priority 9, 1 listed capabilities" in tsb
    assert "0 irq and 0 io capabilities, nothing else" in tsb
    # bootfs serves the boot modules by name (tsa has call=bootfs).
    size = len(manifest.read_bytes())
    assert f"bootfs: manifest is {size} bytes, its first line: {HEADER.strip()}" in tsa, tsa
    init_size = (build / "servers" / "init.elf").stat().st_size
    assert f"bootfs: file 0 is init, {init_size} bytes" in tsa, tsa
    # A lookup reaches the server with the caller's badge: tsa is line index 1.
    assert "tsb saw badge 0x101" in tsa, tsa
    assert "checks passed" in tsa and "checks passed" in tsb, result.describe()
    # In file order, each up (registered) before the next starts.
    serial = result.serial
    order = [serial.index(s) for s in ["init: nameserver is up", "nameserver: bootfs registered",
                                       "nameserver: tsa registered", "init: tsa is up",
                                       "init_test_server: tsb: priority", "init: tsb is up"]]
    assert order == sorted(order), result.describe()
    assert "init: the manifest has no run line: every server is up" in serial
    assert "init: boot done; serving bootfs" in serial


@pytest.mark.parametrize("line, words", [
    ("tsa init_test_server 10 256K irq=5 frobnicate", "unknown capability 'frobnicate'"),
    ("tsa init_test_server 99 256K", "bad number '99' for the priority"),
    ("tsa init_test_server 10 256K io=0x70", "bad number in 'io=0x70'"),
    ("tsa no_such_program 10 256K", "unknown program 'no_such_program'"),
    ("nameserver init_test_server 10 256K", "duplicate service 'nameserver' (first on line 2)"),
    ("tsa init_test_server 10 256K call=nobody", "call=nobody: unknown service"),
])
def test_a_broken_manifest_stops_the_boot_naming_the_line(boot, build, tmp_path, line, words):
    text = HEADER + NAMESERVER + "\n" + line + "\n"
    result, _ = boot_init(boot, build, tmp_path, text)
    assert result.outcome == "test_failure", result.describe()
    assert f"init: manifest line 4: {words}" in result.serial, result.describe()
    assert "nameserver: serving" not in result.serial, "nothing starts before the whole manifest is read"


def test_too_many_lines_stop_the_boot(boot, build, tmp_path):
    text = HEADER + NAMESERVER + "#\n" * 300
    result, _ = boot_init(boot, build, tmp_path, text)
    assert result.outcome == "test_failure", result.describe()
    assert "init: manifest line 257: too many lines (at most 256)" in result.serial, result.describe()


def test_no_manifest_module(boot, build):
    result = boot("root=init", modules=[build / "servers" / "init.elf", build / "servers" / "nameserver.elf"])
    assert result.outcome == "test_failure", result.describe()
    assert "init: no boot module called manifest" in result.serial


def test_a_server_that_never_registers_is_a_boot_error(boot, build, tmp_path):
    text = HEADER + NAMESERVER + "quiet hello 9 128K\ntsb init_test_server 9 256K\n"
    result, _ = boot_init(boot, build, tmp_path, text, extra=[build / "servers" / "hello.elf"])
    assert result.outcome == "test_failure", result.describe()
    assert re.search(r"init: manifest line 3: quiet \(program hello\) did not register with the name "
                     r"service within \d+ ticks", result.serial), result.describe()
    assert "init_test_server: tsb" not in result.serial, "init went on after a server that never came up"


def test_run_without_pm_says_so_and_the_servers_run_on(boot, build, tmp_path):
    text = TWO_SERVERS + "run init_test_server an argument\n"
    result, _ = boot_init(boot, build, tmp_path, text, insn_budget=UP_BUDGET)
    assert result.outcome == "budget_exhausted", result.describe()
    assert ("init: manifest line 5: cannot run init_test_server: no pm service (ERR_NOT_FOUND); "
            "the servers run on") in result.serial, result.describe()
    assert "init_test_server: tsa: checks passed" in result.serial


def test_the_system_manifest_boots(boot, build):
    """servers/init/manifest.txt with the servers the Makefile's SYSTEM_MODULES has."""
    from grading.harness.qemu import REPO
    modules = [build / "servers" / "init.elf", REPO / "servers" / "init" / "manifest.txt",
               *sorted(p for p in (build / "servers").glob("*.elf")
                       if p.stem not in ("init", "roottask", "hello")),
               *sorted((build / "bin").glob("*.elf"))]
    result = boot("root=init", modules=modules, insn_budget=UP_BUDGET)
    assert result.outcome == "budget_exhausted", result.describe()
    assert "init: boot done; serving bootfs" in result.serial, result.describe()
    assert "orrery: user fault" not in result.serial, result.describe()


def test_run_spawns_through_pm_with_three_console_connections(boot, build, tmp_path):
    """Stand-ins for console and pm (init_test_server under those names) see init's run line:
    PM_SPAWN with the program and its arguments, PM_GIVE of three STREAM_DUP connections into
    the standard stream slots, PM_START."""
    text = (HEADER + NAMESERVER +
            "console     init_test_server  10  256K\n"
            "pm          init_test_server  10  256K  call=console\n"
            "run         hello one two\n")
    result, _ = boot_init(boot, build, tmp_path, text, extra=[build / "servers" / "hello.elf"],
                          insn_budget=UP_BUDGET)
    assert result.outcome == "budget_exhausted", result.describe()
    pm = lines_of(result, "init_test_server: pm: ")
    assert "spawn: flags 0, argv: hello one two" in pm, result.describe()
    endpoint_write_grant = 3 | (2 | 8) << 8
    for n, slot in enumerate(range(5, 8), start=1):   # START_SLOT_STDIN..STDERR
        assert (f"give: pid 42 slot {slot}: cap {endpoint_write_grant:#x}, badge at the console "
                f"{0x20000000 | n:#x}") in pm, pm
    assert pm[-1] == "start: pid 42", pm
    assert "init: started hello as process 42" in result.serial
    assert "hello: hello from a user task" not in result.serial, "pm, not init, starts the program"
