"""
test_fuzz.py — the system-call fuzzer (issue 7, "Hardening"): random calls with hostile
arguments, as a user and as root, must leave a kernel that still answers, still passes
usertests, has given its memory back and whose container counters still add up.

`fuzz CALLS SEED` (user/bin/fuzz/) makes CALLS calls in forked children, each batch
watched by a watchdog, and ends with one line:

    fuzz: 20000 calls in 100 batches, seed 42: 87 children killed by signals, 3 by the watchdog

Children dying of signals is normal (forged sigreturn frames, mappings pulled from under
them); the kernel dying is not: any `panic:` line fails the running test.  The seeds are
fixed, so a failure here is repeated by `fuzz CALLS SEED` in `make run` (add -v to see
every call; -b BATCH repeats one batch).  `make fuzz CALLS=N SEED=S` runs this file
with more calls: CORRAL_FUZZ_CALLS and CORRAL_FUZZ_SEED set them here.
"""

import os
import re
import time

from shell import PROMPT, expect_output, run

CALLS = int(os.environ.get("CORRAL_FUZZ_CALLS", "20000"))
SEED = int(os.environ.get("CORRAL_FUZZ_SEED", "42"))  # as uid 1000; root gets SEED + 1
MIN_CALLS_PER_S = 40  # far below what TCG does (~700/s): only for the timeouts
FUZZ_TIMEOUT = 120 + CALLS // MIN_CALLS_PER_S
USERTESTS_TIMEOUT = 900
SECONDS = 70  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 2 * FUZZ_TIMEOUT + USERTESTS_TIMEOUT + 300  # the file's budget
LEAK_SLACK_PAGES = 64  # one-time growth: kmalloc slabs, /tmp's directory, the shell's heap

SUMMARY = re.compile(r"^fuzz: (\d+) calls in (\d+) batches, seed (\d+): (\d+) children "
                     r"killed by signals, (\d+) by the watchdog$", re.M)

state = {}  # what the tests pass on to the later ones: MemFree before, calls per second


def memfree_kb(ctx):
    out = run(ctx, "grep MemFree /proc/meminfo")
    match = re.search(r"MemFree:\s+(\d+) kB", out)
    assert match, f"no MemFree line in {out!r}"
    return int(match.group(1))


def fuzz(ctx, who, seed):
    """Run fuzz as `who` ("" for root, "runas 1000 " for a user); check its summary."""
    start = time.monotonic()
    out = run(ctx, f"{who}fuzz {CALLS} {seed}; echo fuzz-status $?",
              timeout=FUZZ_TIMEOUT)
    seconds = time.monotonic() - start
    match = SUMMARY.search(out)
    assert match, f"no summary line from fuzz:\n{out[-3000:]}"
    calls, batches, got_seed, by_signal, by_watchdog = map(int, match.groups())
    assert "fuzz-status 0" in out, f"fuzz did not exit 0:\n{out[-3000:]}"
    assert calls == CALLS and got_seed == seed, f"fuzz made {calls} calls: {match.group(0)}"
    assert "giving up" not in out, f"a batch was cut short:\n{out[-3000:]}"
    rate = calls / seconds
    state.setdefault("rates", []).append(rate)
    return (f"{calls} calls in {seconds:.0f} s ({rate:.0f} calls/s), {batches} batches: "
            f"{by_signal} children killed by signals, {by_watchdog} by the watchdog")


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=120, prompt=PROMPT)
    # The fuzzer reads /mnt's small files and directories (ext2): their pages and
    # blocks stay cached, which is no leak.  Cache them now, before the baseline.
    run(ctx, "ls -l /mnt /mnt/deep /mnt/many > /dev/null 2>&1; "
             "cat /mnt/README /mnt/hello.txt /mnt/fastlink /mnt/slowlink > /dev/null 2>&1")
    state["memfree_before"] = memfree_kb(ctx)


def test_usage(ctx):
    expect_output(ctx, "fuzz -h; echo $?", "usage: fuzz [-v] [-b BATCH] CALLS [SEED]\n0")
    expect_output(ctx, "fuzz -x 2>&1; echo $?",
                  "fuzz: invalid option -- 'x'\nusage: fuzz [-v] [-b BATCH] CALLS [SEED]\n2")
    expect_output(ctx, "fuzz 2>&1; echo $?",
                  "fuzz: CALLS must be a positive number\n"
                  "usage: fuzz [-v] [-b BATCH] CALLS [SEED]\n2")


def test_fuzz_as_user(ctx):
    return fuzz(ctx, "runas 1000 ", SEED)


def test_fuzz_as_root(ctx):
    return fuzz(ctx, "", SEED + 1)


def test_shell_answers(ctx):
    expect_output(ctx, "echo alive", "alive")


def test_scratch_removed(ctx):
    """Every file the fuzzer made was in /tmp/fuzz.PID, every container it made was
    /configfs/container/fuzzPID: both gone."""
    expect_output(ctx, "ls /tmp; ls /configfs/container", "committed\ndescription")


def test_no_leak(ctx):
    before, after = state["memfree_before"], memfree_kb(ctx)
    lost_pages = (before - after) // 4
    assert lost_pages <= LEAK_SLACK_PAGES, \
        f"MemFree {before} kB before the fuzzing, {after} kB after: {lost_pages} pages lost"
    return f"MemFree {before} kB before, {after} kB after"


def test_usertests_still_pass(ctx):
    out = run(ctx, "usertests > /tmp/ut.out; echo status $?; grep -v ': OK$' /tmp/ut.out",
              timeout=USERTESTS_TIMEOUT)
    assert "status 0" in out and "ALL TESTS PASSED" in out, f"usertests after fuzz:\n{out}"
    run(ctx, "rm /tmp/ut.out")


def test_container_audit(ctx):
    expect_output(ctx, "containers -a; echo $?", "audit: ok\n0")
    rates = state.get("rates", [])
    return f"{min(rates):.0f} calls/s at the slowest" if rates else None
