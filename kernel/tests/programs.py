"""What the tests of user programs share: boot kernel/tests/user/NAME.c as the root task,
judge its outcome, and read the lines it printed."""


def run_program(boot, build, name, **options):
    """Boot kernel/tests/user/NAME.c as the only module, as the root task."""
    return boot(f"root={name}", modules=[build / "user-tests" / f"{name}.elf"], **options)


def assert_passed(result, name):
    """The program halted with success, no panic, and printed no "NAME: FAIL" line."""
    assert result.outcome == "success", result.describe()
    assert result.panic is None
    assert f"{name}: FAIL" not in result.serial, result.describe()


def program_lines(result, name):
    """The lines the program printed, without its "NAME: " prefix."""
    prefix = f"{name}: "
    return [line[len(prefix):] for line in result.serial.replace("\r", "").splitlines()
            if line.startswith(prefix)]
