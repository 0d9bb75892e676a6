"""
test_bench.py — the micro-benchmark program `bench` (user/bin/bench/): every benchmark
prints one line the host runner can parse, `bench NAME: N cycles/op (M ops)` with
positive numbers, or `bench NAME: skipped (REASON)` when the machine cannot run it (a
user, no swap, no disk at /mnt); --help lists the names; an unknown name gives the
usage on stderr and status 2; the swapin benchmark's container is gone afterwards.

No figure is compared with anything: the numbers depend on the host, and tests never
depend on speed.  All tests share one VM and run in order; the last one halts it.
"""

import re

import harness
from shell import PROMPT, expect_output, run

WRITES_DISK = True  # fileread_disk, filewrite and mmapfault make files on /mnt: e2fsck after

NAMES = ["fork", "exec", "pipe", "yield", "pagefault", "mmapfault", "fileread", "fileread_disk",
         "filewrite", "swapin", "getpid"]
NEW_NAMES = ["exec", "fileread_disk", "filewrite", "mmapfault", "swapin"]
RESULT = re.compile(r"bench (\w+): (\d+) cycles/op \((\d+) ops\)")
SKIPPED = re.compile(r"bench (\w+): skipped \((.+)\)")
BENCH_TIMEOUT = 300  # seconds a whole `bench` may take under a slow TCG; not a speed check


def results(out, names):
    """The lines of out, checked to be one well-formed result per name in that order,
    each with positive numbers; returns {name: cycles}."""
    lines = out.splitlines()
    assert [RESULT.fullmatch(line) is not None for line in lines] == [True] * len(names), \
        f"expected one result line for each of {names}, got {out!r}"
    found = {}
    for line, name in zip(lines, names):
        m = RESULT.fullmatch(line)
        assert m.group(1) == name, f"expected {name}'s line, got {line!r}"
        cycles, ops = int(m.group(2)), int(m.group(3))
        assert cycles > 0 and ops > 0, f"{line!r}: not positive"
        found[name] = cycles
    return found


def expect_skipped(out, name, reason):
    m = SKIPPED.fullmatch(out)
    assert m and m.group(1) == name, f"expected bench {name}: skipped (...), got {out!r}"
    assert re.search(reason, m.group(2)), f"{name} skipped for {m.group(2)!r}, not {reason!r}"


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)


def test_help(ctx):
    for option in ("--help", "-h"):
        out = run(ctx, f"bench {option}; echo $?")
        lines = out.splitlines()
        assert lines[0] == "usage: bench [NAME...]", f"bench {option}: {out!r}"
        listed = [line.split()[0] for line in lines[1:-1]]
        assert listed == NAMES, f"bench {option} lists {listed}, expected {NAMES}"
        assert lines[-1] == "0", f"bench {option} exited {lines[-1]}"


def test_unknown_name(ctx):
    """The usage goes to stderr (nothing on stdout), status 2, and nothing runs."""
    expect_output(ctx, "bench nosuch > /tmp/bench.out 2> /tmp/bench.err; echo $?", "2")
    expect_output(ctx, "cat /tmp/bench.out", "")
    err = run(ctx, "cat /tmp/bench.err")
    assert err.startswith("bench: no benchmark nosuch\nusage: bench [NAME...]\n"), \
        f"bench nosuch said on stderr: {err!r}"
    expect_output(ctx, "bench fork nosuch 2> /dev/null; echo $?", "2")


def test_new_benchmarks(ctx):
    out = run(ctx, "bench " + " ".join(NEW_NAMES), timeout=BENCH_TIMEOUT)
    cycles = results(out, NEW_NAMES)
    return ", ".join(f"{name} {cycles[name]}" for name in NEW_NAMES)


def test_swapin_cleans_up(ctx):
    """The container made for swapin is gone, nothing is left in swap, the files bench
    made are gone, and the kernel's accounting still adds up."""
    expect_output(ctx, "ls /configfs/container", "committed\ndescription")
    swaps = run(ctx, "grep hdb /proc/swaps").split()
    assert len(swaps) == 5 and swaps[3] == "0", f"swap still used after bench: {swaps}"
    expect_output(ctx, "ls /mnt /tmp | grep bench-; echo $?", "1")
    expect_output(ctx, "containers -a", "audit: ok")


def test_all(ctx):
    """bench with no names runs every benchmark, in --help's order."""
    results(run(ctx, "bench", timeout=BENCH_TIMEOUT), NAMES)
    expect_output(ctx, "ls /configfs/container", "committed\ndescription")


def test_skipped_as_user(ctx):
    """drop_caches and configfs are root's: a user gets skipped lines, and the rest runs."""
    out = run(ctx, "cd /tmp; runas 1000 bench fileread_disk swapin filewrite",
              timeout=BENCH_TIMEOUT)
    lines = out.splitlines()
    assert len(lines) == 3, f"runas 1000 bench ...: {out!r}"
    expect_skipped(lines[0], "fileread_disk", r"drop_caches: Permission denied")
    expect_skipped(lines[1], "swapin", r"root")
    results(lines[2], ["filewrite"])


def test_skipped_without_swap(ctx):
    expect_output(ctx, "swapoff /dev/hdb; echo $?", "0")
    expect_skipped(run(ctx, "bench swapin"), "swapin", r"no swap")
    run(ctx, "swapon /dev/hdb")
    expect_output(ctx, "grep -c hdb /proc/swaps", "1")


def test_skipped_without_disk(ctx):
    """Without /mnt, fileread_disk is skipped; filewrite and mmapfault use /tmp."""
    expect_output(ctx, "cd /; umount /mnt; echo $?", "0")
    out = run(ctx, "bench fileread_disk filewrite mmapfault", timeout=BENCH_TIMEOUT)
    lines = out.splitlines()
    assert len(lines) == 3, f"bench without /mnt: {out!r}"
    expect_skipped(lines[0], "fileread_disk", r"/mnt is not mounted")
    results("\n".join(lines[1:]), ["filewrite", "mmapfault"])


def test_halt(ctx):
    ctx.machine.sendline("halt")
    status = ctx.machine.wait_exit(timeout=harness.EXIT_TIMEOUT)
    assert status == harness.STATUS_OK, \
        f"QEMU exit status {harness.describe_status(status)}, expected 33"
