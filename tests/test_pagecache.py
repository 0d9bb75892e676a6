"""
test_pagecache.py — the page cache's user-visible side (issue 8): the
drop_caches switch and its errors, the Dirty/Writeback lines of
/proc/meminfo, pgpgin/pgpgout in /proc/vmstat, and sync.  What the cache
does with a real filesystem (Cached rising and falling, write-back to ext2) is
tested with ext2 (test_ext2.py); the mechanics are the self tests in
mm/page_cache_test.c.
"""

import re

from shell import run, expect_output


def vmstat(ctx, key):
    out = run(ctx, f"grep '^{key} ' /proc/vmstat")
    m = re.match(rf"{key} (\d+)$", out)
    assert m, f"no {key} line in /proc/vmstat: {out!r}"
    return int(m.group(1))


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=120)


def test_drop_caches_is_write_only_for_root(ctx):
    expect_output(ctx, "echo 1 > /proc/sys/vm/drop_caches; echo $?", "0")
    expect_output(ctx, "echo 3 > /proc/sys/vm/drop_caches; echo $?", "0")
    out = run(ctx, "cat /proc/sys/vm/drop_caches; echo $?")
    assert "Permission denied" in out and out.endswith("1"), out
    for bad in ("0", "4", "x", "-1"):
        out = run(ctx, f"echo {bad} > /proc/sys/vm/drop_caches; echo $?")
        assert "Invalid argument" in out and out.endswith("1"), f"{bad}: {out}"
    out = run(ctx, "runas 1000 sh -c 'echo 1 > /proc/sys/vm/drop_caches'; echo $?")
    assert "Permission denied" in out and out.endswith("1"), out


def test_meminfo_has_dirty_and_writeback(ctx):
    out = run(ctx, "cat /proc/meminfo")
    for key in ("Cached", "Dirty", "Writeback"):
        assert re.search(rf"^{key}: +\d+ kB$", out, re.M), f"no {key} in:\n{out}"


def test_disk_reads_count_in_pgpgin(ctx):
    if "hda" not in run(ctx, "ls /dev"):
        return "no disk attached: skipped"
    before = vmstat(ctx, "pgpgin")
    run(ctx, "dd if=/dev/hda of=/dev/null bs=1024 count=64 status=none")
    after = vmstat(ctx, "pgpgin")
    assert after >= before + 64, f"pgpgin {before} -> {after} after reading 64 KiB"
    return f"pgpgin {before} -> {after}"


def test_sync_succeeds(ctx):
    expect_output(ctx, "echo data > /tmp/pc_sync; sync; echo $?", "0")
    expect_output(ctx, "cat /tmp/pc_sync", "data")


def test_min_free_kbytes(ctx):
    original = run(ctx, "cat /proc/sys/vm/min_free_kbytes")
    assert re.fullmatch(r"\d+", original) and int(original) >= 128, original
    expect_output(ctx, "echo 2048 > /proc/sys/vm/min_free_kbytes; echo $?", "0")
    expect_output(ctx, "cat /proc/sys/vm/min_free_kbytes", "2048")
    for bad in ("1", "x", "999999999", ""):
        out = run(ctx, f"echo {bad} > /proc/sys/vm/min_free_kbytes; echo $?")
        assert "Invalid argument" in out and out.endswith("1"), f"{bad!r}: {out}"
    out = run(ctx, "runas 1000 sh -c 'echo 4096 > /proc/sys/vm/min_free_kbytes'; echo $?")
    assert "Permission denied" in out and out.endswith("1"), out
    expect_output(ctx, f"echo {original} > /proc/sys/vm/min_free_kbytes; "
                  "cat /proc/sys/vm/min_free_kbytes", original)
