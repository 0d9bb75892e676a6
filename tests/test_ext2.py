"""
test_ext2.py — ext2 on /dev/hda at /mnt (DESIGN.md section 4, issue 8): the boot
mount, the test data of scripts/mkdisk.sh read back byte for byte (cksum against the
host's staging files), writes that survive a reboot of the same disk copy, a 4 MiB
file, hundreds of files, rename, unlink of an open file, files past the single- and
double-indirect ranges, symbolic links fast and slow, mkdir/rmdir, chmod/chown,
umount's EBUSY, statfs through df, a full disk, the same on a 4 KiB-block image, and
a boot with no disk.  Every disk copy is checked with e2fsck -fn afterwards.

Speeds (MiB/s under TCG) are measured and reported in the details, never asserted.
"""

import re
import shutil
import time

import harness
from shell import expect_output, run

WRITES_DISK = True
SECONDS = 55  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 1800

LONG = 300  # seconds for commands that move megabytes under TCG
vms = {}  # later VMs, by role: the second boot of the same disk, ...


def posix_cksum(data):
    """What cksum(1) prints first: POSIX's CRC-32 of data and its length."""
    crc = 0
    def add(byte):
        nonlocal crc
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
    for b in data:
        add(b)
    n = len(data)
    while n:
        add(n & 0xFF)
        n >>= 8
    return crc ^ 0xFFFFFFFF


def staging(ctx, name, root="diskroot"):
    return (ctx.config.build_dir / root / name).read_bytes()


def expect_cksum(m, path, data, timeout=LONG):
    out = m.command(f"cksum {path}", timeout=timeout)
    want = f"{posix_cksum(data)} {len(data)} {path}"
    assert out == want, f"cksum {path}: {out!r}, want {want!r}"


def dd_rate(out):
    """MB/s as dd reports it (its own clock), for the details."""
    found = re.search(r"copied, ([\d.]+) s, ([\d.]+ [kMG]?B/s)", out)
    return found.group(2) if found else "?"


def test_mounted_at_boot(ctx):
    m = ctx.machine
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    assert "ext2:" not in m.output, "ext2 complained at boot"
    expect_output(ctx, "grep /mnt /proc/mounts", "/dev/hda /mnt ext2 rw 0 0")
    expect_output(ctx, "mount | grep ext2", "/dev/hda /mnt ext2 rw 0 0")


def test_read_test_data(ctx):
    m = ctx.machine
    expect_cksum(m, "/mnt/big", staging(ctx, "big"))
    expect_cksum(m, "/mnt/hello.txt", staging(ctx, "hello.txt"))
    expect_output(ctx, "ls /mnt/many | wc -l", "300")
    expect_output(ctx, "cat /mnt/many/f123", "file 123")
    expect_output(ctx, "cat /mnt/deep/a/b/c/d/leaf.txt", "a leaf in a deep tree")


def test_symlinks_fast_and_slow(ctx):
    expect_output(ctx, "readlink /mnt/fastlink", "hello.txt")
    slow = "deep/a/b/c/d/../../../../../deep/a/b/c/d/../d/../../c/d/leaf.txt"
    expect_output(ctx, "readlink /mnt/slowlink", slow)
    expect_output(ctx, "cat /mnt/slowlink", "a leaf in a deep tree")
    long_target = "/mnt/deep/" + "x" * 100
    run(ctx, "ln -s hello.txt /mnt/newfast")
    run(ctx, f"ln -s {long_target} /mnt/newslow")
    expect_output(ctx, "cat /mnt/newfast", "hello from ext2")
    expect_output(ctx, "readlink /mnt/newslow", long_target)
    expect_output(ctx, "cat /mnt/newslow", "cat: /mnt/newslow: No such file or directory")


def test_4mib_file(ctx):
    m = ctx.machine
    big = staging(ctx, "big")
    start = time.monotonic()
    run(ctx, "cat /mnt/big /mnt/big /mnt/big /mnt/big > /mnt/four; sync", timeout=LONG)
    write_s = time.monotonic() - start
    expect_cksum(m, "/mnt/four", big * 4)
    # Read it again from the disk, not the cache: a fresh mount has no pages.
    run(ctx, "umount /mnt && mount -t ext2 /dev/hda /mnt")
    cold = m.command("dd if=/mnt/four of=/dev/null bs=65536", timeout=LONG)
    warm = m.command("dd if=/mnt/four of=/dev/null bs=65536", timeout=LONG)
    expect_cksum(m, "/mnt/four", big * 4)
    mib = len(big) * 4 / 2**20
    return (f"write+sync {mib / write_s:.1f} MiB/s (host clock), read cold {dd_rate(cold)}, "
            f"cached {dd_rate(warm)} (dd)")


def test_past_single_indirect(ctx):
    """1 KiB blocks: 12 direct + 256 single-indirect blocks end at 268 KiB; /mnt/big
    (1 MiB) and a 2 MiB copy go through double-indirect blocks."""
    run(ctx, "cat /mnt/big /mnt/big > /mnt/double", timeout=LONG)
    run(ctx, "umount /mnt && mount -t ext2 /dev/hda /mnt")
    expect_cksum(ctx.machine, "/mnt/double", staging(ctx, "big") * 2)
    run(ctx, "rm /mnt/double")


def test_hundreds_of_files(ctx):
    run(ctx, "mkdir /mnt/lots")
    run(ctx, "i=0; while [ $i -lt 400 ]; do echo $i > /mnt/lots/file$i; i=$((i+1)); done",
        timeout=LONG)
    expect_output(ctx, "ls /mnt/lots | wc -l", "400")
    expect_output(ctx, "cat /mnt/lots/file399", "399")
    run(ctx, "i=0; while [ $i -lt 400 ]; do rm /mnt/lots/file$i; i=$((i+2)); done",
        timeout=LONG)
    expect_output(ctx, "ls /mnt/lots | wc -l", "200")
    expect_output(ctx, "cat /mnt/lots/file301", "301")
    run(ctx, "i=1; while [ $i -lt 400 ]; do rm /mnt/lots/file$i; i=$((i+2)); done",
        timeout=LONG)
    expect_output(ctx, "ls -a /mnt/lots", ".\n..")
    expect_output(ctx, "rmdir /mnt/lots; ls /mnt/lots",
                  "ls: /mnt/lots: No such file or directory")


def test_rename(ctx):
    run(ctx, "echo moving > /mnt/a; mkdir /mnt/d1 /mnt/d2")
    run(ctx, "mv /mnt/a /mnt/b")
    expect_output(ctx, "cat /mnt/b; ls /mnt/a", "moving\nls: /mnt/a: No such file or directory")
    run(ctx, "mv /mnt/b /mnt/d1/c")
    expect_output(ctx, "cat /mnt/d1/c", "moving")
    run(ctx, "echo old > /mnt/d2/c; mv /mnt/d1/c /mnt/d2/c")  # replaces a file
    expect_output(ctx, "cat /mnt/d2/c; ls /mnt/d1", "moving")
    run(ctx, "mkdir /mnt/d1/sub; echo x > /mnt/d1/sub/f; mv /mnt/d1/sub /mnt/d2/sub")
    expect_output(ctx, "ls /mnt/d2/sub/..", "c\nsub")  # ".." now names d2
    # Link counts: d1 lost a subdirectory, d2 gained one.
    out = run(ctx, "ls -ld /mnt/d1 /mnt/d2")
    links = re.findall(r"^d\S+ +(\d+) ", out, re.M)
    assert links == ["2", "3"], f"link counts of d1, d2: {links}\n{out}"
    run(ctx, "rm /mnt/d2/sub/f /mnt/d2/c; rmdir /mnt/d2/sub /mnt/d1 /mnt/d2")


def test_mkdir_rmdir(ctx):
    run(ctx, "mkdir /mnt/top; mkdir /mnt/top/inner")
    expect_output(ctx, "rmdir /mnt/top", "rmdir: /mnt/top: Directory not empty")
    expect_output(ctx, "mkdir /mnt/top; echo $?", "mkdir: /mnt/top: File exists\n1")
    out = run(ctx, "ls -ld /mnt/top")
    assert re.match(r"^drwxr-xr-x +3 ", out), f"/mnt/top: {out!r}"
    run(ctx, "rmdir /mnt/top/inner /mnt/top")
    expect_output(ctx, "ls -d /mnt/top", "ls: /mnt/top: No such file or directory")


def df_used_kib(ctx):
    out = run(ctx, "df /mnt")
    return int(out.splitlines()[1].split()[2])


def test_unlink_open_file(ctx):
    run(ctx, "cat /mnt/big /mnt/big > /mnt/held; sync", timeout=LONG)
    before = df_used_kib(ctx)
    # A reader opens the file, the name goes, and the reader still gets the data.
    run(ctx, "sh -c 'sleep 3; cksum' < /mnt/held > /tmp/heldsum & rm /mnt/held; sync")
    expect_output(ctx, "ls /mnt/held", "ls: /mnt/held: No such file or directory")
    held = df_used_kib(ctx)
    assert held == before, f"space used went from {before} to {held} KiB while open"
    run(ctx, "wait", timeout=LONG)
    data = staging(ctx, "big") * 2
    expect_output(ctx, "cat /tmp/heldsum", f"{posix_cksum(data)} {len(data)}")
    after = df_used_kib(ctx)
    assert before - after >= len(data) // 1024, \
        f"after the last close {after} KiB used, was {before}: the blocks were not freed"
    return f"df used: {before} KiB open, {after} KiB after the close"


def test_chmod_chown_and_times(ctx):
    run(ctx, "echo persistent > /mnt/keep; chmod 640 /mnt/keep; chown 1000:1001 /mnt/keep")
    out = run(ctx, "ls -l /mnt/keep")
    assert re.match(r"^-rw-r----- +1 +user +1001 +11 ", out), f"ls -l: {out!r}"
    month = run(ctx, "date +%b")  # mtime is the wall clock's, not 1970's
    assert f" {month} " in out, f"ls -l shows no {month} date: {out!r}"


def test_df_and_statfs(ctx):
    out = run(ctx, "df")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["Filesystem", "1K-blocks"], out
    row = [l for l in lines if l.endswith(" /mnt")]
    assert row and row[0].startswith("/dev/hda"), f"no /mnt row in df:\n{out}"
    total = int(row[0].split()[1])
    assert total == 65535, f"/mnt has {total} 1K-blocks, want 65535 (64 MiB less block 0)"
    expect_output(ctx, "df -h >/dev/null; echo $?", "0")
    expect_output(ctx, "df --bad 2>/dev/null; echo $?", "2")
    expect_output(ctx, "cksum --help", "usage: cksum [FILE...]")


def test_umount_busy(ctx):
    run(ctx, "mkdir /tmp/again")
    expect_output(ctx, "mount -t ext2 /dev/hda /tmp/again",  # one disk, one mount
                  "mount: /tmp/again: Device or resource busy")
    expect_output(ctx, "mount -t ext2 /dev/hdb /tmp/again",  # the swap disk: not ext2
                  "ext2: hdb: bad magic 0x0: not ext2\nmount: /tmp/again: Invalid argument")
    run(ctx, "rmdir /tmp/again")
    expect_output(ctx, "cd /mnt; umount /mnt; cd /", "umount: /mnt: Device or resource busy")
    run(ctx, "sh -c 'sleep 2' < /mnt/hello.txt &")
    expect_output(ctx, "umount /mnt", "umount: /mnt: Device or resource busy")
    run(ctx, "wait", timeout=LONG)
    expect_output(ctx, "umount /mnt; echo $?; grep -c /mnt /proc/mounts", "0\n0")
    run(ctx, "mount -t ext2 /dev/hda /mnt")
    expect_output(ctx, "cat /mnt/keep", "persistent")


def meminfo_kib(ctx, key):
    out = run(ctx, f"grep '^{key}:' /proc/meminfo")
    return int(out.split()[1])


def test_cached_rises_and_drops(ctx):
    run(ctx, "umount /mnt && mount -t ext2 /dev/hda /mnt")
    before = meminfo_kib(ctx, "Cached")
    run(ctx, "cat /mnt/four > /dev/null", timeout=LONG)
    during = meminfo_kib(ctx, "Cached")
    assert during - before >= 4000, f"Cached went from {before} to {during} kB"
    if run(ctx, "ls /proc/sys/vm/drop_caches 2>/dev/null").strip() == "":
        return f"Cached {before} -> {during} kB (no /proc/sys/vm/drop_caches: drop not checked)"
    run(ctx, "echo 1 > /proc/sys/vm/drop_caches")
    after = meminfo_kib(ctx, "Cached")
    assert after < during - 4000, f"Cached {during} -> {after} kB after drop_caches"
    start = time.monotonic()
    cold = run(ctx, "dd if=/mnt/four of=/dev/null bs=65536", timeout=LONG)
    return f"Cached {before} -> {during} -> {after} kB; cold read {dd_rate(cold)}"


def test_sparse_triple_indirect_and_truncate(ctx):
    """1 KiB blocks: past 64.3 MiB a file needs the triple-indirect block.  A few
    bytes at 100 MiB make a sparse file; holes read as zeros; truncating it to the
    middle of a block frees the trees and zeroes the rest of the block."""
    before = df_used_kib(ctx)
    run(ctx, "dd if=/mnt/hello.txt of=/mnt/sparse bs=1M seek=100 status=none")
    out = run(ctx, "ls -l /mnt/sparse")
    assert re.match(r"^-\S+ +1 +root +root +104857616 ", out), out
    expect_output(ctx, "dd if=/mnt/sparse bs=1M skip=100 status=none", "hello from ext2")
    expect_output(ctx, "od -A d -t x1 -j 52428800 -N 16 /mnt/sparse",
                  "52428800 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n52428816")
    used = df_used_kib(ctx) - before
    assert used <= 8, f"a sparse file with 16 bytes of data uses {used} KiB"
    run(ctx, "cp /mnt/big /mnt/sparse")  # now data everywhere in the first 1 MiB
    run(ctx, "dd if=/dev/null of=/mnt/sparse bs=1 seek=1500 status=none")  # shrink
    run(ctx, "dd if=/dev/null of=/mnt/sparse bs=1 seek=3000 status=none")  # grow
    run(ctx, "umount /mnt && mount -t ext2 /dev/hda /mnt")
    out = run(ctx, "od -A d -t x1 -j 1496 -N 8 /mnt/sparse")
    data = staging(ctx, "big")[1496:1500].hex(" ")
    assert out == f"0001496 {data} 00 00 00 00\n0001504", f"the old tail is back: {out!r}"
    run(ctx, "rm /mnt/sparse")
    after = df_used_kib(ctx)
    assert after == before, f"{after - before} KiB still used after rm"


def test_survives_reboot(ctx):
    m = ctx.machine
    run(ctx, "echo written before the reboot > /mnt/reboot.txt")
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK
    m2 = vms["second"] = ctx.boot(disk=m.disk)
    m2.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    assert m2.command("cat /mnt/reboot.txt") == "written before the reboot"
    out = m2.command("ls -l /mnt/keep")
    assert re.match(r"^-rw-r----- +1 +user +1001 +11 ", out), f"after reboot: {out!r}"
    expect_cksum(m2, "/mnt/four", staging(ctx, "big") * 4)
    assert m2.command("readlink /mnt/newslow") == "/mnt/deep/" + "x" * 100
    m2.sendline("halt")
    assert m2.wait_exit(timeout=120) == harness.STATUS_OK


def test_full_disk(ctx):
    """ENOSPC, and the filesystem clean afterwards (e2fsck runs on this copy too).
    512 MiB of RAM: nothing reclaims the page cache yet, and the fill is 55 MiB."""
    m = vms["full"] = ctx.boot(mem="512M")
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    out = m.command("dd if=/dev/zero of=/mnt/fill bs=65536 count=2000 iflag=fullblock; echo status $?",
                    timeout=LONG)
    assert "No space left on device" in out and out.endswith("status 1"), out
    out = m.command("echo more > /mnt/more")
    assert "No space left on device" in out, out
    out = m.command("sync; df /mnt")
    assert re.search(r" 100% /mnt$", out), out
    m.command("rm /mnt/fill /mnt/more; sync", timeout=LONG)
    out = m.command("df /mnt")
    assert not re.search(r" 100% /mnt$", out), f"space not freed:\n{out}"
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK


def test_4k_blocks(ctx):
    image = ctx.workdir / "disk4k.img"
    shutil.copyfile(ctx.config.build_dir / "disk4k.img", image)
    m = vms["4k"] = ctx.boot(disk=image)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    big = staging(ctx, "big", "diskroot4k")
    expect_cksum(m, "/mnt/big", big)
    out = m.command("df /mnt")
    assert re.search(r"^/dev/hda +65536 ", out, re.M), f"4 KiB blocks: 16384 of them\n{out}"
    m.command("cat /mnt/big /mnt/big /mnt/big /mnt/big > /mnt/four", timeout=LONG)
    m.command("mkdir /mnt/x; mv /mnt/many /mnt/x/many; ln -s " + "y" * 80 + " /mnt/x/slow")
    m.command("umount /mnt && mount -t ext2 /dev/hda /mnt")
    expect_cksum(m, "/mnt/four", big * 4)
    assert m.command("ls /mnt/x/many | wc -l") == "300"
    assert m.command("readlink /mnt/x/slow") == "y" * 80
    m.command("rm /mnt/four")
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK


def test_no_disk(ctx):
    m = ctx.boot(disks=False)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    assert "ext2" not in m.output and "mount:" not in m.output, \
        "a boot without a disk printed an ext2 or mount error"
    assert m.command("grep -c /mnt /proc/mounts") == "0"
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK
