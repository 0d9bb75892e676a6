"""
test_procfs_linux.py — the /proc files busybox and procps read, as Linux writes them
(issue 12): /proc/uptime, loadavg, stat, version, cpuinfo, filesystems; a task's stat
(52 fields), statm, the links exe, cwd and fd/N; free's columns; /etc/passwd and
/etc/group.

All tests share one VM and run in order.  Shapes are checked by regular expression,
never timing: the one number that must move (the 1-minute load after a busy loop) has
minutes of slack.  The system-call side (sysinfo, syslog, the links by readlink(2),
/proc/self/stat parsed) is usertests' procfs.c; the formats' kernel side
fs/procfs_test.c.
"""

import re

import harness
from shell import PROMPT, expect_match, expect_output, run  # noqa: F401



def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_output(ctx, "cd /tmp && pwd", "/tmp")


def test_uptime(ctx):
    out = expect_match(ctx, "cat /proc/uptime", r"^\d+\.\d\d \d+\.\d\d$")
    up, idle = (float(x) for x in out.split())
    assert 0 < up and 0 <= idle <= up + 0.01, f"/proc/uptime {out!r}"


def test_loadavg(ctx):
    out = expect_match(ctx, "cat /proc/loadavg",
                       r"^\d+\.\d\d \d+\.\d\d \d+\.\d\d (\d+)/(\d+) (\d+)$")
    running, total, last = (int(x) for x in re.search(r"(\d+)/(\d+) (\d+)", out).groups())
    assert 1 <= running <= total and last >= 2, f"/proc/loadavg {out!r}"


def test_stat(ctx):
    out = run(ctx, "cat /proc/stat")
    cpu = re.search(r"^cpu  (\d+) 0 (\d+) (\d+) 0 0 0 0 0 0$", out, re.M)
    assert cpu, f"no cpu line in {out!r}"
    assert re.search(r"^cpu0 " + " ".join(cpu.group(0).split()[1:]) + "$", out, re.M), out
    for pattern in (r"^intr \d+( \d+){16}$", r"^ctxt \d+$", r"^btime 1[7-9]\d{8}$",
                    r"^processes \d+$", r"^procs_running [1-9]\d*$", r"^procs_blocked \d+$"):
        assert re.search(pattern, out, re.M), f"/proc/stat lacks /{pattern}/: {out!r}"


def test_uptime_and_stat_agree(ctx):
    # The idle column and /proc/uptime's idle seconds read one counter; read
    # together, they differ by at most the ticks between the two reads.
    out = run(ctx, "cat /proc/uptime /proc/stat")
    idle_seconds = float(out.split()[1])
    idle_ticks = int(re.search(r"^cpu  \d+ 0 \d+ (\d+)", out, re.M).group(1))
    assert abs(idle_ticks / 100 - idle_seconds) <= 0.5, out


def test_version(ctx):
    expect_match(ctx, "cat /proc/version", r"^Corral version \S+ \(.+\) #1 .+$")


def test_cpuinfo(ctx):
    out = run(ctx, "cat /proc/cpuinfo")
    for pattern in (r"^processor\t: 0$", r"^vendor_id\t: \S+$", r"^cpu family\t: \d+$",
                    r"^model\t\t: \d+$", r"^model name\t: .+$", r"^stepping\t: \d+$",
                    r"^cpu MHz\t\t: \d+\.\d{3}$", r"^flags\t\t: fpu .*\bcx8\b",
                    r"^bogomips\t: \d+\.\d\d$"):
        assert re.search(pattern, out, re.M), f"/proc/cpuinfo lacks /{pattern}/: {out!r}"


def test_filesystems(ctx):
    out = run(ctx, "cat /proc/filesystems")
    for line in ("nodev\tramfs", "nodev\tproc", "\text2"):
        assert re.search("^" + line + "$", out, re.M), f"/proc/filesystems: {out!r}"


def test_pid_stat(ctx):
    # The shell's own line, read by a grandchild a second later: 52 fields,
    # the name in parentheses, state S (waiting in wait4), the console as its tty.
    out = run(ctx, "sh -c 'sleep 1; cat /proc/'$$'/stat'; echo $$; grep PPid /proc/$$/status")
    line, pid, ppid_line = out.splitlines()
    ppid = ppid_line.split()[1]
    rest = line[line.rindex(")") + 2:].split()
    assert line.startswith(f"{pid} (sh) ") and len(rest) == 50, f"{line!r}"
    assert rest[0] == "S" and rest[1] == ppid and rest[4] == str((4 << 8) | 64), rest
    assert int(rest[20]) > 0 and int(rest[21]) > 0, f"vsize, rss: {rest[20:22]}"
    expect_match(ctx, "cat /proc/self/statm", r"^\d+ \d+ 0 \d+ 0 \d+ 0$")


def test_links(ctx):
    expect_output(ctx, "readlink /proc/self/exe /proc/self/cwd", "/bin/readlink\n/tmp")
    out = run(ctx, "ls -l /proc/self/fd")
    assert re.search(r"^l\S+ .* 0 -> /dev/console$", out, re.M), out
    expect_output(ctx, "echo x > f; readlink /proc/self/fd/3 3< f; rm f", "/tmp/f")
    expect_match(ctx, "echo | readlink /proc/self/fd/0", r"^pipe:\[\d+\]$")
    expect_match(ctx, "cat /proc/self/maps | grep /bin/cat",
                 r"^08048000-[0-9a-f]{8} r-xp 00000000 \d\d:\d\d \d+ +/bin/cat$")


def test_busy_loop_raises_load(ctx):
    # A loop runnable for 12 s spans at least two 5 s steps of the averages;
    # one step alone lifts the 1-minute load to 0.08 (1 - exp(-5/60), rounded
    # up), so whatever the timing, it is above 0 afterwards.
    run(ctx, "sh -c 'while :; do :; done' & sleep 12; kill $!; wait", timeout=120)
    out = expect_match(ctx, "cat /proc/loadavg", r"^\d+\.\d\d ")
    assert float(out.split()[0]) > 0, f"/proc/loadavg after a busy loop: {out!r}"
    out = run(ctx, "cat /proc/stat")
    user = int(re.search(r"^cpu  (\d+) ", out, re.M).group(1))
    assert user > 0, f"12 s of a user-mode loop, and no user time: {out!r}"


def test_free(ctx):
    out = run(ctx, "free")
    mem = re.search(r"^Mem: +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$", out, re.M)
    assert mem, f"free: {out!r}"
    total, used, free, _shared, cache, available = (int(x) for x in mem.groups())
    assert total == used + free + cache, f"total != used + free + buff/cache: {out!r}"
    assert available <= total, out
    assert re.search(r"^Swap: +\d+ +\d+ +\d+$", out, re.M), out
    expect_match(ctx, "free -m", r"^Mem: +\d+ +\d+")
    expect_match(ctx, "free -h", r"^Mem: +\d+(\.\d)?Mi ")


def test_passwd_and_group(ctx):
    expect_match(ctx, "grep ^root: /etc/passwd", r"^root:x:0:0:root:/:/bin/sh$")
    expect_match(ctx, "grep ^user: /etc/passwd", r"^user:x:1000:1000:user:/tmp:/bin/sh$")
    expect_output(ctx, "grep -c :x: /etc/group; grep ^user: /etc/group", "3\nuser:x:1000:")


def test_usertests_procfs(ctx):
    out = run(ctx, "usertests procfs_exe procfs_fd_links procfs_self_stat procfs_sysinfo "
                   "procfs_syslog", timeout=120)
    assert "ALL TESTS PASSED" in out, out
