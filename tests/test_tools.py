"""
test_tools.py — the programs issue 13 added to /bin, each with checked output and its
errors: head, tail (and tail -f until ^C), which, id, whoami, uptime, dmesg, md5sum,
top (batch, and interactive: q and ^C quit and the terminal is canonical again); and
the console's: /etc/motd before the first prompt, init refusing to run twice, cexec
saying why it cannot move into a full container.

All tests share one VM and run in order, in /tmp/t.
"""

import hashlib
import re

import harness
from shell import PROMPT, expect_match, expect_output, run

C = "/configfs/container"


def test_motd_before_the_first_prompt(ctx):
    m = ctx.machine
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    boot = m.output
    motd = run(ctx, "cat /etc/motd")
    assert motd and len(motd.split("\n")) <= 5, f"/etc/motd should be short: {motd!r}"
    assert boot.rstrip().endswith(motd + "\n#"), \
        f"/etc/motd is not printed just before the first prompt:\n{boot[-400:]}"
    run(ctx, "mkdir /tmp/t && cd /tmp/t")


def test_init_refuses_to_run_twice(ctx):
    mounts = run(ctx, "cat /proc/mounts")
    expect_output(ctx, "init; echo $?",
                  "init: already running (pid 1); this copy would run /etc/rc and a shell "
                  "again, so it does nothing\n1")
    expect_output(ctx, "cat /proc/mounts", mounts)  # /etc/rc did not run again
    expect_output(ctx, "init --help; echo $?",
                  "usage: init   (process 1 only: the kernel starts it at boot)\n0")


def test_head(ctx):
    run(ctx, "seq 1 20 > n; seq 1 3000 > big; echo -n last > nonl")
    expect_output(ctx, "head -n 3 n", "1\n2\n3")
    expect_output(ctx, "head -2 n; head n | wc -l; head -n 0 n | wc -c", "1\n2\n10\n0")
    expect_output(ctx, "head -n 1 n big", "==> n <==\n1\n\n==> big <==\n1")
    expect_output(ctx, "cat n | head -n 2; head -n 5 nonl; echo", "1\n2\nlast")
    expect_output(ctx, "busybox yes | head -n 2", "y\ny")  # stops reading: yes ends
    expect_output(ctx, "head /nope; echo $?", "head: /nope: No such file or directory\n1")
    expect_match(ctx, "head -n x n 2>&1; echo $?",
                 r"^head: invalid number of lines: 'x'\nusage: head .*\n2$")


def test_tail(ctx):
    expect_output(ctx, "tail -n 3 n", "18\n19\n20")
    expect_output(ctx, "tail -2 n; tail n | wc -l", "19\n20\n10")
    expect_output(ctx, "tail -n +19 n; tail -n 0 n | wc -c", "19\n20\n0")
    # Read backwards a block at a time: lines that straddle 4 KiB blocks.
    expect_output(ctx, "tail -n 2 big; tail -n 1500 big | head -n 1", "2999\n3000\n1501")
    expect_output(ctx, "seq 1 5 | tail -n 2; tail -n 1 nonl; echo", "4\n5\nlast")
    expect_output(ctx, "tail -n 1 n nonl; echo", "==> n <==\n20\n\n==> nonl <==\nlast")
    expect_output(ctx, "tail /nope; echo $?", "tail: /nope: No such file or directory\n1")
    expect_match(ctx, "tail -n 1x n 2>&1; echo $?",
                 r"^tail: invalid number of lines: '1x'\nusage: tail .*(\n.*)*\n2$")


def test_tail_follow(ctx):
    """tail -f prints the lines appended after it started, until ^C."""
    m = ctx.machine
    run(ctx, "echo one > grow")
    m.sendline("sh -c 'sleep 1; echo two >> grow; sleep 1; echo three >> grow' & tail -f grow")
    m.expect(r"^one\n", timeout=10)
    m.expect(r"^two\n", timeout=20)
    m.expect(r"^three\n", timeout=20)
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo $?", "130")  # killed by SIGINT, as GNU tail
    return "appended lines seen, ^C ended it"


def test_which(ctx):
    expect_output(ctx, "which ls sh; echo $?", "/bin/ls\n/bin/sh\n0")
    expect_output(ctx, "which nope; echo $?", "1")
    expect_output(ctx, "which ls nope cat; echo $?", "/bin/ls\n/bin/cat\n1")
    expect_output(ctx, "which -a sh", "/bin/sh\n/usr/bin/sh")  # /bin comes first
    expect_output(ctx, "which /bin/ls ./n; echo $?", "/bin/ls\n1")  # n is not executable
    expect_output(ctx, "env PATH=/usr/bin /bin/which ls", "/usr/bin/ls")


def test_id_and_whoami(ctx):
    expect_output(ctx, "id", "uid=0(root) gid=0(root) groups=0(root)")
    expect_output(ctx, "id -u; id -g; id -un; id -gn; id -G", "0\n0\nroot\nroot\n0")
    expect_output(ctx, "runas 1000 id", "uid=1000(user) gid=1000(user) groups=1000(user)")
    expect_output(ctx, "runas user id -un; id user", "user\n"
                  "uid=1000(user) gid=1000(user) groups=1000(user)")
    expect_output(ctx, "id nobody", "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)")
    expect_output(ctx, "runas 4242 id", "uid=4242 gid=4242 groups=4242")  # no names
    expect_output(ctx, "id bogus; echo $?", "id: 'bogus': no such user\n1")
    expect_match(ctx, "id -n 2>&1; echo $?", r"^id: cannot print only names .*\nusage: id .*\n2$")
    expect_output(ctx, "whoami; runas 1000 whoami", "root\nuser")
    expect_output(ctx, "runas 4242 whoami; echo $?",
                  "whoami: cannot find name for user ID 4242\n1")


UPTIME = re.compile(r"^ \d\d:\d\d:\d\d up +(\d+ min|\d+:\d\d|\d+ days?, .*),  "
                    r"load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$")


def test_uptime(ctx):
    line = run(ctx, "uptime")
    assert UPTIME.match(line), f"uptime printed {line!r}"
    expect_match(ctx, "uptime -p", r"^up \d+ minutes?$")
    since, today = run(ctx, "uptime -s; date +%Y-%m-%d").split("\n")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", since) and \
        since[:10] <= today, f"uptime -s: {since!r}, today {today}"
    return line


def test_dmesg(ctx):
    lines = run(ctx, "dmesg").split("\n")
    assert lines[0] == "Corral 0.1 (i386): a teaching kernel with containers", lines[:3]
    assert any(line.startswith("mm: ") for line in lines), "no mm: line in dmesg"
    expect_match(ctx, "dmesg -r | head -n 1", r"^<\d>Corral 0\.1 ")
    expect_output(ctx, "runas 1000 dmesg | head -n 1",
                  "Corral 0.1 (i386): a teaching kernel with containers")
    expect_output(ctx, "runas 1000 dmesg -c > /dev/null; echo $?",
                  "dmesg: klogctl: Operation not permitted\n1")
    expect_output(ctx, "dmesg -c | head -n 1; dmesg | wc -l",
                  "Corral 0.1 (i386): a teaching kernel with containers\n0")
    expect_match(ctx, "dmesg -n 9 2>&1; echo $?", r"^dmesg: invalid console level: '9'\n.*\n2$")
    return f"{len(lines)} lines at boot"


def test_md5sum(ctx):
    expect_output(ctx, "echo abc | md5sum", "0bee89b07a248e27c83fc3d5951213c1  -")
    expect_output(ctx, "md5sum /dev/null n", "d41d8cd98f00b204e9800998ecf8427e  /dev/null\n"
                  + hashlib.md5("".join(f"{i}\n" for i in range(1, 21)).encode()).hexdigest()
                  + "  n")
    ours = run(ctx, "md5sum /bin/busybox")
    theirs = run(ctx, "busybox md5sum /bin/busybox")
    assert ours == theirs, f"md5sum {ours!r}, busybox md5sum {theirs!r}"
    expect_output(ctx, "md5sum /nope; echo $?", "md5sum: /nope: No such file or directory\n1")


def test_cexec_into_a_full_container(ctx):
    run(ctx, f"mkdir {C}/full; echo 1 > {C}/full/task_limit")
    run(ctx, "cexec full sleep 100 > /dev/null & echo $! > full.pid; sleep 0.3")
    expect_output(ctx, "cexec full true; echo $?",
                  "cexec: cannot move into full: task_limit reached (1 of 1 tasks)\n1")
    expect_output(ctx, "runas 1000 cexec full true; echo $?",
                  "cexec: cannot move into full: Permission denied\n1")


def test_top_batch(ctx):
    """One frame: the summary, the containers (root first) and every process."""
    out = run(ctx, "top -b -n 1")
    lines = out.split("\n")
    assert lines[0].startswith("top - ") and UPTIME.match(lines[0][5:]), lines[0]
    assert re.match(r"^Tasks: +\d+ total, +\d+ running, +\d+ sleeping, +\d+ stopped, +\d+ "
                    r"zombie$", lines[1]), lines[1]
    assert lines[2].startswith("%Cpu(s):") and lines[3].startswith("MiB Mem :"), lines[2:4]
    header = lines.index("CONTAINER        TASKS LIMIT  %CPU     ANON     FILE PAGE_LIMIT MODE   OOM")
    assert re.match(r"^/ +\d+ +max +\d+\.\d +\d+ +\d+ +max -", lines[header + 1]), lines[header + 1]
    assert re.match(r"^full +1 +1 +\d+\.\d +\d+ +\d+ +max soft +0$", lines[header + 2]), \
        lines[header + 2]
    procs = lines[lines.index("  PID USER      PR  NI    VIRT    RES S  %CPU  %MEM     TIME+ "
                              "CONTAINER    COMMAND") + 1:]
    table = {(f[0], f[-1]): f for f in (line.split() for line in procs)}
    assert ("1", "init") in table, f"no init in {procs}"
    sleep_pid = run(ctx, "cat full.pid")
    assert table.get((sleep_pid, "sleep"), [""])[-2] == "full", f"no sleep in full: {procs}"
    assert any(name == "sh" for _, name in table), f"no shell in {procs}"
    assert any(name == "top" and f[6] == "R" for (_, name), f in table.items()), procs
    out = run(ctx, "top -b -n 2 -d 0.2 | grep -c '^top - '")
    assert out == "2", f"top -b -n 2 printed {out} frames"
    # %CPU between frames, from /proc/PID/stat: a busy loop takes most of the CPU.
    out = run(ctx, "busybox sh -c 'while :; do :; done' & p=$!; top -b -n 2 -d 1 > top.out; "
                   "kill $p; wait $p; grep \"^ *$p \" top.out | tail -n 1", timeout=60)
    busy = float(out.split()[7])
    assert busy >= 50, f"a busy loop at {busy}% CPU: {out!r}"
    for bad in ("-n 0", "-d 0", "-d x", "-x", "extra"):
        expect_match(ctx, f"top -b {bad} 2>&1; echo $?", r"^top: .*\nusage: top .*\n2$")
    return f"{len(procs)} processes; a busy loop at {busy}% CPU"


def test_top_interactive(ctx):
    """q and ^C both end top, and the terminal is as it was before (canonical, echo)."""
    m = ctx.machine
    modes = run(ctx, "ttytest stty")
    for key, name in (("q", "q"), ("\x03", "^C")):
        m.sendline("top -d 0.5")
        m.expect(r"COMMAND\n", timeout=20)
        m.expect(r"COMMAND\n", timeout=20)  # a second frame: it refreshes
        m.send(key)
        m.expect_prompt(prompt=PROMPT)
        expect_output(ctx, "echo $?", "0")
        after = run(ctx, "ttytest stty")
        assert after == modes, f"after {name} the terminal is {after!r}, was {modes!r}"
    expect_output(ctx, "echo still canonical", "still canonical")


def test_cpuhog(ctx):
    """cpuhog spins until the wall-clock time is up and says how much CPU it got
    (the shares themselves are issue 14's controller tests: nothing timed here)."""
    out = run(ctx, "cpuhog 0.3; cpuhog -n 2 0.3")
    line = r"cpuhog: {} tasks?, (\d+)\.(\d\d) s: \d+\.\d\d s of CPU \(\d+% of one CPU\)"
    m = re.fullmatch(line.format(1) + "\n" + line.format(2), out)
    assert m, f"cpuhog printed {out!r}"
    assert int(m.group(1)) * 100 + int(m.group(2)) >= 30, f"it stopped early: {out!r}"
    for bad, why in (("", "missing SECONDS"), ("x", "invalid number of seconds: 'x'"),
                     ("-n 0 1", "invalid number of tasks: '0'"), ("1 2", "unexpected operand '2'")):
        out = run(ctx, f"cpuhog {bad} 2>&1; echo $?")
        assert out.startswith(f"cpuhog: {why}\nusage: cpuhog ") and out.endswith("\n2"), \
            f"cpuhog {bad}: {out!r}"


def test_cleanup(ctx):
    run(ctx, f"kill $(cat full.pid); wait; rmdir {C}/full; cd /; rm -r /tmp/t")
    expect_output(ctx, f"ls -d {C}/full", f"ls: {C}/full: No such file or directory")
