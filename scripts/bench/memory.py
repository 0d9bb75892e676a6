"""
memory.py — the memory workloads: reclaim rates and the isolation run.

    overlimit_handler  memhog 3000 in a soft container of 256 pages: pages the
                       over-limit handler (kcontainerd) frees per second of its time
    global_reclaim     memhog bigger than free memory in the root container, with 1
                       and with 64 idle containers each owning a cached page: pages
                       kswapd and direct reclaim free per second, pages scanned per
                       page freed
    isolation          at 32 MiB, a service (filehog -m) in the root container beside a
                       backup job (filehog: a file of 1.25 x RAM written, read back),
                       the job in the root container or in a 256-page container; the
                       major faults meanwhile, and a time series of the container's
                       usage and the service's resident set

The counters are /proc/vmstat's and the containers' stat files (docs/containers.md).
"""

import re
import time

import harness
from bench.guest import C, Guest, delta
from bench.stats import MODE_TCG, ratio

WHERE = ("root", "container")


# ---- reclaim ------------------------------------------------------------------------------


def overlimit_handler(run, session):
    """memhog 3000 -w in a soft container of 256 pages: the handler (kcontainerd)
    moves ~2800 pages to swap; pages freed per second of the handler's own time."""
    guest = session.get()
    rates, pages, busy, wall = [], [], [], []
    for i in range(run.settings.handler_reps):
        name = f"soft{i}"
        guest.cmd(f"mkdir {C}/{name}; echo 256 > {C}/{name}/page_limit; "
                  f"echo soft > {C}/{name}/limit_mode")
        before = guest.vmstat()
        start = time.monotonic()
        guest.cmd(f"cexec {name} memhog 3000 -w > /tmp/{name}.out & echo $! > /tmp/{name}.pid")
        guest.wait_for_file_text(f"/tmp/{name}.out", "waiting", 120)
        settle_until = time.monotonic() + 30
        while guest.number(f"{C}/{name}/num_anon_pages") > 224:  # 7/8 of the limit
            if time.monotonic() > settle_until:
                raise RuntimeError(f"{name}: usage not back under 7/8 of 256 in 30 s")
            time.sleep(0.2)
        seconds = time.monotonic() - start
        after = guest.vmstat()
        freed = delta(before, after, "pgsteal_kcontainerd")
        ms = delta(before, after, "kcontainerd_busy_ms")
        guest.cmd(f"kill $(cat /tmp/{name}.pid); wait; rmdir {C}/{name}")
        pages.append(freed)
        busy.append(ms)
        wall.append(freed / seconds)
        rates.append(freed * 1000.0 / ms if ms else None)
    res = run.results
    res.add("reclaim.handler.rate", rates, "pages/s", MODE_TCG,
            "over-limit handler: pages freed per second of its busy time "
            "(pgsteal_kcontainerd / kcontainerd_busy_ms)")
    res.add("reclaim.handler.pages", pages, "pages", MODE_TCG,
            "over-limit handler: pages freed per run (memhog 3000 in 256 pages)")
    res.add("reclaim.handler.busy_ms", busy, "ms", MODE_TCG,
            "over-limit handler: kcontainerd_busy_ms per run (10 ms ticks)")
    res.add("reclaim.handler.wall_rate", wall, "pages/s", MODE_TCG,
            "over-limit handler: pages freed per second of wall time, memhog start to "
            "usage under 7/8")


def idle_loop(first, count, body):
    """A guest shell loop running body with $i = first .. first + count - 1."""
    return f"i={first}; while [ $i -lt {first + count} ]; do {body}; i=$((i+1)); done"


IDLE_FIRST = 100  # idle containers n100, n101, ...; each owns /mnt/many/fNNN's page
IDLE_COUNTS = (1, 64)


def set_idle_containers(guest, have, want):
    """Make or remove idle containers so that exactly `want` exist; returns want."""
    if want > have:
        guest.cmd(idle_loop(IDLE_FIRST + have, want - have, f"mkdir {C}/n$i"), timeout=120)
    elif want < have:
        guest.cmd(idle_loop(IDLE_FIRST + want, have - want, f"rmdir {C}/n$i"), timeout=120)
    return want


def global_reclaim(run, session):
    """Global reclaim (kswapd + direct) under a memhog bigger than free memory, in the
    root container, with 1 and with 64 idle containers each owning one cached page.
    The two alternate run by run (1, 64, 64, 1, ...) so that a drift of the host or of
    the swap device's layout falls on both."""
    guest = session.get()
    s = run.settings
    size = guest.vmstat()["nr_free_pages"] + s.reclaim_extra_pages
    hog = f"memhog {size}"
    guest.timed_checked(hog, r"^memhog: touched", 300)  # warm-up: swap in use once
    acc = {n: {"rate": [], "scan_per_steal": [], "pages": [], "idle_still_cached": []}
           for n in IDLE_COUNTS}
    have = 0
    for rep in range(s.reclaim_reps):
        for idle in (IDLE_COUNTS if rep % 2 == 0 else IDLE_COUNTS[::-1]):
            have = set_idle_containers(guest, have, idle)
            guest.cmd(idle_loop(IDLE_FIRST, idle, "cexec n$i cat /mnt/many/f$i > /dev/null"),
                      timeout=120)
            before = guest.vmstat()
            seconds = guest.timed_checked(hog, r"^memhog: touched", 300)
            after = guest.vmstat()
            steal = delta(before, after, "pgsteal_kswapd", "pgsteal_direct")
            scan = delta(before, after, "pgscan_kswapd", "pgscan_direct")
            held = guest.cmd(idle_loop(IDLE_FIRST, idle, f"cat {C}/n$i/num_file_pages")
                             + " | grep -c -v '^0$'", timeout=120)
            acc[idle]["rate"].append(steal / seconds)
            acc[idle]["scan_per_steal"].append(scan / steal if steal else None)
            acc[idle]["pages"].append(steal)
            acc[idle]["idle_still_cached"].append(int(held) if held.strip().isdigit() else None)
    set_idle_containers(guest, have, 0)
    for idle in IDLE_COUNTS:
        what = f"global reclaim, {idle} idle container{'s' if idle > 1 else ''}"
        a, res = acc[idle], run.results
        res.add(f"reclaim.global.idle{idle}.rate", a["rate"], "pages/s", MODE_TCG,
                f"{what}: pages reclaimed (kswapd + direct) per second of `{hog}`",
                memhog_pages=size)
        res.add(f"reclaim.global.idle{idle}.scan_per_steal", a["scan_per_steal"],
                "scanned/reclaimed", MODE_TCG, f"{what}: pages scanned per page reclaimed")
        res.add(f"reclaim.global.idle{idle}.pages", a["pages"], "pages", MODE_TCG,
                f"{what}: pages reclaimed per run")
        res.add(f"reclaim.global.idle{idle}.idle_still_cached", a["idle_still_cached"],
                "containers", MODE_TCG, f"{what}: idle ones still holding their page after "
                f"the run")
    r1 = run.results.figures["reclaim.global.idle1.rate"]["median"]
    r64 = run.results.figures["reclaim.global.idle64.rate"]
    r64["ratio_to_idle1"] = ratio(r64["median"], r1)


# ---- isolation ---------------------------------------------------------------------------

# The service's working set is file pages, read through a mapping once a second: 4 MiB
# of /mnt/service.dat.  A page reclaim takes from it comes back with a major fault.
# (An anonymous service, memhog 1024 -r, loses nothing in either run: reclaim takes the
# backup job's cache before anyone's anonymous pages, container or not.)
SERVICE = "filehog -m /mnt/service.dat 1024"
SERVICE_PAGES = 1024
BACKUP_LIMIT = 256  # pages: 1 MiB
ISOLATION_FIGURES = {  # key: (unit, what)
    "pgmajfault": ("faults", "major faults (whole system, /proc/vmstat)"),
    "pswpin": ("pages", "pages swapped in (whole system, /proc/vmstat)"),
    "service_rss_min": ("KiB", "the service's smallest sampled resident set (VmRSS)"),
    "page_cache_max": ("pages", "the whole system's page cache (nr_file_pages), largest sample"),
    "job_seconds": ("s", "the backup job's wall time"),
}


def isolation(run):
    """The seed's case at 32 MiB: a service in the root container and a backup job
    (filehog: a file of 1.25 x RAM written, then read back) beside it, in the root
    container or in container `backup` (page_limit 256); runs in the order root,
    container, container, root, ..."""
    guest = Guest(run.build, run.workdir / "isolation", "isolation", mem="32M", echo=run.echo)
    acc = {where: {key: [] for key in ISOLATION_FIGURES} for where in WHERE}
    try:
        guest.boot()
        job = isolation_job(run, guest)
        for rep in range(run.settings.isolation_reps):
            for where in (WHERE if rep % 2 == 0 else WHERE[::-1]):
                try:
                    isolation_run(run, guest, where, job, rep + 1, acc[where])
                except (harness.TestFailure, RuntimeError) as exc:
                    run.results.error(f"isolation ({where}, run {rep + 1})", exc)
                    if not guest.recover():
                        raise
    finally:
        guest.halt()
        guest.remove_disks()
        record_isolation(run.results, acc)


def isolation_job(run, guest):
    """filehog's command line: a file of 1.25 x RAM (as much as /mnt holds)."""
    ram = guest.meminfo_kb("MemTotal") // 4
    df = guest.cmd("df /mnt").splitlines()[-1].split()
    room = int(df[3]) // 4 - 1024 - SERVICE_PAGES
    pages = min(ram + ram // 4, room)
    job = f"filehog /mnt/backup.img {pages} {run.settings.isolation_rounds}"
    run.results.facts["isolation"] = {"mem": "32M", "ram_pages": ram, "service": SERVICE,
                                      "job": job, "backup_page_limit": BACKUP_LIMIT,
                                      "runs": []}
    return job


def record_isolation(results, acc):
    for where in WHERE:
        label = ("the backup job in the root container" if where == "root" else
                 f"the backup job in a {BACKUP_LIMIT}-page container")
        for key, (unit, what) in ISOLATION_FIGURES.items():
            if acc[where][key]:
                results.add(f"isolation.{where}.{key}", acc[where][key], unit, MODE_TCG,
                            f"{what}, {label}")
    fig = results.figures
    for key in ISOLATION_FIGURES:
        root, box = fig.get(f"isolation.root.{key}"), fig.get(f"isolation.container.{key}")
        if root and box:
            box["ratio_to_root"] = ratio(box["median"], root["median"])


def isolation_run(run, guest, where, job, number, acc):
    if where == "container":
        guest.cmd(f"mkdir {C}/backup; echo {BACKUP_LIMIT} > {C}/backup/page_limit")
        job = f"cexec backup {job}"
    out = guest.cmd(f"{SERVICE} > /tmp/svc.out & echo $!")
    service = int(re.findall(r"\d+", out)[-1])
    guest.cmd("sleep 3")  # its file written and its 1024 pages mapped in
    guest.cmd("rm /tmp/b.rc 2>/dev/null")
    before = guest.vmstat()
    start = time.monotonic()
    guest.cmd(f"sh -c '{job} > /tmp/b.out 2>&1; echo $? > /tmp/b.rc' &")
    samples, status = sample_until_done(run, guest, where, service, start)
    seconds = time.monotonic() - start
    after = guest.vmstat()
    guest.cmd(f"kill {service}; wait")
    outputs = guest.cmd("cat /tmp/svc.out /tmp/b.out")
    if status != 0 or "wrong" in outputs:
        raise RuntimeError(f"the job ended with status {status}: {outputs[-300:]!r}")
    run.results.series[f"isolation.{where}.{number}"] = samples
    rss = [row["service_rss_kb"] for row in samples if row.get("service_rss_kb") is not None]
    cache = [row["system_file_pages"] for row in samples if "system_file_pages" in row]
    acc["pgmajfault"].append(delta(before, after, "pgmajfault"))
    acc["pswpin"].append(delta(before, after, "pswpin"))
    acc["job_seconds"].append(seconds)
    acc["service_rss_min"].append(min(rss) if rss else None)
    acc["page_cache_max"].append(max(cache) if cache else None)
    facts = {"where": where, "run": number}
    if where == "container":
        usage = [row["usage"] for row in samples if row.get("usage") is not None]
        facts.update(usage_max=max(usage) if usage else None,
                     page_limit_hits=guest.number(f"{C}/backup/page_limit_hits"),
                     **{key: guest.stat("backup", key) for key in ("pgsteal", "throttled")})
        guest.cmd(f"rmdir {C}/backup")
    run.results.facts["isolation"]["runs"].append(facts)
    guest.cmd("rm /mnt/backup.img /mnt/service.dat; sync; echo 1 > /proc/sys/vm/drop_caches",
              timeout=120)


def sample_until_done(run, guest, where, service, start, limit=900):
    """Every sample_every seconds (host clock): the whole system's page cache, the
    backup container's anon and file pages and page_limit (when there is one) and the
    service's VmRSS; until /tmp/b.rc says the job is done.  Rows of a time series."""
    look = "grep '^nr_file_pages ' /proc/vmstat"
    if where == "container":
        look += (f"; echo U $(cat {C}/backup/num_anon_pages) $(cat {C}/backup/num_file_pages) "
                 f"$(cat {C}/backup/page_limit)")
    line = f"{look}; grep VmRSS /proc/{service}/status; cat /tmp/b.rc 2>/dev/null"
    rows, status = [], None
    while status is None:
        now = time.monotonic()
        if now - start > limit:
            raise RuntimeError(f"the backup job still runs after {limit} s")
        out = guest.cmd(line)
        row = {"t": round(now - start, 3)}
        u = re.search(r"^U (\d+) (\d+) (\d+|max)$", out, re.M)
        if u:
            anon, file = int(u.group(1)), int(u.group(2))
            row.update(anon=anon, file=file, usage=anon + file,
                       limit=None if u.group(3) == "max" else int(u.group(3)))
        f = re.search(r"^nr_file_pages (\d+)$", out, re.M)
        if f:
            row["system_file_pages"] = int(f.group(1))
        r = re.search(r"^VmRSS:\s+(\d+) kB", out, re.M)
        if r:
            row["service_rss_kb"] = int(r.group(1))
        done = re.search(r"^(\d+)$", out, re.M)
        if done:
            status = int(done.group(1))
        rows.append(row)
        time.sleep(max(0.0, run.settings.sample_every - (time.monotonic() - now)))
    return rows, status
