"""
test_security.py — ring 0 stays the kernel's (issue 7, docs/security.md).

Each attack that once worked is tried again, as root and as an ordinary user
(uid 1000): loading an LDT selector, loading the kernel's data segment, calling
through a call gate built in low user memory, and a sigreturn frame whose %fs
is the kernel's data segment (that one used to panic the kernel).  Each must
kill only the program, with a console line, and leave the shell and kernel
well.  Mappings below 64 KiB are refused for everyone; floating point and SSE
survive switches, forks, exec and signals for the user too.
"""

import re

from shell import run

ATTACKS = [  # fault mode, what the kernel's console line says
    ("ldt", r"general protection fault at eip 0x[0-9a-f]+: killed by signal 11"),
    ("kseg", r"general protection fault at eip 0x[0-9a-f]+: killed by signal 11"),
    ("callgate", r"general protection fault at eip 0x[0-9a-f]+: killed by signal 11"),
    ("sigreturn", r"bad segment selector in sigreturn frame: killed by signal 11"),
]


def check_attack(ctx, mode, report, as_user):
    prefix = "runas 1000 " if as_user else ""
    out = run(ctx, f"{prefix}fault {mode}; echo status $?", timeout=60)
    pattern = rf"fault\[\d+\]: {report}"
    assert re.search(pattern, out), f"no kernel report matching {pattern!r} in:\n{out}"
    assert "survived" not in out, f"the attack was not stopped:\n{out}"
    assert "status 139" in out, f"$? is not 139 (SIGSEGV):\n{out}"
    return out


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=120)


def test_ldt_selector_faults(ctx):
    check_attack(ctx, *ATTACKS[0], as_user=False)
    check_attack(ctx, *ATTACKS[0], as_user=True)


def test_kernel_data_segment_faults(ctx):
    check_attack(ctx, *ATTACKS[1], as_user=False)
    check_attack(ctx, *ATTACKS[1], as_user=True)


def test_call_gate_in_low_memory_fails(ctx):
    for as_user in (False, True):
        out = check_attack(ctx, *ATTACKS[2], as_user=as_user)
        assert "mmap at 0x1000: Operation not permitted" in out, \
            f"mapping page 0x1000 was not refused with EPERM:\n{out}"


def test_sigreturn_with_bad_selector_kills_only_the_program(ctx):
    check_attack(ctx, *ATTACKS[3], as_user=False)
    check_attack(ctx, *ATTACKS[3], as_user=True)


def test_nothing_maps_below_64k(ctx):
    for prefix in ("", "runas 1000 "):
        out = run(ctx, f"{prefix}usertests mmaplow", timeout=120)
        assert "test mmaplow: OK" in out and "ALL TESTS PASSED" in out, out


def test_fpu_and_sse_as_a_user(ctx):
    out = run(ctx, "runas 1000 usertests fpupingpong fpufork fpuexec fpusignal", timeout=300)
    assert "ALL TESTS PASSED" in out, f"floating point tests failed for uid 1000:\n{out}"


def test_kernel_and_shell_survive(ctx):
    out = run(ctx, "echo still here; fault all > /dev/null; echo all $?")
    assert out.startswith("still here"), f"the shell is not well:\n{out}"
    assert "all 0" in out, f"fault all saw a fault that was not punished:\n{out}"
