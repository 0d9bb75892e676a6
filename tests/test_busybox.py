"""
test_busybox.py — Debian's static busybox (i386, glibc 2.36), unmodified, on Corral
(issue 12): the build puts it at /bin/busybox with a link per applet in /usr/bin
(scripts/fetch-busybox.sh, scripts/mkinitramfs.sh).  Each test runs applets and
checks what they print, so a system call that is missing or answers unlike Linux
shows up as a wrong output: the file tools (ls -l, find, du, df, stat, cp -r, mv,
rm -r, mkdir -p, touch, ln -s, readlink, chmod, chown, dd), the checksums, gzip and
tar round trips, the text tools (sed, awk, sort, uniq, head, tail, cut, tr, wc, grep,
xargs, seq, expr, test), time (date, sleep), the process tools (ps, top, pidof,
kill, renice), chroot and su, the system's state (free, uptime, id, dmesg, nproc, hexdump), `busybox sh -c`
with pipelines, command substitution and background jobs, an interactive `busybox sh`
over the serial line (line editing in raw mode, each line echoed once), `vi`
editing a file, and named pipes, mknod and the disk's ioctls (mkfifo, mknod,
blockdev, fdisk -l).

All tests share one VM and run in order, in /tmp/bb (and /mnt/bb on the ext2 disk,
checked with e2fsck afterwards).  Applets are called as `busybox NAME` where Corral
has a program of that name (/bin comes first in PATH) and by their /usr/bin link
elsewhere, so both ways of calling are covered.
"""

import re

import harness
from shell import PROMPT, expect_match, expect_output, run  # noqa: F401

WRITES_DISK = True  # cp -r, tar and mv on /mnt/bb: e2fsck checks the image after



def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    out = run(ctx, "ls -l /bin/busybox; ls /usr/bin | wc -l")
    assert "busybox" in out, (
        "no /bin/busybox in the initramfs: the build could not fetch Debian's "
        f"busybox-static (see build/busybox/stamp): {out!r}")
    assert int(out.split()[-1]) > 200, f"too few applet links in /usr/bin: {out!r}"
    expect_output(ctx, "mkdir /tmp/bb && cd /tmp/bb && pwd", "/tmp/bb")
    # Linux's unknown-call line must not appear for what busybox uses every run.
    expect_output(ctx, "busybox true; echo $?", "0")


def test_ls_long_and_stat(ctx):
    run(ctx, "echo hello > f; chmod 640 f")
    expect_match(ctx, "busybox ls -l f", r"^-rw-r----- +1 root +root +6 \w{3} +\d+ \d\d:\d\d f$")
    expect_match(ctx, "busybox ls -ln f", r"^-rw-r----- +1 0 +0 +6 ")
    expect_output(ctx, "stat -c '%n %s %a %F %U' f", "f 6 640 regular file root")
    expect_output(ctx, "stat -c '%F' /tmp /dev/null", "directory\ncharacter special file")
    expect_match(ctx, "stat f", r"^  File: f\n  Size: 6\s+Blocks: \d+\s+IO Block: \d+\s+regular file")


def test_mkdir_touch_find_du(ctx):
    expect_output(ctx, "busybox mkdir -p t/a/b t/c; touch t/a/b/x t/c/y; find t | sort",
                  "t\nt/a\nt/a/b\nt/a/b/x\nt/c\nt/c/y")
    expect_output(ctx, "find t -type f -name y", "t/c/y")
    expect_output(ctx, "busybox dd if=/dev/zero of=t/big bs=1024 count=40 2>/dev/null; "
                  "du -k t/big", "40\tt/big")
    expect_match(ctx, "du -s t", r"^\d+\tt$")
    # touch -d sets a time; stat reads it back.
    expect_output(ctx, "touch -d '2021-05-06 07:08:09' t/c/y; stat -c '%y' t/c/y",
                  "2021-05-06 07:08:09.000000000 +0000")


def test_cp_mv_rm_on_ext2(ctx):
    run(ctx, "busybox rm -rf /mnt/bb; busybox mkdir -p /mnt/bb")
    expect_output(ctx, "busybox cp -r t /mnt/bb/t; cd /mnt/bb; find t | sort; cd /tmp/bb",
                  "t\nt/a\nt/a/b\nt/a/b/x\nt/big\nt/c\nt/c/y")
    expect_output(ctx, "busybox cmp t/big /mnt/bb/t/big && echo same", "same")
    # df: statfs64 as busybox reads it agrees with Corral's own df.
    ours = run(ctx, "df /mnt").splitlines()[-1].split()
    theirs = run(ctx, "busybox df /mnt").splitlines()[-1].split()
    assert theirs[0] == "/dev/hda" and theirs[-1] == "/mnt" and theirs[1:5] == ours[1:5], \
        f"busybox df /mnt: {theirs}, Corral's df: {ours}"
    expect_output(ctx, "busybox mv /mnt/bb/t /mnt/bb/u; busybox ls /mnt/bb", "u")
    expect_output(ctx, "busybox rm -r /mnt/bb/u; busybox ls -A /mnt/bb; echo $?", "0")


def test_ln_readlink_chmod_chown(ctx):
    expect_output(ctx, "busybox ln -s f l; busybox readlink l; busybox readlink -f l",
                  "f\n/tmp/bb/f")
    expect_match(ctx, "busybox ls -l l", r"^lrwxrwxrwx +1 root +root +1 .* l -> f$")
    expect_output(ctx, "busybox chmod 751 f; stat -c %a f", "751")
    expect_output(ctx, "busybox chmod u-x,o+w f; stat -c %a f", "653")
    expect_output(ctx, "busybox chown 1000:1000 f; stat -c '%u %g %U' f", "1000 1000 user")


def test_dd_and_checksums(ctx):
    expect_output(ctx, "busybox dd if=/dev/zero of=z bs=1k count=4 2>&1",
                  "4+0 records in\n4+0 records out")
    expect_output(ctx, "busybox md5sum z", "620f0b67a91f7f74151bc5be745b7110  z")
    expect_output(ctx, "sha256sum z",
                  "ad7facb2586fc6e966c004d7d1d16b024f5805ff7cb47c7a85dabd8b48892ca7  z")
    expect_output(ctx, "echo hello | busybox md5sum", "b1946ac92492d2347c6235b4d2611184  -")


def test_gzip_round_trip(ctx):
    run(ctx, "busybox seq 1 20000 > n; cp n n.orig")
    expect_output(ctx, "gzip n; ls n*; test -f n || echo gone", "n.gz\nn.orig\ngone")
    expect_output(ctx, "gunzip n.gz; busybox cmp n n.orig && echo same", "same")
    expect_output(ctx, "gzip -c n | zcat | wc -l", "20000")


def test_tar_round_trip(ctx):
    expect_output(ctx, "tar cf /mnt/bb/t.tar t n; tar tf /mnt/bb/t.tar | sort",
                  "n\nt/\nt/a/\nt/a/b/\nt/a/b/x\nt/big\nt/c/\nt/c/y")
    expect_output(ctx, "mkdir x; cd x; tar xf /mnt/bb/t.tar; busybox cmp n ../n && "
                  "busybox cmp t/big ../t/big && echo same; cd ..", "same")
    expect_output(ctx, "tar czf t.tgz t; tar tzf t.tgz | wc -l", "7")
    expect_output(ctx, "stat -c '%y' x/t/c/y", "2021-05-06 07:08:09.000000000 +0000")


def test_text_tools(ctx):
    expect_output(ctx, "echo hello world | sed 's/o/0/g'", "hell0 w0rld")
    expect_output(ctx, "printf '3 c\\n1 a\\n2 b\\n' | sort | awk '{s += $1} END {print s, NR}'",
                  "6 3")
    expect_output(ctx, "printf 'b\\na\\nb\\nb\\n' | sort | uniq -c",
                  "      1 a\n      3 b")
    expect_output(ctx, "seq 10 | busybox head -n 3; seq 10 | busybox tail -n 2", "1\n2\n3\n9\n10")
    expect_output(ctx, "echo a:b:c | cut -d: -f2,3", "b:c")
    expect_output(ctx, "echo hello | tr a-z A-Z", "HELLO")
    expect_output(ctx, "printf 'one two\\nthree\\n' | busybox wc", "        2         3        14")
    expect_output(ctx, "printf 'ab\\ncd\\nab\\n' | busybox grep -n ab", "1:ab\n3:ab")
    expect_output(ctx, "seq 5 | xargs echo", "1 2 3 4 5")
    expect_output(ctx, "expr 6 \\* 7; expr length hello", "42\n5")
    expect_output(ctx, "busybox test -f f && echo file; busybox test -d t && echo dir; "
                  "busybox test -e nope || echo none", "file\ndir\nnone")
    expect_output(ctx, "busybox hexdump -C z | head -n 1",
                  "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|")


def test_date_and_sleep(ctx):
    year = run(ctx, "busybox date +%Y")
    assert re.fullmatch(r"20\d\d", year) and int(year) >= 2025, f"date +%Y: {year!r}"
    # sleep 1 really sleeps: /proc/uptime (hundredths of a second) moves by about 1 s.
    out = run(ctx, "cat /proc/uptime; busybox sleep 1; cat /proc/uptime")
    before, after = (float(line.split()[0]) for line in out.splitlines())
    assert 0.9 <= after - before, f"sleep 1 took {after - before:.2f} s of uptime"


def test_sh_c(ctx):
    expect_output(ctx, "busybox sh -c 'echo a b | wc -w; x=$(echo sub); echo $x; "
                  "for i in 1 2 3; do echo $i; done | tail -n 1'", "2\nsub\n3")
    expect_output(ctx, "busybox sh -c 'sleep 1 & echo started; wait $!; echo waited $?'",
                  "started\nwaited 0")
    expect_output(ctx, "busybox sh -c 'f() { return 3; }; f; echo $?; exit 5'; echo $?",
                  "3\n5")


def test_ps_top_pidof_kill(ctx):
    # Debian builds ps without the TIME column.
    out = expect_match(ctx, "busybox ps", r"^\s*PID\s+USER\s+COMMAND$")
    assert re.search(r"^\s*1 root +/bin/init$", out, re.M), f"ps lacks init: {out!r}"
    assert re.search(r"^\s*\d+ root +/bin/sh$", out, re.M), f"ps lacks sh: {out!r}"
    assert re.search(r"^\s*\d+ root +\[kswapd\]$", out, re.M), f"ps lacks kswapd: {out!r}"
    out = expect_match(ctx, "busybox top -b -n 1", r"^Mem: \d+K used, \d+K free")
    assert re.search(r"^Load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+$", out, re.M), \
        f"top's load line: {out!r}"
    assert re.search(r"\bsh\b", out), f"top -b -n 1 does not list the shell: {out!r}"
    run(ctx, "sleep 100 &")  # /bin/sleep: "busybox sleep" would be "busybox" to pidof, as on Linux
    pid = run(ctx, "pidof sleep")
    assert re.fullmatch(r"\d+", pid), f"pidof sleep: {pid!r}"
    expect_output(ctx, f"busybox kill {pid}; wait; pidof sleep || echo gone", "gone")


def test_free_uptime_id_nproc(ctx):
    out = run(ctx, "busybox free")
    rows = {line.split(":")[0].strip(): line.split(":")[1].split()
            for line in out.splitlines() if ":" in line}
    total, used, free, _shared, cache, _avail = (int(v) for v in rows["Mem"])
    assert total == used + free + cache, f"busybox free does not add up: {out!r}"
    expect_match(ctx, "busybox uptime", r"up .*load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$")
    # No supplementary groups (nothing like login sets them), so no "groups=", as Linux.
    expect_output(ctx, "busybox id; busybox whoami", "uid=0(root) gid=0(root)\nroot")
    expect_output(ctx, "runas 1000 busybox id; runas 1000 busybox whoami",
                  "uid=1000(user) gid=1000(user)\nuser")
    expect_output(ctx, "nproc", "1")


def test_dmesg(ctx):
    out = run(ctx, "busybox dmesg | head -n 3")
    assert re.search(r"Corral 0\.1", out), f"dmesg does not start with the boot banner: {out!r}"
    expect_match(ctx, "busybox dmesg | grep -c mm:", r"^[1-9]\d*$")


ASH_PROMPT = r"/tmp/bb # "  # busybox ash's root prompt: the directory, then "# "


def ash_line(ctx, keys):
    """Type keys (ending in Enter) at busybox ash's prompt; return what came back up
    to the next prompt: the line as ash echoed it, then the command's output."""
    m = ctx.machine
    start = len(m.output)
    m.send(keys)
    match = m.expect(ASH_PROMPT, what="busybox ash's prompt")
    return m.output[start:match.start()]


def test_interactive_ash(ctx):
    m = ctx.machine
    m.sendline("busybox sh")
    m.expect(r"built-in shell \(ash\)")
    m.expect(ASH_PROMPT, what="busybox ash's prompt")
    # ash puts the terminal in raw mode and echoes itself: each line comes back once.
    out = ash_line(ctx, "echo abc\r")
    assert out.count("echo abc") == 1 and re.search(r"^abc$", out, re.M), \
        f"echo abc at ash's prompt came back as {out!r}"
    # Line editing needs every key before Enter: left arrow, then insert.
    out = ash_line(ctx, "echo 12\x1b[D3\r")
    assert re.search(r"^132$", out, re.M), f"left arrow + insert gave {out!r}"
    out = ash_line(ctx, "echo xyz\x7f\x7f\x7fq\r")
    assert re.search(r"^q$", out, re.M) and "xyz" not in out.split("\n", 1)[1], \
        f"three DELs then q gave {out!r}"
    m.send("\x1b[A")  # up arrow: ash redraws its prompt with the last line
    m.expect(ASH_PROMPT + "echo q", what="the last line recalled by the up arrow")
    out = ash_line(ctx, "\r")
    assert re.search(r"^q$", out, re.M), f"history: Enter on the recalled line gave {out!r}"
    out = ash_line(ctx, "echo nope\x03")  # ^C throws the line away
    assert not re.search(r"^nope$", out, re.M), f"^C did not discard the line: {out!r}"
    out = ash_line(ctx, "for i in 1 2; do echo n$i; done | wc -l\r")
    assert re.search(r"^2$", out, re.M), f"a pipeline in interactive ash: {out!r}"
    m.sendline("exit")
    m.expect_prompt(prompt=PROMPT)
    # Back in Corral's shell: canonical mode again, each line echoed once.
    expect_output(ctx, "echo back", "back")


def vi_exit(m):
    """vi leaves the alternate screen (ESC [ ? 1049 l) and the shell's prompt follows
    on the same line, the cursor being where vi left it."""
    m.expect(r"\x1b\[\?1049l" + re.escape(PROMPT), what="vi leaving, then the prompt")
    m.at_prompt = True


def vi_open(m, path):
    """Start vi on path and wait for its status line at the bottom (row 25): vi is
    then up, in raw mode (keys typed before would meet the canonical terminal)."""
    m.sendline(f"vi {path}")
    m.expect(r"\x1b\[25;1H\x1b\[K- " + re.escape(path), what="vi's status line")


def test_vi(ctx):
    m = ctx.machine
    vi_open(m, "/tmp/bb/v.txt")
    m.send("ihello vi\x1b")
    m.expect(r"\[Modified\]", what="vi's [Modified]")
    m.send(":wq\r")
    m.expect(r"'/tmp/bb/v\.txt' 1L, 9C", what="vi's written message")
    vi_exit(m)
    expect_output(ctx, "cat /tmp/bb/v.txt", "hello vi")
    # Edit the file again: append to the line, open a line below, delete a word.
    vi_open(m, "/tmp/bb/v.txt")
    # After ESC, vi waits a moment for the rest of an escape sequence: each ESC is
    # followed by the status line's "-" (command mode) before the next keys.
    m.send("A there\x1b")
    m.expect(r"\x1b\[K- /tmp/bb/v\.txt \[Modified\] 1/1", what="vi back in command mode")
    m.send("o2nd line\x1b")
    m.expect(r"\x1b\[K- /tmp/bb/v\.txt \[Modified\] 2/2", what="vi back in command mode")
    m.send("0dw:wq\r")
    m.expect(r"'/tmp/bb/v\.txt' 2L", what="vi's written message")
    vi_exit(m)
    expect_output(ctx, "cat /tmp/bb/v.txt", "hello vi there\nline")
    expect_output(ctx, "echo terminal ok", "terminal ok")


def test_renice_chroot_su(ctx):
    """Nice values, chroot and supplementary groups (kernel/priority.c, kernel/cred.c,
    fs/vfs_ops.c), as busybox's renice, ps, chroot and su use them."""
    pid = run(ctx, "echo $$")
    # renice -n adds to the nice value; glibc's getpriority undoes the kernel's 20 - nice.
    expect_match(ctx, f"busybox renice -n 5 {pid}", r"^$|old priority 0, new priority 5")
    expect_output(ctx, f"cut -d' ' -f18,19 /proc/{pid}/stat", "25 5")
    expect_match(ctx, f"busybox ps -o pid,nice,comm | grep '^ *{pid} '", rf"^\s*{pid}\s+5\s+sh$")
    run(ctx, f"busybox renice -n -5 {pid}")
    expect_output(ctx, f"cut -d' ' -f19 /proc/{pid}/stat", "0")
    # A user may not lower its own nice (EACCES) nor touch root's shell (EPERM).
    expect_output(ctx, f"runas 1000 busybox sh -c 'busybox renice -n -1 $$; "
                  f"busybox renice -n 1 {pid}' 2>&1",
                  "renice: setpriority: Permission denied\n"
                  "renice: setpriority: Operation not permitted")
    # chroot: the program is found in the new root, and "/.." is that root.
    run(ctx, "mkdir -p /tmp/bb/root/bin /tmp/bb/root/etc && cp /bin/busybox /tmp/bb/root/bin/")
    expect_output(ctx, "busybox chroot /tmp/bb/root /bin/busybox true; echo $?", "0")
    expect_output(ctx, "busybox chroot /tmp/bb/root /bin/busybox ls /.. | cat", "bin\netc")
    expect_output(ctx, "runas 1000 busybox chroot /tmp/bb/root /bin/busybox true 2>&1; echo $?",
                  "chroot: can't change root directory to '/tmp/bb/root': "
                  "Operation not permitted\n1")
    # su as root: no password; initgroups sets the groups from /etc/group.  su also
    # logs through glibc's syslog(), whose socket (socketcall, 102) Corral lacks: the
    # first time, the console says so; su goes on, as it does on Linux without syslogd.
    out = run(ctx, "busybox su -c id user")
    assert out.splitlines()[-1] == "uid=1000(user) gid=1000(user) groups=1000(user)", \
        f"su -c id user: {out!r}"
    assert all("system call 102" in line for line in out.splitlines()[:-1]), \
        f"su -c id user: {out!r}"


def test_fifo_mknod_blockdev(ctx):
    # A named pipe: the background writer's open waits for cat's, then EOF.
    expect_output(ctx, "busybox sh -c 'mkfifo /tmp/bb/fi; (echo through > /tmp/bb/fi &); "
                  "cat /tmp/bb/fi'", "through")
    expect_match(ctx, "busybox ls -l /tmp/bb/fi", r"^prw-r--r-- +1 root +root +0 .*/tmp/bb/fi$")
    expect_output(ctx, "stat -c '%F' /tmp/bb/fi", "fifo")
    # The same on ext2 (e2fsck checks the inode after: mode 0x1000, no blocks).
    run(ctx, "busybox mkdir -p /mnt/bb; mknod /mnt/bb/p p")
    expect_output(ctx, "busybox sh -c '(echo on disk > /mnt/bb/p &); cat /mnt/bb/p'", "on disk")
    expect_match(ctx, "busybox ls -l /mnt/bb/p", r"^prw-r--r-- ")
    # A device node made by mknod reaches its driver (1:3 is null).
    expect_output(ctx, "mknod /tmp/bb/null2 c 1 3; echo gone > /tmp/bb/null2; "
                  "stat -c '%t %T %F' /tmp/bb/null2; busybox wc -c < /tmp/bb/null2",
                  "1 3 character special file\n0")
    # The harness's disk is 64 MiB (scripts/mkdisk.sh).
    expect_output(ctx, "busybox blockdev --getsize64 /dev/hda", "67108864")
    expect_output(ctx, "for o in --getsz --getss --getbsz --getro; do "
                  "busybox blockdev $o /dev/hda; done", "131072\n512\n4096\n0")
    expect_match(ctx, "busybox fdisk -l /dev/hda", r"67108864 bytes, 131072 sectors")
    expect_output(ctx, "busybox blockdev --flushbufs /dev/hda; echo $?", "0")
    expect_output(ctx, "busybox rm /tmp/bb/fi /tmp/bb/null2 /mnt/bb/p; echo $?", "0")


def test_cleanup(ctx):
    expect_output(ctx, "cd /; busybox rm -rf /tmp/bb /mnt/bb; sync; echo $?", "0")
