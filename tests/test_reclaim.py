"""
test_reclaim.py — memory the kernel takes back (issue 9), seen from the shell of small
machines:

  - a file of 3x RAM written and read back twice on ext2 (16 MiB): every page reads back
    right, the page cache gives its pages back (pgsteal), MemFree stays above the low
    watermark;
  - anonymous memory beyond RAM without swap (32 MiB, no disks): the OOM killer kills
    memhog with a console line, the shell survives and the memory comes back;
  - a forkbomb that exhausts memory ends with the OOM killer (its children die with it);
  - with swap: memhog of 3x RAM completes and its pattern checks out (and one bigger than
    swap alone, rewritten: slots of rewritten pages come back); a parent and child
    sharing copy-on-write pages both swap out and back; swapoff under load;
  - the invariant audit (map counts, swap counts, LRU lists, charges) after each.
"""

import re

import harness
from shell import wait_for_text

WRITES_DISK = True  # the big file goes on ext2: e2fsck -fn checks the disk after
SECONDS = 520  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 1800
LONG = 600


def vmstat(m, key):
    out = m.command(f"grep '^{key} ' /proc/vmstat")
    found = re.match(rf"{key} (\d+)$", out)
    assert found, f"no {key} in /proc/vmstat: {out!r}"
    return int(found.group(1))


def meminfo(m, key):
    out = m.command(f"grep '^{key}:' /proc/meminfo")
    found = re.match(rf"{re.escape(key)}: +(\d+) kB$", out)
    assert found, f"no {key} in /proc/meminfo: {out!r}"
    return int(found.group(1))


def low_watermark_kb(m):
    min_kb = int(m.command("cat /proc/sys/vm/min_free_kbytes"))
    return min_kb + min_kb // 4


def expect_audit_ok(m):
    out = m.command("cat /proc/container_audit", timeout=120)
    assert out == "audit: ok", f"audit: {out}"


def boot(ctx, mem, disks=True):
    m = ctx.boot(mem=mem, disks=disks)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    return m


def test_file_of_3x_ram_read_twice(ctx):
    m = boot(ctx, "16M")
    pages = 3 * 16 * 256  # 3 x RAM
    out = m.command(f"filehog /mnt/reclaim3x {pages} 2; echo $?", timeout=LONG)
    assert out.endswith("0") and "wrong" not in out, f"filehog: {out}"
    m.command("sleep 1")  # kswapd's last round
    free_kb, low_kb = meminfo(m, "MemFree"), low_watermark_kb(m)
    stolen = vmstat(m, "pgsteal")
    assert stolen >= pages, f"pgsteal {stolen} after writing and reading {pages} pages"
    assert free_kb >= low_kb, f"MemFree {free_kb} kB below the low watermark {low_kb} kB"
    m.command("rm /mnt/reclaim3x; sync")
    expect_audit_ok(m)
    return f"MemFree {free_kb} kB (low {low_kb}), pgsteal {stolen}"


def test_anon_beyond_ram_without_swap_is_oom_killed(ctx):
    m = boot(ctx, "32M", disks=False)
    free_before = meminfo(m, "MemFree")
    out = m.command("memhog 24000; echo rc=$?", timeout=LONG)
    assert re.search(r"^Out of memory: killed process \d+ \(memhog\) in container /: rss \d+ kB",
                     out, re.M), f"no OOM line: {out}"
    assert out.endswith("rc=137"), f"memhog was not killed by SIGKILL: {out}"
    free_after = meminfo(m, "MemFree")
    assert free_after >= free_before - 512, f"MemFree {free_before} -> {free_after} kB"
    assert vmstat(m, "oom_kill") == 1
    out = m.command("memhog 1000; echo $?", timeout=LONG)
    assert out.endswith("\n0"), f"memhog after the OOM kill: {out}"
    expect_audit_ok(m)
    return f"MemFree {free_before} -> {free_after} kB"


def test_forkbomb_ends_with_the_oom_killer(ctx):
    m = boot(ctx, "32M", disks=False)
    free_before = meminfo(m, "MemFree")
    out = m.command("forkbomb 100000 > /tmp/fb.out 2>&1; echo rc=$?", timeout=LONG)
    assert re.search(r"^Out of memory: killed process \d+ \(forkbomb\)", out, re.M), out
    assert out.endswith("rc=137"), out
    m.command("sleep 1")  # the children follow their parent (PR_SET_PDEATHSIG)
    out = m.command("ps | grep -c '[f]orkbomb'")  # [f]: not grep's own line
    assert out == "0", f"forkbomb children left: {out}"
    free_after = meminfo(m, "MemFree")
    assert free_after >= free_before - 512, f"MemFree {free_before} -> {free_after} kB"
    expect_audit_ok(m)
    return f"MemFree {free_before} -> {free_after} kB"


def swap_used_kb(m):
    return meminfo(m, "SwapTotal") - meminfo(m, "SwapFree")


def test_memhog_3x_ram_with_swap(ctx):
    m = boot(ctx, "32M")
    assert "/dev/hdb" in m.command("cat /proc/swaps"), "swap is not on"
    pages = 3 * 32 * 256
    out = m.command(f"memhog {pages} -r 1; echo rc=$?", timeout=LONG)
    assert out == (f"memhog: touched {pages} pages ({pages * 4} KiB)\n"
                   f"memhog: checked and rewrote {pages} pages 1 times in 1 s\nrc=0"), out
    pswpout, pswpin = vmstat(m, "pswpout"), vmstat(m, "pswpin")
    assert pswpout >= pages // 2 and pswpin >= pages // 2, f"pswpout {pswpout} pswpin {pswpin}"
    assert vmstat(m, "oom_kill") == 0
    used = swap_used_kb(m)
    assert used < 1024, f"{used} kB of swap still used after memhog exited"
    expect_audit_ok(m)
    return f"pswpout {pswpout}, pswpin {pswpin}, {used} kB swap left in use"


def test_cow_pages_swap_out_and_back(ctx):
    m = boot(ctx, "32M")
    pages = 12000  # 47 MiB shared by parent and child, then 94 MiB when each writes its own
    out = m.command(f"memhog {pages} -f; echo rc=$?", timeout=LONG)
    assert out == (f"memhog: touched {pages} pages ({pages * 4} KiB)\n"
                   f"memhog: parent and child checked {pages} shared pages\nrc=0"), out
    assert vmstat(m, "pswpout") > pages // 2
    expect_audit_ok(m)
    return f"pswpout {vmstat(m, 'pswpout')}, pswpin {vmstat(m, 'pswpin')}"


def container_stat(m, name, key):
    out = m.command(f"grep '^{key} ' /configfs/container/{name}/stat")
    found = re.match(rf"{key} (\d+)$", out)
    assert found, f"no {key} in {name}/stat: {out!r}"
    return int(found.group(1))


def test_swap_is_charged_to_the_container(ctx):
    m = boot(ctx, "32M")
    m.command("mkdir /configfs/container/sw")
    m.command("cexec sw memhog 12000 -w > /tmp/sw.out & echo $! > /tmp/sw.pid")
    wait_for_text(m, "/tmp/sw.out", "waiting", 60)
    swap = container_stat(m, "sw", "swap")
    pswpout = container_stat(m, "sw", "pswpout")
    assert swap > 4000 and pswpout >= swap, f"sw: swap {swap}, pswpout {pswpout}"
    m.command("kill $(cat /tmp/sw.pid); wait")
    after = container_stat(m, "sw", "swap")
    assert after == 0, f"sw still charged {after} swap pages after memhog died"
    expect_audit_ok(m)
    m.command("rmdir /configfs/container/sw")
    return f"swap {swap} pages, pswpout {pswpout} while memhog held 12000 pages"


def test_swapoff_under_load(ctx):
    m = boot(ctx, "32M")
    m.command("memhog 6000 -r 60 > /tmp/hot.out 2>&1 & echo $! > /tmp/hot.pid")
    out = m.command("memhog 8000; echo rc=$?", timeout=LONG)  # pushes the first one out
    assert out.endswith("rc=0"), out
    used = swap_used_kb(m)
    out = m.command("swapoff /dev/hdb; echo rc=$?", timeout=LONG)
    assert out == "rc=0", f"swapoff with {used} kB in use: {out}"
    assert "/dev/hdb" not in m.command("cat /proc/swaps")
    m.command("swapon /dev/hdb")
    # Now more than memory can hold: swapoff must refuse and change nothing.
    m.command("memhog 12000 -w > /tmp/big.out & echo $! > /tmp/big.pid")
    wait_for_text(m, "/tmp/big.out", "waiting", 60)
    out = m.command("swapoff /dev/hdb; echo rc=$?", timeout=LONG)
    assert out == "swapoff: /dev/hdb: Cannot allocate memory\nrc=1", out
    assert "/dev/hdb" in m.command("cat /proc/swaps"), "swapoff gave up but took the device"
    m.command("kill $(cat /tmp/big.pid); wait $(cat /tmp/big.pid)")
    m.command("wait $(cat /tmp/hot.pid)", timeout=LONG)
    out = m.command("cat /tmp/hot.out")
    assert re.fullmatch(r"memhog: touched 6000 pages \(24000 KiB\)\n"
                        r"memhog: checked and rewrote 6000 pages \d+ times in 60 s", out), out
    expect_audit_ok(m)
    return f"swapoff brought back {used} kB; refused with 12000 pages out"


def test_rewritten_pages_give_their_slots_back(ctx):
    # 160 MB on 64 MB of RAM and 128 MB of swap: it fits only if a page read back
    # and rewritten gives its old slot up (else swap fills with stale copies and
    # the OOM killer steps in).
    m = boot(ctx, "64M")
    out = m.command("memhog 40000 -r 1; echo rc=$?", timeout=LONG)
    assert out.endswith("rc=0") and "checked and rewrote 40000 pages" in out, out
    assert vmstat(m, "oom_kill") == 0
    expect_audit_ok(m)
    return f"pswpout {vmstat(m, 'pswpout')}, pswpin {vmstat(m, 'pswpin')}"


def test_file_writes_under_anonymous_pressure_are_kept(ctx):
    # A hot anonymous working set and a file written past memory: write-back
    # runs short of memory for its requests; a refused write must leave the page
    # dirty (once it was dropped as written: zeros on the disk), and writers over
    # the dirty limit write their own pages back.
    m = boot(ctx, "64M")
    m.command("memhog 1024 -r 100000 > /dev/null & echo $! > /tmp/hot.pid")
    out = m.command("filehog /mnt/pressure.img 12849 1; echo rc=$?", timeout=LONG)
    assert out.endswith("rc=0") and "wrong" not in out, out
    m.command("kill $(cat /tmp/hot.pid); wait; rm /mnt/pressure.img; sync")
    expect_audit_ok(m)
