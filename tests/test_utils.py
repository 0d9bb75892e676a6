"""
test_utils.py — the utilities in /bin (DESIGN.md section 6), each with its normal use
and its errors, which read "PROG: WHAT: strerror" and give status 1 (grep: 2; runas
and env: 127 for a command not found, as on Linux).

All tests share one VM and run in order, in /tmp/u; the last one halts the machine
(and test_poweroff boots a VM of its own).  The same programs are checked against
Linux on the host by user/tests/host-check.sh.
"""

import re

import harness
from shell import PROMPT, expect_ls_long, expect_output, run, without_ls_time  # noqa: F401



def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_output(ctx, "mkdir /tmp/u && cd /tmp/u && pwd", "/tmp/u")


def test_echo(ctx):
    expect_output(ctx, "/bin/echo a  b; /bin/echo -n c; /bin/echo d", "a b\ncd")


def test_true_false(ctx):
    expect_output(ctx, "/bin/true; echo $?; /bin/false; echo $?", "0\n1")


def test_cat(ctx):
    expect_output(ctx, "echo one > a; echo two > b; cat a b", "one\ntwo")
    expect_output(ctx, "echo in | cat a - b", "one\nin\ntwo")
    expect_output(ctx, "cat /nope; echo $?", "cat: /nope: No such file or directory\n1")
    expect_output(ctx, "cat a /nope b; echo $?",
                  "one\ncat: /nope: No such file or directory\ntwo\n1")
    expect_output(ctx, "cat /tmp; echo $?", "cat: /tmp: Is a directory\n1")


def test_ls(ctx):
    expect_output(ctx, "mkdir l; cd l; echo > b; echo > a; mkdir c; echo > .hidden; ls; cd ..",
                  "a\nb\nc")
    expect_output(ctx, "ls -a l", ".\n..\n.hidden\na\nb\nc")
    expect_output(ctx, "ls l/a l/b", "l/a\nl/b")
    expect_output(ctx, "ls /nope; echo $?", "ls: /nope: No such file or directory\n1")
    out = run(ctx, "ls /")
    for name in ("bin", "dev", "etc", "proc", "tmp"):
        assert re.search(rf"^{name}$", out, re.M), f"ls / lacks {name}: {out!r}"


def test_ls_long(ctx):
    expect_ls_long(ctx, "echo hello > f; chmod 640 f; ls -l f", "-rw-r----- 1 root root 6 f")
    expect_ls_long(ctx, "ls -n f", "-rw-r----- 1 0 0 6 f")
    out = without_ls_time(run(ctx, "ls -l /"))
    assert re.search(r"^drwx\S* +\d+ root root +\d+ bin$", out, re.M), f"ls -l /: {out!r}"
    out = without_ls_time(run(ctx, "ls -l /dev"))
    assert re.search(r"^c\S+ +\d+ root root +\d+, +\d+ null$", out, re.M), \
        f"ls -l /dev shows no device numbers for null: {out!r}"
    # Options after the operands, as GNU ls takes them.
    expect_ls_long(ctx, "ls f -l", "-rw-r----- 1 root root 6 f")


def test_mkdir(ctx):
    expect_output(ctx, "mkdir d; echo $?; ls -d d", "0\nd")
    expect_output(ctx, "mkdir d; echo $?", "mkdir: d: File exists\n1")
    expect_output(ctx, "mkdir -p p/q/r; echo $?; ls p/q; mkdir -p p/q/r; echo $?", "0\nr\n0")
    expect_output(ctx, "mkdir x/y; echo $?", "mkdir: x/y: No such file or directory\n1")


def test_rmdir(ctx):
    expect_output(ctx, "rmdir p/q/r; echo $?; ls p/q", "0")
    expect_output(ctx, "rmdir p; echo $?", "rmdir: p: Directory not empty\n1")
    expect_output(ctx, "rmdir /nope; echo $?", "rmdir: /nope: No such file or directory\n1")


def test_rm(ctx):
    expect_output(ctx, "echo x > r1; rm r1; echo $?; ls r1", "0\nls: r1: No such file or directory")
    expect_output(ctx, "rm r1; echo $?", "rm: r1: No such file or directory\n1")
    expect_output(ctx, "rm -f r1; echo $?", "0")
    expect_output(ctx, "mkdir -p t/u; echo x > t/u/f; rm t; echo $?", "rm: t: Is a directory\n1")
    expect_output(ctx, "rm -r t; echo $?; ls -d t", "0\nls: t: No such file or directory")
    expect_output(ctx, "rm -rf p; ls -d p", "ls: p: No such file or directory")


def test_cp(ctx):
    expect_output(ctx, "echo data > c1; cp c1 c2; cat c2", "data")
    expect_output(ctx, "mkdir cd; cp c1 cd; cat cd/c1", "data")
    expect_ls_long(ctx, "chmod 750 c1; cp c1 c3; ls -l c3", "-rwxr-x--- 1 root root 5 c3")
    expect_output(ctx, "cp /nope x; echo $?", "cp: /nope: No such file or directory\n1")
    expect_output(ctx, "cp cd x; echo $?", "cp: cd: Is a directory\n1")
    # A larger file, across several pages.
    expect_output(ctx, "filehog big 20 1 > /dev/null; cp big big2; wc -c < big2; "
                       "grep -c '' big2", "81920\n10240")


def test_mv(ctx):
    expect_output(ctx, "echo m > m1; mv m1 m2; ls m1 m2", "ls: m1: No such file or directory\nm2")
    expect_output(ctx, "mkdir md; mv m2 md; cat md/m2", "m")
    expect_output(ctx, "mv /nope x; echo $?", "mv: /nope: No such file or directory\n1")


def test_wc(ctx):
    expect_output(ctx, "echo 'one two' > w; echo three >> w; wc -l < w; wc -w < w; wc -c < w",
                  "2\n3\n14")
    expect_output(ctx, "wc w; wc -l w", " 2  3 14 w\n2 w")
    expect_output(ctx, "cat w | wc -l", "2")
    expect_output(ctx, "wc /nope; echo $?", "wc: /nope: No such file or directory\n1")


def test_grep(ctx):
    run(ctx, "echo apple > g; echo Banana >> g; echo 'cherry pie' >> g; echo 'apple pie' >> g")
    expect_output(ctx, "grep apple g", "apple\napple pie")
    expect_output(ctx, "grep -c pie g", "2")
    expect_output(ctx, "grep -n pie g", "3:cherry pie\n4:apple pie")
    expect_output(ctx, "grep -v pie g", "apple\nBanana")
    expect_output(ctx, "grep -i banana g", "Banana")
    expect_output(ctx, "grep '^a' g; grep 'e$' g", "apple\napple pie\napple\ncherry pie\napple pie")
    expect_output(ctx, "grep nothing g; echo $?", "1")
    expect_output(ctx, "grep x /nope; echo $?", "grep: /nope: No such file or directory\n2")
    expect_output(ctx, "cat g | grep -c p", "3")


def test_chmod(ctx):
    expect_ls_long(ctx, "echo x > cm; chmod 600 cm; ls -l cm", "-rw------- 1 root root 2 cm")
    expect_ls_long(ctx, "chmod 4755 cm; ls -l cm", "-rwsr-xr-x 1 root root 2 cm")
    expect_output(ctx, "chmod 999 cm; echo $?", "chmod: invalid mode: 999\n1")
    expect_output(ctx, "chmod 644 /nope; echo $?", "chmod: /nope: No such file or directory\n1")


def test_chown(ctx):
    # Names from /etc/passwd and /etc/group; an id without one stays a number.
    expect_ls_long(ctx, "echo x > co; chown 1000:1001 co; ls -l co", "-rw-r--r-- 1 user 1001 2 co")
    expect_ls_long(ctx, "chown 1002 co; ls -l co", "-rw-r--r-- 1 1002 1001 2 co")
    expect_ls_long(ctx, "chown user:nogroup co; ls -l co", "-rw-r--r-- 1 user nogroup 2 co")
    expect_ls_long(ctx, "chown root: co; ls -n co", "-rw-r--r-- 1 0 0 2 co")
    expect_output(ctx, "chown x co; echo $?", "chown: invalid owner: x\n1")
    expect_output(ctx, "chown 1 /nope; echo $?", "chown: /nope: No such file or directory\n1")


def test_runas(ctx):
    expect_output(ctx, "echo secret > sec; chmod 600 sec; runas 1000 cat sec; echo $?",
                  "cat: sec: Permission denied\n1")
    expect_output(ctx, "chmod 644 sec; runas 1000 cat sec", "secret")
    expect_output(ctx, "runas 1000 sh -c 'echo x > byuser'; echo $?",
                  "sh: byuser: Permission denied\n1")  # /tmp/u is root's, 755
    expect_ls_long(ctx, "runas 1000 sh -c 'echo x > /tmp/byuser'; ls -l /tmp/byuser",
                  "-rw-r--r-- 1 user user 2 /tmp/byuser")
    expect_output(ctx, "runas 1000 chown 0 /tmp/byuser; echo $?",
                  "chown: /tmp/byuser: Operation not permitted\n1")
    expect_output(ctx, "runas 0 nope; echo $?", "runas: nope: No such file or directory\n127")
    expect_output(ctx, "runas 1000 runas 0 true; echo $?", "runas: setgid: Operation not permitted\n1")


def test_env(ctx):
    expect_output(ctx, "env -i A=1 B=two env", "A=1\nB=two")
    expect_output(ctx, "env -i X=x1 sh -c 'echo $X'", "x1")
    out = run(ctx, "env | grep '^PATH='")
    assert out == "PATH=/bin:/usr/bin", f"PATH in the shell's environment: {out!r}"
    expect_output(ctx, "env nope; echo $?", "env: nope: No such file or directory\n127")


def test_uname(ctx):
    out = run(ctx, "uname")
    assert out == "Corral", f"uname printed {out!r}"
    out = run(ctx, "uname -a")
    assert out.startswith("Corral ") and len(out.split()) >= 5, f"uname -a printed {out!r}"
    expect_output(ctx, "uname -s -r -m | wc -w", "3")


def test_sleep(ctx):
    expect_output(ctx, "sleep 1; echo $?; sleep 0.2; echo $?", "0\n0")
    expect_output(ctx, "sleep abc 2>&1; echo $?", "sleep: invalid time interval 'abc'\n"
                  "usage: sleep SECONDS...   (a fraction and s, m, h or d allowed)\n2")


def test_kill(ctx):
    """/bin/kill itself (the shell's kill builtin is test_jobs.py's)."""
    expect_output(ctx, "sleep 100 & /bin/kill $!; wait $!; echo $?", "143")
    expect_output(ctx, "sleep 100 & /bin/kill -9 $!; wait $!; echo $?", "137")
    expect_output(ctx, "sleep 100 & /bin/kill -KILL $!; wait $!; echo $?", "137")
    expect_output(ctx, "sleep 100 & /bin/kill -SIGUSR1 $!; wait $!; echo $?", "138")
    expect_output(ctx, "sleep 100 & /bin/kill -s HUP $!; wait $!; echo $?", "129")
    expect_output(ctx, "/bin/kill 99999; echo $?", "kill: 99999: No such process\n1")
    out = run(ctx, "/bin/kill -NOPE 1; echo $?")
    assert out.startswith("kill: NOPE: invalid signal\nusage: kill ") and out.endswith("\n2"), out
    expect_output(ctx, "/bin/kill -l 9; /bin/kill -l 15", "KILL\nTERM")
    expect_output(ctx, "runas 1000 kill 1; echo $?", "kill: 1: Operation not permitted\n1")


def test_ps(ctx):
    out = run(ctx, "sleep 100 & p=$!; ps; kill $p")
    lines = out.split("\n")
    assert lines[0] == "  PID  PPID STATE CONTAINER  CMD", f"ps header: {lines[0]!r}"
    assert re.search(r"^\s+1\s+0\s+\S\s+/\s+/bin/init$", out, re.M), f"no init in {out!r}"
    assert re.search(r"^\s*\d+\s+\d+\s+S\s+/\s+sleep 100$", out, re.M), f"no sleep in {out!r}"
    assert re.search(r"^\s*\d+\s+\d+\s+R\s+/\s+ps$", out, re.M), f"ps not running in {out!r}"


def test_ps_parent(ctx):
    shell_pid = run(ctx, "echo $$")
    out = run(ctx, "sleep 100 & p=$!; ps | grep \"^ *$p \"; kill $p")
    assert re.match(rf"^\s*\d+\s+{shell_pid}\s+S\s+/\s+sleep 100$", out), \
        f"sleep's PPID should be the shell ({shell_pid}): {out!r}"


def test_free(ctx):
    out = run(ctx, "free")
    lines = out.split("\n")
    header = "               total        used        free      shared  buff/cache   available"
    assert lines[0] == header, f"free header {lines[0]!r}"
    mem = re.match(r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", lines[1])
    assert mem, f"free Mem: line {lines[1]!r}"
    assert re.match(r"^Swap:\s+\d+\s+\d+\s+\d+$", lines[2]), f"free Swap: line {lines[2]!r}"
    total = int(mem.group(1))
    meminfo = run(ctx, "grep MemTotal /proc/meminfo")
    assert re.match(rf"^MemTotal:\s+{total} kB$", meminfo), f"free total {total} vs {meminfo!r}"
    assert 40000 < total <= 65536, f"MemTotal {total} KiB for a 64 MiB VM"
    return f"total {total} KiB, free {mem.group(3)} KiB"


def test_mount(ctx):
    out = run(ctx, "mount")
    assert re.search(r"^proc /proc proc ", out, re.M), f"mount does not list /proc: {out!r}"
    expect_output(ctx, "mount > m1; cat /proc/mounts > m2; wc -c < m1 > n1; wc -c < m2 > n2; "
                       "[ \"$(cat n1)\" = \"$(cat n2)\" ] && echo same", "same")
    expect_output(ctx, "mkdir pr; mount -t proc proc pr; echo $?; ls pr | grep -c meminfo",
                  "0\n1")
    expect_output(ctx, "umount pr; echo $?; ls pr | grep -c meminfo", "0\n0")
    out = run(ctx, "mount x; echo $?")
    assert out.startswith("mount: missing DIR\nusage: mount ") and out.endswith("\n2"), out
    expect_output(ctx, "mount -t nofs x pr; echo $?", "mount: pr: No such device\n1")
    expect_output(ctx, "umount /nope; echo $?", "umount: /nope: No such file or directory\n1")


def test_sync(ctx):
    expect_output(ctx, "sync; echo $?", "0")


def test_memhog(ctx):
    expect_output(ctx, "memhog 256; echo $?", "memhog: touched 256 pages (1024 KiB)\n0")
    out = run(ctx, "memhog 64 -r 2", timeout=60)
    assert re.fullmatch(r"memhog: touched 64 pages \(256 KiB\)\n"
                        r"memhog: checked and rewrote 64 pages \d+ times in 2 s", out), \
        f"memhog -r: {out!r}"
    expect_output(ctx, "memhog 16 -w > o & p=$!; sleep 1; kill $p; wait $p; echo $?; cat o",
                  "143\nmemhog: touched 16 pages (64 KiB)\nmemhog: waiting")
    out = run(ctx, "memhog; echo $?")
    assert out.startswith("memhog: missing PAGES\nusage: memhog PAGES [-r SECONDS [-p MS]] [-w] [-f]") and \
        "-w: wait" in out and out.endswith("\n2"), f"memhog usage: {out!r}"
    out = run(ctx, "memhog -h > /dev/null; echo $?")
    assert out == "0", f"memhog -h: {out!r}"
    expect_output(ctx, "memhog 32 -f; echo $?", "memhog: touched 32 pages (128 KiB)\n"
                  "memhog: parent and child checked 32 shared pages\n0")


def test_forkbomb(ctx):
    expect_output(ctx, "forkbomb 10; echo $?", "forkbomb: 10 of 10 forks succeeded\n0")
    out = run(ctx, "ps | grep -c '[f]orkbomb'")  # [f]: not grep's own line
    assert out == "0", f"forkbomb left children behind: {out!r}"


def test_filehog(ctx):
    expect_output(ctx, "filehog fh 16 2; wc -c < fh",
                  "filehog: wrote 16 pages to fh\nfilehog: read 16 pages 2 times\n65536",
                  timeout=60)
    expect_output(ctx, "grep -n '' fh > n; grep '^1:' n; grep '^8192:' n",
                  "1:0000000\n8192:0001fff")
    expect_output(ctx, "filehog /nope/x 1; echo $?", "filehog: /nope/x: No such file or directory\n1")
    # -m: the same checks through a mapping of the file (pages come back by faults).
    expect_output(ctx, "filehog -m fm 8 2; wc -c < fm",
                  "filehog: wrote 8 pages to fm\nfilehog: read 8 pages 2 times\n32768",
                  timeout=60)
    expect_output(ctx, "filehog -m; echo $?",
                  "filehog: missing PATH and PAGES\nusage: filehog [-m] PATH PAGES [ROUNDS]\n2")


def test_forktest(ctx):
    """xv6's forktest: children that exit at once, then all waited for; a fork that
    fails (here a task_limit of 1: forktest itself) ends the forking the way xv6's
    full process table does, and it waits for the ones it made."""
    expect_output(ctx, "forktest 61", "fork test OK (61 children)", timeout=60)
    expect_output(ctx, "forktest", "fork test OK (1000 children)", timeout=120)
    c = "/configfs/container/ft"
    expect_output(ctx, f"mkdir {c}; echo 1 > {c}/task_limit; cexec ft forktest 50; rmdir {c}",
                  "fork test OK (0 children)", timeout=60)
    expect_output(ctx, "forktest x; echo $?",
                  "forktest: invalid number of children: 'x'\nusage: forktest [N]\n2")
    expect_output(ctx, "forktest 0; echo $?",
                  "forktest: invalid number of children: '0'\nusage: forktest [N]\n2")


def test_halt_needs_root(ctx):
    expect_output(ctx, "runas 1000 halt; echo $?", "halt: reboot: Operation not permitted\n1")
    expect_output(ctx, "runas 1000 poweroff; echo $?",
                  "poweroff: reboot: Operation not permitted\n1")


def test_halt(ctx):
    """halt syncs and leaves QEMU through isa-debug-exit: status 33, a clean stop."""
    ctx.machine.sendline("halt")
    status = ctx.machine.wait_exit(timeout=harness.EXIT_TIMEOUT)
    assert status == harness.STATUS_OK, \
        f"QEMU exit status {harness.describe_status(status)}, expected 33"


def test_poweroff(ctx):
    machine = ctx.boot()
    machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    machine.sendline("poweroff")
    status = machine.wait_exit(timeout=harness.EXIT_TIMEOUT)
    assert status == harness.STATUS_OK, \
        f"QEMU exit status {harness.describe_status(status)}, expected 33"
