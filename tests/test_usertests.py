"""
test_usertests.py — usertests, the xv6-style tests of the system-call layer, run
inside Corral (issue 3): each of its tests becomes a result here, it must end with
ALL TESTS PASSED, and memory must come back: MemFree after the run is within a few
pages of MemFree before it (a leak test of fork, exec, mmap, pipes, files, signals).
"""

import re

from harness import Result

PROMPT = "# "
USERTESTS_TIMEOUT = 900  # TCG on a loaded machine: generous, it is not a speed test
TIMEOUT = 1200           # the file's budget
LEAK_SLACK_KB = 64       # a few pages: the shell's own heap, /tmp directory entries


def memfree_kb(ctx):
    out = ctx.machine.command("grep MemFree /proc/meminfo", prompt=PROMPT)
    match = re.search(r"MemFree:\s+(\d+) kB", out)
    assert match, f"no MemFree line in {out!r}"
    return int(match.group(1))


def test_usertests(ctx):
    ctx.machine.expect_prompt(timeout=120, prompt=PROMPT)
    before = memfree_kb(ctx)
    out = ctx.machine.command("usertests; echo usertests-status $?", prompt=PROMPT,
                              timeout=USERTESTS_TIMEOUT)
    results = [Result(name, verdict == "OK", detail or "")
               for name, verdict, detail in
               re.findall(r"^test (\S+): (OK|FAILED)(?: \((.*)\))?$", out, re.M)]
    passed = "ALL TESTS PASSED" in out and "usertests-status 0" in out
    results.append(Result("all_passed", passed, "" if passed else "usertests did not pass"))
    results.append(Result("count", len(results) > 40, f"{len(results) - 1} tests ran"))
    after = memfree_kb(ctx)
    results.append(Result("no_leak", before - after <= LEAK_SLACK_KB,
                          f"MemFree {before} kB before, {after} kB after"))
    # After ~600 forks, execs, faults and files: every container counter still adds up.
    audit = ctx.machine.command("containers -a", prompt=PROMPT)
    results.append(Result("container_audit", "audit: ok" in audit, audit))
    return results
