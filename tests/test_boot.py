"""
test_boot.py — a normal boot: banner, memory report, the monitor and its basic commands,
and a clean halt (DESIGN.md section 3).

All tests share the file's one VM, in the order written: each picks up the console
where the previous one left it, and the last one halts the machine.
"""

import re
import time

import harness

ISO = "monitor"  # this file tests the kernel and its monitor, not user space

BANNER = r"^Corral 0\.1 \(i386\)"
MM_LINE = r"^mm: (\d+) pages free \((\d+) KiB\) of (\d+) KiB RAM"
MONITOR_COMMANDS = ["help", "mem", "echo", "ticks", "crash", "halt", "reboot"]
RAM_PAGES = 64 * 1024 // 4  # the VM has -m 64M; 4 KiB pages


def test_banner(ctx):
    ctx.machine.expect(BANNER, timeout=harness.BOOT_TIMEOUT)


def test_mm_line(ctx):
    match = ctx.machine.expect(MM_LINE, timeout=harness.BOOT_TIMEOUT)
    return match.group(0)


def test_prompt(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)


def test_echo(ctx):
    out = ctx.machine.command("echo hello corral")
    assert out == "hello corral", f"echo printed {out!r}"


def test_help(ctx):
    out = ctx.machine.command("help")
    missing = [name for name in MONITOR_COMMANDS if not re.search(rf"\b{name}\b", out)]
    assert not missing, f"help does not list: {' '.join(missing)}"


def test_mem(ctx):
    out = ctx.machine.command("mem")
    match = re.search(r"^free pages: (\d+)", out, re.M)
    assert match, f"no 'free pages: N' line in {out!r}"
    free = int(match.group(1))
    # Most of the 64 MiB is free after boot: the kernel, its page array and the
    # initramfs take a few MiB (the same rule as test_memsizes).
    floor = int((0.85 * RAM_PAGES * 4 - 3 * 1024) / 4)
    assert floor <= free < RAM_PAGES, f"free pages {free}: expected {floor}..{RAM_PAGES - 1}"
    return f"{free} pages free"


def test_ticks(ctx):
    """The timer runs: a later reading is larger.  Guest time follows host time under
    TCG, so waiting on the host is enough; poll rather than guess how long."""
    first = first_number(ctx.machine.command("ticks"))
    deadline = time.monotonic() + ctx.timeout(10)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        second = first_number(ctx.machine.command("ticks"))
        if second > first:
            return f"{first} -> {second}"
    raise AssertionError(f"ticks stayed at {first} for {ctx.timeout(10):.0f} s")


def first_number(text):
    match = re.search(r"\d+", text)
    assert match, f"no number in {text!r}"
    return int(match.group(0))


def test_halt(ctx):
    ctx.machine.sendline("halt")
    status = ctx.machine.wait_exit(timeout=harness.EXIT_TIMEOUT)
    assert status == harness.STATUS_OK, \
        f"QEMU exit status {harness.describe_status(status)}, expected 33"
