"""
test_user_faults.py — a user program that does something forbidden is killed with a
message on the console, and the shell (and the kernel) carry on (issue 3).

`fault MODE` (user/bin/fault.c) crashes on purpose; the kernel names the exception,
the program and the signal, the shell reports the death as 128 + signal in $?.
"""

import re

PROMPT = "# "

CASES = [  # mode, exception named by the kernel, signal, $?
    ("null", "page fault", 11, 139),
    ("kernel", "page fault", 11, 139),
    ("priv", "general protection fault", 11, 139),
    ("div", "divide error", 8, 136),
    ("ud", "invalid opcode", 4, 132),
    ("stack", "page fault", 11, 139),
]


def check_fault(ctx, mode, exception, signal, status):
    out = ctx.machine.command(f"fault {mode}; echo status $?", prompt=PROMPT, timeout=60)
    pattern = rf"fault\[\d+\]: {exception} at eip 0x[0-9a-f]+.*killed by signal {signal}"
    assert re.search(pattern, out), f"no kernel report matching {pattern!r} in:\n{out}"
    assert f"status {status}" in out, f"$? is not {status}:\n{out}"


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=120, prompt=PROMPT)


def test_null_dereference(ctx):
    check_fault(ctx, *CASES[0])


def test_write_to_kernel_memory(ctx):
    check_fault(ctx, *CASES[1])


def test_privileged_instruction(ctx):
    check_fault(ctx, *CASES[2])


def test_divide_by_zero(ctx):
    check_fault(ctx, *CASES[3])


def test_invalid_opcode(ctx):
    check_fault(ctx, *CASES[4])


def test_endless_recursion(ctx):
    check_fault(ctx, *CASES[5])


def test_shell_and_kernel_survive(ctx):
    out = ctx.machine.command("echo still here; ps | grep -c sh", prompt=PROMPT)
    assert out.startswith("still here"), f"the shell is not well:\n{out}"
