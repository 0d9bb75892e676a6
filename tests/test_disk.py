"""
test_disk.py — the disks as /dev/hda and /dev/hdb (DESIGN.md sections 2 and 4): the
ATA driver's boot lines, the device nodes (brw-rw---- root), bytes read and written at
any offset through dd and od, the Unix rules at the end of a disk, users refused, a
boot with no disks at all, and the sequential read speed (reported, never asserted).

hda is the VM's copy of disk.img (ext2: its superblock magic 53 ef at byte 1080) and is
only read; hdb is its copy of swap.img, which the tests scribble on (after turning swap off:
an active swap device refuses writes).  After the VM halts, the host reads the hdb
copy to see that the bytes written really reached it.
"""

import re

import harness
from shell import expect_output, run

SECTOR = 512
BOOT_LINE = (r"^ata: (hd[ab]): (\d+) sectors \((\d+) MiB\), (LBA28|LBA48), "
             r"(\d+) sectors per interrupt, \"([^\"]*)\"$")
# A pattern the shell writes and Python knows: about 2.4 KiB, so a write of it at an
# odd offset has a partial sector at both ends and whole sectors in the middle.
PATTERN_LINES = 90
PATTERN = "".join(f"corral block test line {i}\n" for i in range(PATTERN_LINES)).encode()
PATTERN_OFFSET = 1000003  # on hdb: not sector aligned
SUMMARY = r"(\d+) bytes \(.*\) copied, (\d+\.\d+) s"


def image_sectors(ctx, name):
    return (ctx.config.build_dir / name).stat().st_size // SECTOR


def test_boot_lines(ctx):
    m = ctx.machine
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    found = {d: (int(n), int(mib), f"{lba}, {per_irq} per interrupt", model)
             for d, n, mib, lba, per_irq, model in re.findall(BOOT_LINE, m.output, re.M)}
    assert set(found) == {"hda", "hdb"}, f"boot lines for {sorted(found)}, want hda and hdb"
    for dev, image in (("hda", "disk.img"), ("hdb", "swap.img")):
        sectors, mib, _, _ = found[dev]
        assert sectors == image_sectors(ctx, image), \
            f"{dev}: {sectors} sectors, but {image} has {image_sectors(ctx, image)}"
        assert mib == sectors // 2048, f"{dev}: {sectors} sectors are not {mib} MiB"
    assert "ata: no disks" not in m.output
    return "; ".join(f"{d}: {found[d][0]} sectors, {found[d][2]}, {found[d][3]!r}"
                     for d in sorted(found))


def test_device_nodes(ctx):
    out = run(ctx, "ls -l /dev")
    for dev, minor in (("hda", 0), ("hdb", 64)):
        # mode, links, owner, group, "3, 0", then maybe a date, then the name
        line = re.search(rf"^(\S+) +\d+ +(\S+) +(\S+) +3, +{minor} (?:.* )?{dev}$", out, re.M)
        assert line, f"no block device {dev} 3:{minor} in ls -l /dev:\n{out}"
        assert line.group(1) == "brw-rw----", f"{dev} is {line.group(1)}, want brw-rw----"
        assert line.group(2) == "root" and line.group(3) == "root", f"{dev} not owned by root"


def test_superblock_magic(ctx):
    expect_output(ctx, "od -A d -t x1 -j 1080 -N 2 /dev/hda", "0001080 53 ef\n0001082")
    # The same bytes through dd, reading the whole sector they are in.
    expect_output(ctx, "dd if=/dev/hda bs=512 skip=2 count=1 status=none | od -A d -t x1"
                       " -j 56 -N 2", "0000056 53 ef\n0000058")


def swap_off_hdb(ctx):
    """/etc/rc turned swap on on hdb; its device file refuses writes until it is off."""
    run(ctx, "swapoff /dev/hdb 2>/dev/null; true")


def test_pattern_round_trip_on_hdb(ctx):
    swap_off_hdb(ctx)
    run(ctx, f"i=0; while [ $i -lt {PATTERN_LINES} ]; do echo \"corral block test line $i\";"
             " i=$((i+1)); done > /tmp/pat")
    expect_output(ctx, "wc -c < /tmp/pat", str(len(PATTERN)))
    out = run(ctx, f"dd if=/tmp/pat of=/dev/hdb bs=8192 seek={PATTERN_OFFSET}"
                   " oflag=seek_bytes conv=notrunc; echo $?")
    assert out.startswith("0+1 records in\n0+1 records out\n") and out.endswith("\n0"), \
        f"dd onto /dev/hdb printed {out!r}"
    run(ctx, f"dd if=/dev/hdb of=/tmp/back bs={len(PATTERN)} count=1 skip={PATTERN_OFFSET}"
             " iflag=skip_bytes,fullblock status=none")
    want = run(ctx, "od -A d -t x1 /tmp/pat")
    got = run(ctx, "od -A d -t x1 /tmp/back")
    assert got == want, f"read back differs:\n{got[:400]}\nwanted:\n{want[:400]}"
    # The sector before and the one after were kept as they were (zeros in swap.img).
    expect_output(ctx, f"od -A d -t x1 -j {PATTERN_OFFSET - 3} -N 3 /dev/hdb",
                  f"{PATTERN_OFFSET - 3:07d} 00 00 00\n{PATTERN_OFFSET:07d}")
    end = PATTERN_OFFSET + len(PATTERN)
    expect_output(ctx, f"od -A d -t x1 -j {end} -N 4 /dev/hdb",
                  f"{end:07d} 00 00 00 00\n{end + 4:07d}")


def test_end_of_disk(ctx):
    sectors = image_sectors(ctx, "disk.img")
    expect_output(ctx, f"dd if=/dev/hda bs=512 skip={sectors} status=none | wc -c", "0")
    expect_output(ctx, f"dd if=/dev/hda bs=512 skip={sectors - 1} count=4 status=none | wc -c",
                  "512")  # cut short at the end
    hdb = image_sectors(ctx, "swap.img")
    swap_off_hdb(ctx)
    out = run(ctx, f"dd if=/dev/zero of=/dev/hdb bs=512 seek={hdb - 1} count=3; echo $?")
    assert out.startswith("dd: error writing '/dev/hdb': No space left on device\n"), out
    assert "2+0 records in\n1+0 records out\n" in out and out.endswith("\n1"), out


def test_users_are_refused(ctx):
    for dev in ("hda", "hdb"):
        expect_output(ctx, f"runas 1000 cat /dev/{dev}; echo $?",
                      f"cat: /dev/{dev}: Permission denied\n1")
        expect_output(ctx, f"runas 1000 dd if=/dev/zero of=/dev/{dev} count=1; echo $?",
                      f"dd: failed to open '/dev/{dev}': Permission denied\n1")
    # Root still reads and writes them, and sync flushes the drives' caches.
    expect_output(ctx, "od -A d -t x1 -j 1080 -N 2 /dev/hda", "0001080 53 ef\n0001082")
    expect_output(ctx, "sync; echo $?", "0")


def test_dd_and_od_usage(ctx):
    out = run(ctx, "dd --help; echo $?")
    assert out.startswith("usage: dd ") and out.endswith("\n0"), out
    out = run(ctx, "dd bogus=1; echo $?")
    assert out.startswith("dd: unrecognized operand 'bogus=1'\nusage: dd "), out
    assert out.endswith("\n2"), out
    out = run(ctx, "dd bs=12q; echo $?")
    assert out.startswith("dd: invalid number: '12q'\nusage: dd ") and out.endswith("\n2"), out
    out = run(ctx, "od -h; echo $?")
    assert out.startswith("usage: od ") and out.endswith("\n0"), out
    out = run(ctx, "od -t d4 /dev/null; echo $?")
    assert out.startswith("od: unsupported type 'd4'") and out.endswith("\n2"), out
    expect_output(ctx, "echo abc | od -A x -t x1", "000000 61 62 63 0a\n000004")


def test_sequential_read_speed(ctx):
    """Read all of hda; reports MiB/s from the guest's clock (10 ms ticks)."""
    out = run(ctx, "dd if=/dev/hda of=/dev/null bs=65536 iflag=fullblock", timeout=600)
    summary = re.search(SUMMARY, out)
    assert summary, f"no dd summary in {out!r}"
    nbytes, secs = int(summary.group(1)), float(summary.group(2))
    assert nbytes == image_sectors(ctx, "disk.img") * SECTOR, f"read {nbytes} bytes"
    speed = nbytes / (1 << 20) / secs if secs > 0 else float("inf")
    return f"{nbytes >> 20} MiB in {secs:.2f} s: {speed:.1f} MiB/s (TCG, PIO)"


def test_written_bytes_reached_the_image(ctx):
    m = ctx.machine
    m.sendline("halt")
    status = m.wait_exit()
    assert status == harness.STATUS_OK, f"halt: {harness.describe_status(status)}"
    with open(m.swap, "rb") as f:
        f.seek(PATTERN_OFFSET)
        data = f.read(len(PATTERN))
    assert data == PATTERN, f"swap.img copy at {PATTERN_OFFSET}: {data[:40]!r}..."


def test_no_disks(ctx):
    m = ctx.boot(disks=False)
    m.expect(r"^ata: no disks$", timeout=harness.BOOT_TIMEOUT)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    assert not re.search(r"^ata: hd", m.output, re.M), "a disk line without disks"
    out = m.command("ls /dev")
    assert "hda" not in out and "hdb" not in out, f"ls /dev: {out!r}"
    out = m.command("cat /dev/hda; echo $?")
    assert out == "cat: /dev/hda: No such file or directory\n1", out
    assert m.command("echo still here") == "still here"
    m.sendline("halt")
    assert m.wait_exit() == harness.STATUS_OK
