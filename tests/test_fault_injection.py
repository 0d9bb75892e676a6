"""
test_fault_injection.py — allocation fault injection (issue 7, docs/testing.md): boot
with `fail_alloc=RATE,SEED`, so that a seeded random fraction of the page and kmalloc
allocations of user tasks fail, and run usertests and container workloads through it.

  - the boot option works: the kernel says so, /proc/sys/debug/fail_alloc shows it, and
    the boot survives its own failures (/etc/rc's mounts may fail: they are redone);
  - under injection nothing panics, the shell keeps answering, and no failure is lost:
    the kernel's own check (fail_alloc_syscall_return) sees no system call succeed
    over a failed allocation, and every usertests failure comes with ENOMEM, EAGAIN,
    a task killed for want of memory, or at least an allocation failed under it;
  - after each round, with injection off, memory and counters come back: MemFree,
    kmalloc's objects (and its audit), the container audit;
  - at the end usertests pass again, and the failure counters stand still;
  - only root may write the switch; a bad value is refused.

The file's machine boots with CMDLINE (loglevel=8 shows each injected failure on the
console, so a failure log says which allocation failed where).  Each round reseeds
the switch, so a failing round names the rate and seed that reproduce it.
"""

import os
import re

import harness

PROMPT = "# "
BOOT_RATE, BOOT_SEED = "1/100", 4242
CMDLINE = f"fail_alloc={BOOT_RATE},{BOOT_SEED} loglevel=8"
SWITCH = "/proc/sys/debug/fail_alloc"
C = "/configfs/container"
SECONDS = 110  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 900             # the file's budget; it takes well under a minute under TCG
USERTESTS_TIMEOUT = 400   # a test that hangs is killed by usertests itself after 120 s
LEAK_SLACK_KB = 64        # as test_usertests.py: the shell's heap, directory entries
OBJECT_SLACK = 2          # kmalloc objects: come back exactly, but for one or two made
                          # at a first use and kept (procfs's first pid directory read)

# The workload rounds: each rate with seeds 1..SEEDS.  Low rates let big programs
# start and fail deep inside (an exec of usertests allocates about 400 times, its
# forkstorm test 3000); high ones hit fork, exec and the shell itself.  To hunt for
# bugs, run more seeds: CORRAL_FAIL_ALLOC_SEEDS=50 python3 tests/run.py fault_injection
RATES = ["1/3000", "1/1000", "1/300", "1/100", "2"]
SEEDS = int(os.environ.get("CORRAL_FAIL_ALLOC_SEEDS", "3"))
ROUNDS = [(rate, seed) for seed in range(1, SEEDS + 1) for rate in RATES]
# usertests whose parent waits on a pipe whose write end it holds itself: when the
# child dies for want of memory before it writes, they hang until usertests kills
# them (120 s).
HANG_WHEN_CHILD_DIES = {"cow", "execstorm", "sigsleep", "clocksleepintr", "fpupingpong",
                        "fpusignal"}
USERTESTS_PER_LINE = 25  # exec takes at most 64 arguments, the terminal 1 KiB lines
CONTAINER_WORK = (f"mkdir {C}/fi; cexec fi memhog 300; cexec fi forkbomb 30; "
                  f"cexec fi usertests forkstorm execargs cowmany pipemulti; rmdir {C}/fi")

# The kernel's lines: an injected failure (KERN_DEBUG), a task killed for want of a
# page, a failure the system-call check found lost, and the kernel catching its own bugs.
INJECTED = re.compile(r"^fail_alloc: \w+ allocation failed for .*$", re.M)
OOM_KILL = re.compile(r"^\S+\[\d+\]: out of memory at address 0x[0-9a-f]+: killed$", re.M)
LOST = re.compile(r"^fail_alloc: .*a failure was lost$", re.M)
KERNEL_COMPLAINTS = re.compile(r"^.*(bad free|bad kfree|write after free|audit found|"
                               r"assertion failed|acquired twice).*$", re.M)
# What a test that failed for want of memory says.
FAIR_REASONS = re.compile(r"Cannot allocate memory|Resource temporarily unavailable|"
                          r"ENOMEM|EAGAIN|returned -1[12]\b|signal 9 \(Killed\)")

baseline = {}  # with injection off, before the rounds: MemFree, kmalloc objects,
               # what /tmp and the container directory hold
usertests = []  # the names of the tests to run under injection


def sh(ctx, line, timeout=harness.EXPECT_TIMEOUT):
    """Type a command line; its output without the kernel's injection reports."""
    out = ctx.machine.command(line, prompt=PROMPT, timeout=timeout)
    return "\n".join(text for text in out.split("\n") if not INJECTED.match(text))


def until(ctx, line, done, what, attempts=40):
    """Run line until done(output) holds: under injection any command may fail."""
    out = ""
    for _ in range(attempts):
        out = sh(ctx, line)
        if done(out):
            return out
    raise AssertionError(f"{what}: {line!r} never worked; last output {out!r}")


def switch_read(ctx):
    """The switch's lines as a dict (rate, seed, checked, failed_pages, ...)."""
    out = until(ctx, f"cat {SWITCH}", lambda o: o.startswith("rate ") and "swallowed" in o,
                f"reading {SWITCH}")
    return dict(text.split(" ", 1) for text in out.split("\n") if " " in text)


def switch_set(ctx, value):
    """Write the switch (echo is built in: no fork to fail), then read it back.  A
    write is not repeated unless it did not take: each write restarts the dice,
    and the same first rolls would fail the same way every time."""
    rate = value.split(",")[0]
    shown = rate if "/" in rate else rate + "%"
    for _ in range(10):
        sh(ctx, f"echo {value} > {SWITCH}")
        if switch_read(ctx)["rate"] == shown:
            return
    raise AssertionError(f"{SWITCH} would not take {value}")


def numbers(ctx):
    """MemFree (kB) and kmalloc's objects in use; injection must be off.  Swap is
    turned off and on first: pages swapped in and still in the swap cache (kept so
    that reclaim can drop them again without writing) hold memory and the cache's
    tree nodes for a reason, not as a leak; swapoff lets them go."""
    sh(ctx, "if grep hdb /proc/swaps > /dev/null; then swapoff /dev/hdb; swapon /dev/hdb; fi",
       timeout=harness.EXPECT_TIMEOUT * 4)
    out = sh(ctx, "grep MemFree /proc/meminfo; cat /proc/kmalloc_audit")
    memfree = re.search(r"MemFree:\s+(\d+) kB", out)
    objects = re.search(r"objects_in_use (\d+)", out)
    assert memfree and objects and "audit: ok" in out, f"memory numbers: {out!r}"
    return int(memfree.group(1)), int(objects.group(1))


def clean_up_after_tests(ctx):
    """Remove what failed tests left behind: processes (init's children but the
    shell: a test that dies half-way may leave a child waiting for ever, like
    killperm's paused victim), files in /tmp (usertests removes /tmp/ut.PID
    itself, unless that failed too) and containers.  Their memory is theirs, not
    a leak of the kernel's.  Returns how many there were."""
    out = sh(ctx, "ps | while read pid ppid rest; do "
                  "if [ \"$ppid\" = 1 ] && [ \"$pid\" != $$ ]; then echo $pid; kill -9 $pid; fi; "
                  "done")
    nr_found = len(re.findall(r"^\d+$", out, re.M))
    for folder, remove in (("/tmp", "rm -rf"), (C, "rmdir")):
        left = [name for name in sh(ctx, f"ls {folder}").split("\n")
                if name and name not in baseline[folder]]
        if left:
            sh(ctx, f"{remove} " + " ".join(f"{folder}/{name}" for name in left))
        nr_found += len(left)
    return nr_found


def leaks(ctx, when):
    """What did not come back, compared with the baseline: [] when all did."""
    memfree, objects = numbers(ctx)
    found = []
    if baseline["memfree"] - memfree > LEAK_SLACK_KB:
        found.append(f"{when}: MemFree {memfree} kB, {baseline['memfree']} kB before")
    if objects - baseline["objects"] > OBJECT_SLACK:
        found.append(f"{when}: {objects} kmalloc objects, {baseline['objects']} before")
    audit = sh(ctx, "containers -a")
    if audit != "audit: ok":
        found.append(f"{when}: container audit: {audit}")
    return found


def unexplained_failures(console):
    """usertests that failed without a word about memory: neither the FAILED line
    nor what came before it since the previous test (a child's complaint, the
    kernel's out-of-memory kill, an injected failure) speaks of one."""
    found = []
    block_start = 0
    for match in re.finditer(r"^test (\S+): (OK.*|FAILED \((.*)\))$", console, re.M):
        told = console[block_start:match.end()]
        block_start = match.end()
        explained = FAIR_REASONS.search(told) or OOM_KILL.search(told) or INJECTED.search(told)
        if match.group(2).startswith("FAILED") and not explained:
            found.append(f"{match.group(1)} ({match.group(3)})")
    return found


def run_round(ctx, rate, seed, totals):
    """One workload under injection; returns the problems it showed."""
    switch_set(ctx, f"{rate},{seed}")
    start = len(ctx.machine.output)
    for i in range(0, len(usertests), USERTESTS_PER_LINE):
        sh(ctx, "usertests " + " ".join(usertests[i:i + USERTESTS_PER_LINE]),
           timeout=USERTESTS_TIMEOUT)
    sh(ctx, CONTAINER_WORK, timeout=USERTESTS_TIMEOUT)
    switch_set(ctx, "0")
    console = ctx.machine.output[start:]
    totals["ok"] += len(re.findall(r"^test \S+: OK", console, re.M))
    totals["failed"] += len(re.findall(r"^test \S+: FAILED", console, re.M))
    totals["oom_kills"] += len(OOM_KILL.findall(console))
    totals["leftovers"] += clean_up_after_tests(ctx)  # container fi among them
    when = f"round {rate},{seed}"
    return ([f"{when}: {line}" for line in LOST.findall(console)]
            + [f"{when}: kernel: {line}" for line in KERNEL_COMPLAINTS.findall(console)]
            + [f"{when}: usertests {f}" for f in unexplained_failures(console)]
            + leaks(ctx, when))


def test_boot_option(ctx):
    m = ctx.machine
    one_in = BOOT_RATE.split("/")[1]
    m.expect(rf"^fail_alloc: 1 in {one_in} allocations of user tasks fail \(seed {BOOT_SEED}\)$",
             timeout=harness.BOOT_TIMEOUT)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    # /etc/rc ran under injection: its mounts may have failed.
    until(ctx, f"cat {SWITCH} >/dev/null || mount -t proc proc /proc; cat {SWITCH}",
          lambda out: out.startswith(f"rate {BOOT_RATE}\n"), "mounting /proc")
    until(ctx, f"ls {C} >/dev/null || mount -t configfs none /configfs; ls {C}",
          lambda out: out == "committed\ndescription", "mounting /configfs")
    # A few programs, so that the boot's rate has something to fail.
    sh(ctx, "for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done; echo done")
    st = switch_read(ctx)
    assert st["rate"] == BOOT_RATE and st["seed"] == str(BOOT_SEED), f"switch: {st}"
    injected = int(st["failed_pages"]) + int(st["failed_kmallocs"])
    assert injected > 0, f"nothing failed at {BOOT_RATE}: {st}"
    return f"{injected} failures injected of {st['checked']} allocations checked"


def test_stop_and_take_the_baseline(ctx):
    switch_set(ctx, "0")
    out = sh(ctx, "usertests > /dev/null; echo status $?", timeout=USERTESTS_TIMEOUT)
    assert out.endswith("status 0"), f"usertests without injection: {out}"
    baseline["memfree"], baseline["objects"] = numbers(ctx)
    for folder in ("/tmp", C):
        baseline[folder] = set(sh(ctx, f"ls {folder}").split("\n"))
    names = sh(ctx, "usertests -l").split("\n")
    usertests.extend(name for name in names if name not in HANG_WHEN_CHILD_DIES)
    return f"MemFree {baseline['memfree']} kB, {baseline['objects']} kmalloc objects"


def test_workloads_under_injection(ctx):
    assert baseline, "no baseline: the test before failed"
    before = switch_read(ctx)
    totals = {"ok": 0, "failed": 0, "oom_kills": 0, "leftovers": 0}
    problems = []
    for rate, seed in ROUNDS:
        problems += run_round(ctx, rate, seed, totals)
    after = switch_read(ctx)
    pages = int(after["failed_pages"]) - int(before["failed_pages"])
    kmallocs = int(after["failed_kmallocs"]) - int(before["failed_kmallocs"])
    assert not problems, "\n".join(problems)
    assert after["swallowed"] == "0", f"system calls succeeded over failures: {after}"
    assert pages > 0 and kmallocs > 0, f"injection did not reach both allocators: {after}"
    return (f"{len(ROUNDS)} rounds: {pages} page and {kmallocs} kmalloc failures injected; "
            f"usertests {totals['ok']} OK, {totals['failed']} failed; {totals['oom_kills']} "
            f"tasks killed out of memory; {totals['leftovers']} processes, files and "
            "containers left by failed tests removed")


def test_usertests_pass_after(ctx):
    before = switch_read(ctx)
    out = sh(ctx, "usertests; echo status $?", timeout=USERTESTS_TIMEOUT)
    failed = re.findall(r"^test (\S+): FAILED.*$", out, re.M)
    assert "ALL TESTS PASSED" in out and out.endswith("status 0"), f"usertests failed: {failed}"
    after = switch_read(ctx)
    counts = ("checked", "failed_pages", "failed_kmallocs", "swallowed")
    assert [after[k] for k in counts] == [before[k] for k in counts], \
        f"the counters moved with injection off: {before} then {after}"


def test_memory_and_counters_come_back(ctx):
    found = leaks(ctx, "at the end")
    assert not found, "\n".join(found)
    memfree, objects = numbers(ctx)
    return (f"MemFree {memfree} kB ({baseline['memfree']} before), {objects} kmalloc "
            f"objects ({baseline['objects']} before)")


def test_only_root_may_write_the_switch(ctx):
    out = sh(ctx, f"ls -l {SWITCH}")
    assert out.startswith("-rw-r--r-- 1 root root "), f"ls -l: {out!r}"
    out = sh(ctx, f"runas 1000 sh -c 'echo 5 > {SWITCH}'; echo $?")
    assert out == f"sh: {SWITCH}: Permission denied\n1", f"uid 1000 writing: {out!r}"
    assert switch_read(ctx)["rate"] == "0%"
    for bad in ("101", "1/0", "x", "5,x"):
        out = sh(ctx, f"echo {bad} > {SWITCH}; echo $?")
        assert out.endswith("Invalid argument\n1"), f"writing {bad}: {out!r}"
    assert switch_read(ctx)["rate"] == "0%"
