"""
test_exceptions.py — a CPU exception in the kernel is reported, then the kernel stops.

The monitor's `crash pf` and `crash div` fault on purpose.  The report must name the
exception (and for a page fault the address, in cr2), then come "panic: ..." and a
backtrace of "[<address>] function+0xoffset" lines.  Then the kernel halts; under
`panic=exit` QEMU leaves with status 3 instead.  Either is fine here.  A reboot (QEMU
status 0 under -no-reboot, or a second banner) is not: it would mean the kernel
triple-faulted while reporting.

Each crash gets its own fresh VM: a panicked kernel is no use for anything else.
"""

import re

import harness

BANNER = r"^Corral 0\.1 \(i386\)"
FRAME = re.compile(r"\[<(0x)?[0-9a-fA-F]{8}>\]")


def test_page_fault(ctx):
    report = crash(ctx, "pf", "exception 14 (page fault)")
    assert "cr2=0x0000000c" in report, "the page-fault report does not say cr2=0x0000000c"
    assert "write, kernel mode" in report, "the page-fault report does not decode the error code"
    check_symbolized(report, ["crash_page_fault", "monitor_run", "kthread_run"])


def test_divide_error(ctx):
    report = crash(ctx, "div", "exception 0 (divide error)")
    check_symbolized(report, ["crash_divide", "monitor_run", "kthread_run"])


def check_symbolized(report, functions):
    """The backtrace names the functions on the path to the fault (the symbols module).
    A leaf function that faults before making a stack frame hides its direct caller
    (GCC gives such leaves no frame), so only the faulting function and the callers
    further up are certain to appear."""
    for name in functions:
        assert re.search(rf"\] {name}\+0x", report), f"the backtrace does not name {name}"


def crash(ctx, kind, exception):
    """Boot, type `crash KIND`, check the report from the exception line to the end of
    the backtrace, and that the kernel stopped; return the report's text."""
    machine = ctx.boot(iso="monitor")
    machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    machine.allow_panic = True
    machine.sendline(f"crash {kind}")
    # The prompt instead of a report means the crash did not happen: fail at once.
    first = machine.expect(rf"(?P<report>^.*{re.escape(exception)}.*$)"
                           rf"|^{re.escape(machine.prompt)}", what=f"'{exception}'")
    assert first.group("report"), f"`crash {kind}` came back to the prompt without a fault"
    start = first.start()
    machine.expect(r"^panic:.*$")
    machine.wait_quiet(quiet=3)  # the backtrace's length is unknown: wait for silence
    report = machine.output[start:]
    backtrace = report[report.index("panic:"):]
    assert FRAME.search(backtrace), "no backtrace ('[<address>] function+0x..') after panic:"
    check_stopped(machine)
    return report


def check_stopped(machine):
    """After a panic the kernel halts (QEMU keeps running, deaf) or exits with status 3."""
    status = machine.poll()
    assert status in (None, harness.STATUS_PANIC), \
        f"QEMU exited with {harness.describe_status(status)} after the panic"
    banners = len(re.findall(BANNER, machine.output, re.M))
    assert banners == 1, f"the banner appeared {banners} times: the machine rebooted"
    if status is None:
        machine.sendline("echo still alive")
        machine.wait_quiet(quiet=3)
        assert "still alive" not in machine.unread, "the kernel still answers after a panic"
    machine.kill()
