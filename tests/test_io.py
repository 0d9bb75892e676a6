"""
test_io.py — the disk I/O controller (issue 14, docs/io-controller.md): a container's
io_rbytes/io_wbytes count what its tasks read and write on the ext2 disk, and
`io_bps_max` holds it to a rate by delaying its requests (a token bucket), never by
failing them, while a container without a limit goes at full speed beside it.

One machine (256 MiB, so that reclaim never writes the files' dirty pages for them)
runs the scenarios in order: the attribute and its errnos; a capped and an unlimited
container each write 8.8 MiB (/mnt/big eight times) with dd conv=fsync at the same
time; both read their file back uncached (after drop_caches); `max` lifts the cap;
then the files go, the audit is clean, and e2fsck checks the disk (WRITES_DISK).

Timing is by the guest's clock (/proc/uptime) and asserted only as a lower bound the
token bucket guarantees: 1 MiB/s with a bucket of a quarter of a second cannot move
8.8 MiB in less than 8 s, so the capped copy takes at least 6 s.  The unlimited
copy's time is only reported.
"""

import re

import harness
from container_files import stat_value
from test_ext2 import posix_cksum, staging

WRITES_DISK = True  # files written on /mnt: e2fsck -fn checks the disk after
SECONDS = 85  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 1200
LONG = 300
C = "/configfs/container"
MIB = 1 << 20
CAP = MIB  # io_bps_max of the capped container, bytes per second
COPIES = 8  # /mnt/big (1.1 MB) eight times: 8.8 MB, more than 8 MiB

EINVAL = "Invalid argument"
ERANGE = "Numerical result out of range"
EACCES = "Permission denied"

vm = {}


def machine(ctx):
    if "m" not in vm:
        m = vm["m"] = ctx.boot(mem="256M")
        m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
        # A command run with the guest's clock before and after it.
        m.command("echo 'cat /proc/uptime; \"$@\"; cat /proc/uptime' > /tmp/timed")
    return vm["m"]


def io_stat(m, name):
    return {k: stat_value(m, name, k) for k in ("io_rbytes", "io_wbytes", "io_throttled_usec")}


def timed_output(m, path):
    """What /tmp/timed printed to path: (seconds by the guest's clock, the lines
    between the two uptimes)."""
    lines = m.command(f"cat {path}").split("\n")
    assert len(lines) >= 2, f"{path}: {lines!r}"
    first, last = (float(lines[i].split()[0]) for i in (0, -1))
    return last - first, lines[1:-1]


def both(m, slow_cmd, fast_cmd, tag):
    """Run slow_cmd in container slow and fast_cmd in fast at the same time, each
    timed; return their (seconds, lines)."""
    m.command(f"cexec slow sh /tmp/timed {slow_cmd} > /tmp/slow.{tag} 2>/dev/null & "
              f"cexec fast sh /tmp/timed {fast_cmd} > /tmp/fast.{tag} 2>/dev/null; wait",
              timeout=LONG)
    return timed_output(m, f"/tmp/slow.{tag}"), timed_output(m, f"/tmp/fast.{tag}")


def bad_write(m, value, errno):
    out = m.command(f"echo {value} > {C}/slow/io_bps_max; echo $?")
    assert out == f"sh: {C}/slow/io_bps_max: {errno}\n1", f"io_bps_max < {value!r}: {out!r}"


def test_io_bps_max_attribute(ctx):
    m = machine(ctx)
    m.command(f"mkdir {C}/slow {C}/fast")
    out = m.command(f"ls -l {C}/slow/io_bps_max")
    assert out.startswith("-rw-r--r--"), out
    assert m.command(f"cat {C}/slow/io_bps_max") == "max"
    assert io_stat(m, "slow") == {"io_rbytes": 0, "io_wbytes": 0, "io_throttled_usec": 0}
    keys = [line.split()[0] for line in m.command(f"cat {C}/slow/stat").split("\n")]
    assert keys[-3:] == ["io_rbytes", "io_wbytes", "io_throttled_usec"], keys
    for value, errno in (("lots", EINVAL), ("-5", EINVAL), ("1.5", EINVAL), ("'12 34'", EINVAL),
                         ("''", EINVAL), ("0", EINVAL), ("4294967296", ERANGE),
                         ("99999999999", ERANGE)):
        bad_write(m, value, errno)
        assert m.command(f"cat {C}/slow/io_bps_max") == "max", f"changed by {value!r}"
    m.command(f"echo 4294967295 > {C}/slow/io_bps_max")  # the largest: as good as none
    assert m.command(f"cat {C}/slow/io_bps_max") == "max"
    m.command(f"echo ' 2048 ' > {C}/slow/io_bps_max")
    assert m.command(f"cat {C}/slow/io_bps_max") == "2048"
    bad_write(m, "lots", EINVAL)
    assert m.command(f"cat {C}/slow/io_bps_max") == "2048", "a bad write changed it"
    out = m.command(f"echo 1 > {C}/slow/stat; echo $?")
    assert out == f"sh: {C}/slow/stat: {EACCES}\n1", out
    out = m.command(f"runas 1000 sh -c 'echo 5 > {C}/slow/io_bps_max'")
    assert out == f"sh: {C}/slow/io_bps_max: {EACCES}", out
    m.command(f"echo {CAP} > {C}/slow/io_bps_max")
    assert m.command(f"cat {C}/slow/io_bps_max") == str(CAP)
    assert m.command(f"cat {C}/fast/io_bps_max") == "max"


def test_capped_write_is_delayed_and_unlimited_is_not(ctx):
    m = machine(ctx)
    big = staging(ctx, "big")
    data = big * COPIES
    m.command("cat " + " ".join(["/mnt/big"] * COPIES) + " > /tmp/src", timeout=LONG)
    before = io_stat(m, "slow")
    dd = "busybox dd if=/tmp/src of=/mnt/io-{} bs=4096 conv=fsync"
    (slow_s, _), (fast_s, _) = both(m, dd.format("slow"), dd.format("fast"), "w")
    slow, fast = io_stat(m, "slow"), io_stat(m, "fast")
    for name in ("slow", "fast"):
        out = m.command(f"cksum /mnt/io-{name}", timeout=LONG)
        want = f"{posix_cksum(data)} {len(data)} /mnt/io-{name}"
        assert out == want, f"{name}: {out!r}, want {want!r}"
    written = slow["io_wbytes"] - before["io_wbytes"]
    assert written >= len(data), f"slow wrote {written} bytes, the file is {len(data)}"
    assert fast["io_wbytes"] >= len(data), fast
    # The bucket lets through at most a quarter of a second's worth plus the rate.
    least = (len(data) - CAP // 4 - 4096) / CAP
    assert slow_s >= 6.0 and slow_s >= least - 0.1, f"capped write took {slow_s:.2f} s"
    assert slow["io_throttled_usec"] > before["io_throttled_usec"], slow
    assert fast["io_throttled_usec"] == 0, fast
    return (f"{len(data)} bytes with conv=fsync: capped {slow_s:.2f} s (guest; at least "
            f"{least:.2f} s by the bucket), unlimited {fast_s:.2f} s alongside; slow "
            f"io_throttled_usec {slow['io_throttled_usec']}")


def test_capped_read_is_delayed_and_unlimited_is_not(ctx):
    m = machine(ctx)
    data = staging(ctx, "big") * COPIES
    m.command("sync; echo 3 > /proc/sys/vm/drop_caches", timeout=LONG)
    before_slow, before_fast = io_stat(m, "slow"), io_stat(m, "fast")
    (slow_s, slow_out), (fast_s, fast_out) = both(m, "cksum /mnt/io-slow", "cksum /mnt/io-fast",
                                                  "r")
    for name, out in (("slow", slow_out), ("fast", fast_out)):
        want = f"{posix_cksum(data)} {len(data)} /mnt/io-{name}"
        assert out == [want], f"{name}: {out!r}, want {want!r}"
    slow, fast = io_stat(m, "slow"), io_stat(m, "fast")
    read = slow["io_rbytes"] - before_slow["io_rbytes"]
    assert read >= len(data), f"slow read {read} bytes of a {len(data)}-byte file"
    assert fast["io_rbytes"] - before_fast["io_rbytes"] >= len(data), fast
    least = (len(data) - CAP // 4 - 128 * 1024) / CAP
    assert slow_s >= 6.0 and slow_s >= least - 0.1, f"capped read took {slow_s:.2f} s"
    assert slow["io_throttled_usec"] > before_slow["io_throttled_usec"], slow
    assert fast["io_throttled_usec"] == 0, fast
    return f"uncached read: capped {slow_s:.2f} s (guest), unlimited {fast_s:.2f} s alongside"


def test_reading_the_disk_device_is_delayed_too(ctx):
    """A root task in the capped container reading /dev/hda itself (no file system, no
    page cache) waits for its budget as well: 2 MiB at 1 MiB/s, call after call."""
    m = machine(ctx)
    before = io_stat(m, "slow")
    m.command("cexec slow sh /tmp/timed dd if=/dev/hda of=/dev/null bs=4096 count=512 "
              "> /tmp/slow.dev 2>/dev/null", timeout=LONG)
    seconds, _ = timed_output(m, "/tmp/slow.dev")
    after = io_stat(m, "slow")
    assert after["io_rbytes"] - before["io_rbytes"] >= 2 * MIB, after
    assert after["io_throttled_usec"] > before["io_throttled_usec"], (before, after)
    assert seconds >= 1.0, f"2 MiB of /dev/hda at 1 MiB/s took {seconds:.2f} s"
    return f"/dev/hda, 2 MiB capped at 1 MiB/s: {seconds:.2f} s (guest)"


def test_max_lifts_the_cap(ctx):
    """Back to `max`, the same container copies without a moment's wait: its
    io_throttled_usec stays where it was (a time is reported, not asserted)."""
    m = machine(ctx)
    m.command(f"echo max > {C}/slow/io_bps_max")
    assert m.command(f"cat {C}/slow/io_bps_max") == "max"
    before = io_stat(m, "slow")
    m.command("cexec slow sh /tmp/timed busybox dd if=/tmp/src of=/mnt/io-slow bs=4096 "
              "conv=fsync > /tmp/slow.max 2>/dev/null", timeout=LONG)
    seconds, _ = timed_output(m, "/tmp/slow.max")
    after = io_stat(m, "slow")
    assert after["io_wbytes"] - before["io_wbytes"] >= 8 * MIB, after
    assert after["io_throttled_usec"] == before["io_throttled_usec"], (before, after)
    return f"uncapped again: {seconds:.2f} s (guest) for the same copy"


def test_cleanup_audit(ctx):
    m = machine(ctx)
    m.command("rm /mnt/io-slow /mnt/io-fast /tmp/src; sync", timeout=LONG)
    m.command(f"rmdir {C}/slow {C}/fast")
    out = m.command("cat /proc/container_audit", timeout=120)
    assert out == "audit: ok", out
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK
