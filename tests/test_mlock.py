"""
test_mlock.py — locked memory and the hard limits' ceiling (issue 14,
docs/locked-memory.md, docs/containers.md):

  - mlock_limit: defaults, bad writes (EINVAL, ERANGE) change nothing; an mlock past
    it fails with ENOMEM and locks nothing; num_locked_pages, stat's `locked` and
    /proc/PID/status VmLck show a waiting program's locked pages, which follow the
    task into another container (addtask) and go when it exits;
  - locked pages under pressure: mlockhog locks 100 pages in a container whose hard
    page_limit is 300, then writes 400 more twice: reclaim swaps (pswpout > 0) but
    reading the 100 back takes no fault at all; the same run without the lock (-n)
    faults on them — the test can tell the difference;
  - committed: two hard containers whose limits together pass the ceiling — the
    second write is refused with ENOSPC and nothing changed; a big soft limit may not
    go hard; `max` in hard mode commits nothing; rmdir gives the room back.

All tests share one VM (64 MiB, swap on /dev/hdb) and end with the container audit.
"""

import re

import harness
from shell import wait_for_text
from container_files import number, stat_value

TIMEOUT = 1200
LONG = 600
C = "/configfs/container"
EINVAL = "Invalid argument"
ERANGE = "Numerical result out of range"
ENOSPC = "No space left on device"
EACCES = "Permission denied"


def expect(m, line, want):
    out = m.command(line)
    assert out == want, f"{line!r}: {out!r}, expected {want!r}"


def vm_lck_kb(m, pid):
    out = m.command(f"grep VmLck /proc/{pid}/status")
    found = re.fullmatch(r"VmLck:\s+(\d+) kB", out)
    assert found, f"VmLck of {pid}: {out!r}"
    return int(found.group(1))


def expect_audit_ok(m):
    expect(m, "containers -a; echo $?", "audit: ok\n0")


def start_waiting_hog(m, prefix, locked, out):
    """mlockhog LOCKED 0 -w in the background (prefix: 'cexec NAME' or ''); its pid."""
    pid = m.command(f"{prefix} mlockhog {locked} 0 -w > {out} & echo $!")
    assert re.fullmatch(r"\d+", pid), pid
    assert wait_for_text(m, out, "faults reading them back", 60), m.command(f"cat {out}")
    return int(pid)


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)


def test_mlock_limit_refuses_and_counts(ctx):
    m = ctx.machine
    m.command(f"mkdir {C}/lk")
    expect(m, f"cat {C}/lk/mlock_limit {C}/lk/num_locked_pages", "max\n0")
    for bad, err in (("abc", EINVAL), ("-1", EINVAL), ("''", EINVAL), ("4294967296", ERANGE)):
        expect(m, f"echo {bad} > {C}/lk/mlock_limit; echo $?",
               f"sh: {C}/lk/mlock_limit: {err}\n1")
    expect(m, f"cat {C}/lk/mlock_limit", "max")
    expect(m, f"echo 5 > {C}/lk/num_locked_pages; echo $?",
           f"sh: {C}/lk/num_locked_pages: {EACCES}\n1")
    expect(m, f"echo 10 > {C}/lk/mlock_limit; cat {C}/lk/mlock_limit", "10")

    # Past the limit: ENOMEM, nothing locked.
    expect(m, f"cexec lk mlockhog 20 0; echo rc=$?",
           "mlockhog: mlock of 20 pages: Cannot allocate memory\nrc=2")
    expect(m, f"cat {C}/lk/num_locked_pages", "0")

    # A waiting program's 8 locked pages: counted three ways.
    pid = start_waiting_hog(m, "cexec lk", 8, "/tmp/lk8.out")
    expect(m, "cat /tmp/lk8.out", "mlockhog: 8 locked pages, 0 faults reading them back")
    expect(m, f"cat {C}/lk/num_locked_pages", "8")
    assert stat_value(m, "lk", "locked") == 8
    assert vm_lck_kb(m, pid) == 32
    expect(m, f"cexec lk mlockhog 3 0; echo rc=$?",  # 8 + 3 > 10
           "mlockhog: mlock of 3 pages: Cannot allocate memory\nrc=2")
    expect(m, f"cexec lk mlockhog 2 0; echo rc=$?",  # 8 + 2 = 10: fits
           "mlockhog: 2 locked pages, 0 faults reading them back\nrc=0")
    expect(m, f"cat {C}/lk/num_locked_pages", "8")

    # A locked task moved in from the root brings its locks (the limit governs new
    # locks, not moves); they go when it exits.
    other = start_waiting_hog(m, "", 4, "/tmp/lk4.out")
    expect(m, f"echo {other} > {C}/lk/addtask; cat {C}/lk/num_locked_pages", "12")
    expect(m, f"kill {pid} {other}; wait; cat {C}/lk/num_locked_pages", "0")
    assert stat_value(m, "lk", "locked") == 0
    expect_audit_ok(m)
    m.command(f"rmdir {C}/lk")


def test_rlimit_memlock_caps_users_not_root(ctx):
    """RLIMIT_MEMLOCK is 8 MiB (2048 pages) of locked mappings per process for a user
    who is not root, as Linux's default; root passes it (the root container has no
    mlock_limit)."""
    m = ctx.machine
    expect(m, "busybox sh -c 'ulimit -l'; runas 1000 busybox sh -c 'ulimit -l'", "8192\n8192")
    expect(m, "runas 1000 mlockhog 100 0; echo rc=$?",
           "mlockhog: 100 locked pages, 0 faults reading them back\nrc=0")
    expect(m, "runas 1000 mlockhog 2049 0; echo rc=$?",
           "mlockhog: mlock of 2049 pages: Cannot allocate memory\nrc=2")
    expect(m, "mlockhog 2049 0; echo rc=$?",
           "mlockhog: 2049 locked pages, 0 faults reading them back\nrc=0")
    expect_audit_ok(m)


def hog_faults(out):
    found = re.search(r"^mlockhog: 100 (?:un)?locked pages, (\d+) faults reading them back$",
                      out, re.M)
    assert found, out
    return int(found.group(1))


def test_locked_pages_stay_under_pressure(ctx):
    m = ctx.machine
    m.command(f"mkdir {C}/pr; echo 300 > {C}/pr/page_limit; echo hard > {C}/pr/limit_mode")
    out = m.command("cexec pr mlockhog 100 400; echo rc=$?", timeout=LONG)
    assert out.endswith("rc=0"), out
    locked_faults = hog_faults(out)
    pswpout = stat_value(m, "pr", "pswpout")
    assert pswpout > 0, "no pressure: nothing was swapped out"
    assert locked_faults == 0, f"reading the locked pages back faulted {locked_faults} times"
    assert number(m, f"{C}/pr/num_locked_pages") == 0  # it exited

    # The control: the same without the lock loses the cold pages to swap.
    out = m.command("cexec pr mlockhog 100 400 -n; echo rc=$?", timeout=LONG)
    assert out.endswith("rc=0"), out
    control_faults = hog_faults(out)
    assert control_faults > 0, "without the lock, the cold pages stayed too: no evidence"

    # While it waits: resident and swapped, from /proc/PID/status.
    pid = m.command("cexec pr mlockhog 100 400 -w > /tmp/pr.out & echo $!")
    assert wait_for_text(m, "/tmp/pr.out", "faults reading them back", 300), \
        m.command("cat /tmp/pr.out")
    status = m.command(f"grep Vm /proc/{pid}/status")
    kb = {k: int(v) for k, v in re.findall(r"^(Vm\w+):\s+(\d+) kB$", status, re.M)}
    assert kb.get("VmLck") == 400 and kb["VmRSS"] >= 400 and kb["VmSwap"] > 0, status
    m.command(f"kill {pid}; wait")
    expect_audit_ok(m)
    m.command(f"rmdir {C}/pr")
    return (f"pswpout {pswpout} with 100 locked pages: {locked_faults} faults on them; "
            f"unlocked control: {control_faults} faults; waiting: {status!r}")


def committed(m):
    out = m.command(f"cat {C}/committed")
    found = re.fullmatch(r"hard_limits (\d+)\nceiling (\d+)", out)
    assert found, f"committed: {out!r}"
    return int(found.group(1)), int(found.group(2))


def test_committed_ceiling(ctx):
    m = ctx.machine
    out = m.command(f"ls -l {C}/committed")
    assert out.startswith("-r--r--r-- 1 root root "), out
    expect(m, f"echo 1 > {C}/committed; echo $?", f"sh: {C}/committed: {EACCES}\n1")
    hard, ceiling = committed(m)
    assert hard == 0 and 1000 < ceiling < 16384, (hard, ceiling)  # 64 MiB = 16384 pages
    half = ceiling // 2 + 1
    m.command(f"mkdir {C}/ha {C}/hb")
    expect(m, f"echo {half} > {C}/ha/page_limit; echo hard > {C}/ha/limit_mode; echo $?", "0")
    assert committed(m) == (half, ceiling)

    # A big soft limit may not go hard.
    expect(m, f"echo {half} > {C}/hb/page_limit; echo hard > {C}/hb/limit_mode; echo $?",
           f"sh: {C}/hb/limit_mode: {ENOSPC}\n1")
    expect(m, f"cat {C}/hb/limit_mode {C}/hb/page_limit", f"soft\n{half}")
    # Hard with max commits nothing; a number past the ceiling is refused.
    expect(m, f"echo max > {C}/hb/page_limit; echo hard > {C}/hb/limit_mode; echo $?", "0")
    assert committed(m) == (half, ceiling)
    expect(m, f"echo {half} > {C}/hb/page_limit; echo $?", f"sh: {C}/hb/page_limit: {ENOSPC}\n1")
    expect(m, f"cat {C}/hb/page_limit {C}/hb/limit_mode", "max\nhard")
    assert committed(m) == (half, ceiling)
    rest = ceiling - half
    expect(m, f"echo {rest} > {C}/hb/page_limit; echo $?", "0")  # exactly full
    assert committed(m) == (ceiling, ceiling)
    expect(m, f"echo {rest + 1} > {C}/hb/page_limit; echo $?",
           f"sh: {C}/hb/page_limit: {ENOSPC}\n1")
    # rmdir gives the room back.
    m.command(f"rmdir {C}/ha")
    assert committed(m) == (rest, ceiling)
    expect(m, f"echo {half} > {C}/hb/page_limit; echo $?", "0")
    m.command(f"rmdir {C}/hb")
    assert committed(m) == (0, ceiling)
    expect_audit_ok(m)
    return f"ceiling {ceiling} pages on 64 MiB"


def test_mlockhog_usage(ctx):
    """mlockhog's usage convention: -h on stdout with 0, bad operands on stderr with 2."""
    m = ctx.machine
    out = m.command("mlockhog -h; echo $?")
    assert out.startswith("usage: mlockhog LOCKED OTHER [-n] [-w]\n") and out.endswith("\n0"), out
    for bad in ("", "10", "x 1", "-1 5", "1 2 3", "-q 1 1"):
        out = m.command(f"mlockhog {bad} 2>&1; echo $?")
        assert out.startswith("mlockhog: ") and "\nusage: mlockhog " in out \
            and out.endswith("\n2"), f"mlockhog {bad}: {out!r}"
