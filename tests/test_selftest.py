"""
test_selftest.py — the in-kernel self tests (DESIGN.md section 7), one result each.

The selftest ISO boots with `selftest panic=exit`: the kernel runs every KTEST, prints
KTAP and leaves QEMU with status 33 (all passed) or 35 (some failed); a panic leaves
with 3.  Each top-level KTAP line becomes a result "selftest.<name>"; two more results
check the report as a whole: "selftest.plan" (header, a non-zero plan, and as many
results as planned) and "selftest.exit_status".

    KTAP version 1
    1..3
    ok 1 page_alloc_coalesce
    # buddy.c:80: nr_free == 3 (got 2, want 3)
    not ok 2 page_alloc_split # buddy.c:80: nr_free == 3
    ok 3 kmalloc_sizes # SKIP no slab yet

`run.py --selftest-iso PATH` points this file at another ISO (test_selftest_fails does).
"""

import re

import harness

TIMEOUT = 900  # whole file: the self tests grow with the kernel
WRITES_DISK = True  # ext2's self tests write the disk copy: e2fsck -fn checks it after
SELFTEST_TIMEOUT = 600  # boot + every self test + exit

HEADER = re.compile(r"^KTAP version 1$", re.M)
PLAN = re.compile(r"^1\.\.(\d+)$")
RESULT = re.compile(r"^(ok|not ok) (\d+)\s*([^#]*?)\s*(?:#\s*(.*))?$")


def test_ktap(ctx):
    machine = ctx.boot(iso="selftest")
    machine.allow_panic = True  # a panic becomes the exit_status result below
    try:
        status = machine.wait_exit(timeout=SELFTEST_TIMEOUT)
    except harness.Timeout:
        status = None
    output = machine.output
    tests, plan_result = parse_ktap(output)
    return tests + [plan_result, exit_result(status, machine.panic_line, output)]


def parse_ktap(output):
    """The per-test results, and one result saying whether the plan was kept."""
    header = HEADER.search(output)
    if not header:
        return [], harness.Result("plan", False, "no 'KTAP version 1' header")
    planned = None
    tests = []
    for line in output[header.end():].split("\n"):
        plan = PLAN.match(line)
        if plan and planned is None:
            planned = int(plan.group(1))
        result = RESULT.match(line)
        if result:
            tests.append(line_result(*result.groups()))
    return tests, plan_result(planned, len(tests))


def line_result(verdict, number, name, comment):
    """One KTAP line as a result.  "# SKIP" after ok is a pass that says so."""
    name = name or f"test{number}"
    comment = comment or ""
    if verdict == "ok":
        skipped = comment.upper().startswith("SKIP")
        return harness.Result(name, True, "skipped: " + comment[4:].strip() if skipped else "")
    return harness.Result(name, False, comment or "not ok")


def plan_result(planned, count):
    if planned is None:
        return harness.Result("plan", False, "no '1..N' plan line")
    if planned == 0:
        return harness.Result("plan", False, "the plan is 1..0: no self tests ran")
    if count != planned:
        return harness.Result("plan", False, f"planned {planned} tests, saw {count} results")
    return harness.Result("plan", True, f"{count} tests")


def exit_result(status, panic_line, output):
    """QEMU's status must be 33; anything else is explained as well as we can."""
    if status == harness.STATUS_OK and not panic_line:
        return harness.Result("exit_status", True)
    if status is None:
        last = output.rstrip("\n").split("\n")[-1]
        why = f"still running after {SELFTEST_TIMEOUT} s (scaled); last line: {last!r}"
    elif panic_line:
        why = f"{harness.describe_status(status)}; {panic_line}"
    else:
        why = harness.describe_status(status)
    return harness.Result("exit_status", False, f"QEMU status {why}")
