"""
test_limits.py — page_limit enforced (issue 10): the over-limit handler, soft and hard
modes, the container's OOM killer, throttling, the page cache under a limit, a lowered
limit, isolation of a service from a backup job, and the handler's cost with idle
neighbours.  Each scenario boots its own machine (swap on unless said) and ends with
the container audit and the page invariant walk.
"""

import re

import harness
from shell import wait_for_text
from container_files import number, stat_value

WRITES_DISK = True  # filehog writes on ext2: e2fsck -fn checks the disks after
SECONDS = 165  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 1800
LONG = 600
C = "/configfs/container"


def boot(ctx, mem="64M", disks=True):
    m = ctx.boot(mem=mem, disks=disks)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    return m


def vmstat(m, key):
    out = m.command(f"grep '^{key} ' /proc/vmstat")
    found = re.match(rf"{key} (\d+)$", out)
    assert found, f"no {key} in /proc/vmstat: {out!r}"
    return int(found.group(1))


def make(m, name, limit, mode="soft"):
    m.command(f"mkdir {C}/{name}; echo {limit} > {C}/{name}/page_limit; "
              f"echo {mode} > {C}/{name}/limit_mode")


def sample(m, path, times, pause="0"):
    """Read a number file `times` times in one shell loop; the values."""
    out = m.command(f"i=0; while [ $i -lt {times} ]; do cat {path}; sleep {pause}; "
                    f"i=$((i+1)); done", timeout=LONG)
    return [int(v) for v in out.split("\n") if v.strip().isdigit()]


def expect_audit_ok(m):
    out = m.command("cat /proc/container_audit", timeout=120)
    assert out == "audit: ok", f"audit: {out}"


def test_hard_limit_swaps_and_never_passes(ctx):
    m = boot(ctx)
    make(m, "lim", 256, "hard")
    m.command("cexec lim memhog 1000 -r 20 > /tmp/m.out & echo $! > /tmp/m.pid")
    values = sample(m, f"{C}/lim/num_anon_pages", 60, "0.25")
    m.command("wait $(cat /tmp/m.pid)", timeout=LONG)
    out = m.command("cat /tmp/m.out")
    assert re.fullmatch(r"memhog: touched 1000 pages \(4000 KiB\)\n"
                        r"memhog: checked and rewrote 1000 pages \d+ times in 20 s", out), out
    assert max(values) <= 256, f"num_anon_pages above the hard limit: {values}"
    pswpout, hits = stat_value(m, "lim", "pswpout"), number(m, f"{C}/lim/page_limit_hits")
    assert pswpout > 0 and hits > 0, f"pswpout {pswpout}, page_limit_hits {hits}"
    expect_audit_ok(m)
    m.command(f"rmdir {C}/lim")
    return f"{len(values)} samples, max {max(values)}; pswpout {pswpout}, hits {hits}"


def test_hard_limit_without_swap_oom_kills_in_the_container(ctx):
    m = boot(ctx)
    m.command("swapoff /dev/hdb")
    make(m, "lim", 256, "hard")
    m.command("memhog 100 -w > /tmp/outside.out & echo $! > /tmp/outside.pid")
    out = m.command("cexec lim memhog 1000; echo rc=$?", timeout=LONG)
    assert re.search(r"^Memory limit of container lim: killed process \d+ \(memhog\) in "
                     r"container lim: rss \d+ kB", out, re.M), out
    assert out.endswith("rc=137"), out
    assert number(m, f"{C}/lim/oom_kills") == 1
    assert stat_value(m, "lim", "oom_kill") == 1
    assert number(m, f"{C}/lim/num_anon_pages") <= 2
    assert m.command("cat /tmp/outside.out") == "memhog: touched 100 pages (400 KiB)\nmemhog: waiting"
    m.command("kill $(cat /tmp/outside.pid); wait")
    expect_audit_ok(m)
    m.command(f"rmdir {C}/lim")


def test_soft_limit_throttles_and_comes_back(ctx):
    m = boot(ctx)
    make(m, "soft", 256)
    m.command("cexec soft memhog 3000 -w > /tmp/s.out & echo $! > /tmp/s.pid")
    wait_for_text(m, "/tmp/s.out", "waiting", 120)
    throttled = stat_value(m, "soft", "throttled")
    assert throttled > 0, "a fast-growing hog was never throttled"
    usage = None
    for _ in range(30):  # the handler brings it to 7/8 of the limit
        usage = number(m, f"{C}/soft/num_anon_pages")
        if usage <= 256 - 256 // 8:
            break
        m.command("sleep 1")
    assert usage <= 224, f"soft: usage {usage} never came back to 7/8 of 256"
    # 64 MiB and swap: no global pressure, so the handler moved all the rest.
    handler_pages, handler_ms = vmstat(m, "pgsteal_kcontainerd"), vmstat(m, "kcontainerd_busy_ms")
    assert handler_pages >= 3000 - 256, f"the handler freed only {handler_pages} pages"
    assert stat_value(m, "soft", "pgsteal") >= handler_pages, "handler pages not counted to soft"
    m.command("kill $(cat /tmp/s.pid); wait")
    expect_audit_ok(m)
    m.command(f"rmdir {C}/soft")
    rate = handler_pages * 1000 // max(handler_ms, 1)
    return (f"throttled {throttled}, usage back to {usage}; handler freed {handler_pages} "
            f"pages in {handler_ms} ms ({rate} pages/s)")


def test_page_cache_under_a_hard_limit(ctx):
    m = boot(ctx)
    make(m, "fh", 300, "hard")
    m.command("cexec fh filehog /mnt/fh.img 2000 2 > /tmp/f.out 2>&1 & echo $! > /tmp/f.pid")
    values = sample(m, f"{C}/fh/num_file_pages", 40, "0.25")
    m.command("wait $(cat /tmp/f.pid)", timeout=LONG)
    out = m.command("cat /tmp/f.out")
    assert out == ("filehog: wrote 2000 pages to /mnt/fh.img\n"
                   "filehog: read 2000 pages 2 times"), out
    assert max(values) <= 300, f"num_file_pages above 300: {values}"
    m.command("rm /mnt/fh.img; sync")
    expect_audit_ok(m)
    m.command(f"rmdir {C}/fh")
    return f"{len(values)} samples, max {max(values)}"


def test_lowering_the_limit(ctx):
    m = boot(ctx)
    for mode in ("soft", "hard"):
        make(m, mode, "max", mode)
        m.command(f"cexec {mode} memhog 1000 -w > /tmp/{mode}.out & echo $! > /tmp/{mode}.pid")
        wait_for_text(m, f"/tmp/{mode}.out", "waiting", 60)
        m.command(f"echo 400 > {C}/{mode}/page_limit", timeout=LONG)
        now = number(m, f"{C}/{mode}/num_anon_pages")
        if mode == "hard":
            assert now <= 400, f"hard: {now} pages right after the limit went to 400"
        else:
            for _ in range(30):
                if now <= 350:
                    break
                m.command("sleep 1")
                now = number(m, f"{C}/{mode}/num_anon_pages")
            assert now <= 350, f"soft: {now} pages, the handler aims at 7/8 of 400"
        m.command(f"kill $(cat /tmp/{mode}.pid); wait")
        m.command(f"rmdir {C}/{mode}")
    expect_audit_ok(m)


def test_isolation_of_a_service_from_a_backup(ctx):
    """The seed's case: a service (4 MiB of anonymous memory, used every few seconds)
    and a backup job writing and reading back a file of 1.5x RAM several times; the
    service's major faults and the backup's page-cache footprint, without and with
    the backup in a container limited to 1 MiB."""
    m = boot(ctx, "32M")
    m.command(f"mkdir {C}/svc {C}/backup; echo 256 > {C}/backup/page_limit")
    results = {}
    for where in ("root", "backup"):
        before = stat_value(m, "svc", "pgmajfault")
        m.command("cexec svc memhog 1024 -r 40 -p 2000 > /tmp/svc.out & echo $! > /tmp/svc.pid")
        m.command("sleep 2")
        job = "filehog /mnt/backup.img 12288 2 > /tmp/b.out 2>&1"
        m.command(job if where == "root" else f"cexec backup {job}", timeout=LONG)
        cached = re.search(r"Cached: +(\d+)", m.command("grep Cached: /proc/meminfo")).group(1)
        m.command("wait $(cat /tmp/svc.pid)", timeout=LONG)
        assert "reads back wrong" not in m.command("cat /tmp/svc.out /tmp/b.out")
        results[where] = (stat_value(m, "svc", "pgmajfault") - before, int(cached))
        m.command("rm /mnt/backup.img; sync; echo 1 > /proc/sys/vm/drop_caches")
    faults_in_root, faults_in_container = results["root"][0], results["backup"][0]
    assert faults_in_container <= 16, f"service major faults with the backup confined: " \
                                      f"{faults_in_container}"
    expect_audit_ok(m)
    return (f"service major faults: {faults_in_root} with the backup in the root, "
            f"{faults_in_container} with it in a 1 MiB container; Cached after the backup "
            f"{results['root'][1]} kB vs {results['backup'][1]} kB")


def handler_scan(m, name):
    """Fill a soft-limited container far past its limit; its scan and steal counts."""
    make(m, name, 256)
    m.command(f"cexec {name} memhog 2000 -w > /tmp/{name}.out & echo $! > /tmp/{name}.pid")
    wait_for_text(m, f"/tmp/{name}.out", "waiting", 120)
    for _ in range(30):
        if number(m, f"{C}/{name}/num_anon_pages") <= 224:
            break
        m.command("sleep 1")
    scanned, stolen = stat_value(m, name, "pgscan"), stat_value(m, name, "pgsteal")
    m.command(f"kill $(cat /tmp/{name}.pid); wait; rmdir {C}/{name}")
    return scanned, stolen


def test_handler_cost_with_64_idle_neighbours(ctx):
    m = boot(ctx)
    alone = handler_scan(m, "t1")
    # 64 containers, each the owner of a file's cached page (many/f100 .. f163).
    m.command(f"i=100; while [ $i -lt 164 ]; do mkdir {C}/n$i; "
              f"cexec n$i cat /mnt/many/f$i > /dev/null; i=$((i+1)); done", timeout=LONG)
    holding = m.command(f"i=100; while [ $i -lt 164 ]; do cat {C}/n$i/num_file_pages; "
                        f"i=$((i+1)); done | grep -c '^1$'")
    assert holding == "64", f"{holding} of 64 neighbours hold a cache page"
    with_neighbours = handler_scan(m, "t2")
    neighbour_scans = m.command(f"i=100; while [ $i -lt 164 ]; do grep '^pgscan ' {C}/n$i/stat; "
                                f"i=$((i+1)); done | grep -v -c '^pgscan 0$'")
    assert neighbour_scans == "0", f"{neighbour_scans} idle neighbours were scanned"
    per_page = [s / max(1, t) for s, t in (alone, with_neighbours)]
    assert per_page[1] <= per_page[0] * 1.2 + 0.05, \
        f"pages scanned per page freed: {per_page[0]:.2f} alone, {per_page[1]:.2f} with 64"
    m.command(f"i=100; while [ $i -lt 164 ]; do rmdir {C}/n$i; i=$((i+1)); done", timeout=LONG)
    expect_audit_ok(m)
    return (f"scanned/freed {alone[0]}/{alone[1]} alone, {with_neighbours[0]}/{with_neighbours[1]} "
            f"with 64 idle neighbours holding cache")
