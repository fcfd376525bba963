"""Timeouts: counted in guest instructions by the kernel, with a wall-clock safety net."""


def test_spinning_kernel_is_stopped_by_its_instruction_budget(boot):
    result = boot("test=budget_spin", insn_budget=100_000_000, wall_timeout=60)
    assert result.outcome == "budget_exhausted", result.describe()
    assert "instruction budget of 100000000 exhausted" in result.serial


def test_hang_with_interrupts_off_hits_the_wall_clock_net(boot):
    result = boot("test=hang_interrupts_off", wall_timeout=3)
    assert result.outcome == "wall_timeout", result.describe()
    assert result.exit_status is None
    assert "ktest: running hang_interrupts_off" in result.serial


def test_unknown_test_lists_the_available_ones(boot):
    result = boot("test=no_such_test")
    assert result.outcome == "test_failure", result.describe()
    assert "no test called 'no_such_test'" in result.serial
    assert "  lab1_vm_map" in result.serial
