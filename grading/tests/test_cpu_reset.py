"""grading.harness.cpu_reset: QEMU's interrupt log turned into a triple-fault explanation."""

from grading.harness.cpu_reset import (explain_triple_fault, exception_name, last_fault_chain,
                                       triple_fault_logged)

#: The end of a real log (-d int,cpu_reset): a handled system call, then the fatal chain.
LOG = """\
check_exception old: 0xffffffff new 0xe
     4: v=0e e=0004 i=0 cpl=3 IP=001b:00400010 pc=00400010 SP=0023:bfffffe0 CR2=00400010
EAX=00000000 EBX=00000000 ECX=00000000 EDX=00000000
     5: v=80 e=0000 i=1 cpl=3 IP=001b:00400020 pc=00400020 SP=0023:bfffffe0 env->regs[R_EAX]=00000003
check_exception old: 0xffffffff new 0xe
     6: v=0e e=0000 i=0 cpl=0 IP=0008:c010aa9d pc=c010aa9d SP=0010:c0130f18 CR2=c010aa9d
EIP=c010aa9d EFL=00000006 [-----P-] CPL=0 II=0 A20=1 SMM=0 HLT=0
check_exception old: 0xe new 0xe
     7: v=08 e=0000 i=0 cpl=0 IP=0008:c010aa9d pc=c010aa9d SP=0010:c0130f18 env->regs[R_EAX]=01fe0000
check_exception old: 0x8 new 0xe
Triple fault
"""


def test_the_chain_is_the_last_fault_and_what_delivering_it_raised():
    chain = [d for d in last_fault_chain(LOG) if d.eip != -1]
    assert [(d.vector, d.eip, d.cr2) for d in chain] == [(14, 0xC010AA9D, 0xC010AA9D), (8, 0xC010AA9D, None)]
    assert triple_fault_logged(LOG) and not triple_fault_logged(LOG.replace("Triple fault", ""))


def test_the_explanation_names_phase_exception_address_and_chain(tmp_path):
    text = explain_triple_fault(LOG, tmp_path / "no-kernel.elf", "frames_ready")
    assert text.startswith("the CPU reset (triple fault) after boot phase frames_ready; the last "
                           f"exception was {exception_name(14)} (vector 14) at eip 0xc010aa9d"), text
    assert "address (cr2) 0xc010aa9d" in text and "the page was not present" in text, text
    assert f"delivering it raised {exception_name(8)}, and delivering that failed too" in text, text
    assert exception_name(14) == "#PF page fault"          # from kernel/exception.c's table


def test_no_exception_in_the_log_says_so():
    text = explain_triple_fault("", "kernel.elf", None)
    assert "before the trace's first boot phase" in text and "did not show the exception" in text
