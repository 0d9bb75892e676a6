"""
workloads.py — every measurement of `make bench`, one function each, in the order
bench.py runs them.  Each takes the Run (settings, Results, work folder) and records
figures; one that raises is recorded as an error by Run.attempt and the rest go on.

    micro_tcg         `bench` in the root container and in `benchbox` (a limit never
                      reached), rounds alternating, plain TCG: host-time cycles
    micro_icount      the same in two separate boots under -icount: guest instruction
                      counts, and whether the two boots agree
    boots_and_forks   boot to the prompt, /bin/echo, forktest 61 and forktest 1000,
                      boot after boot, and xv6's boot, echo and forktest beside them
    overlimit_handler memhog 3000 in a soft 256-page container: the handler's pages/s
    global_reclaim    memhog bigger than free memory in the root container, with 1
                      and with 64 idle containers holding page cache: pages/s
    isolation         32 MiB: a service (memhog) beside a backup job (filehog), the job
                      in the root container, then in a 256-page container; the
                      service's major faults; the container's usage sampled every 0.5 s

Method and meaning of each figure: docs/bench.md.
"""

import re
import time
from pathlib import Path

import harness
from bench import xv6
from bench.guest import C, ICOUNT_ARGS, ICOUNT_SHIFT, BootFailed, Guest
from bench.stats import MODE_ICOUNT, MODE_TCG, Results, ratio

ROOT = Path(__file__).resolve().parents[2]

BENCH_LINE = re.compile(r"^bench ([A-Za-z0-9_.-]+): (?:(\d+) cycles/op \((\d+) ops\)"
                        r"|skipped \((.*)\))[ \t]*$", re.M)
BENCH_TIMEOUT = 600  # one `bench` run, all benchmarks (disk ones included)
BOX = "benchbox"  # the container the microbenchmarks run in
BOX_LIMIT = 100000  # pages: 390 MiB, more than a 64 MiB guest can ever charge
WHERE = ("root", "container")


class Settings:
    """How much of everything: the full run, or --quick for development."""

    def __init__(self, quick):
        self.micro_rounds = 2 if quick else 5  # bench runs per container, plain TCG
        self.icount_rounds = 1 if quick else 2  # bench runs per container per icount boot
        self.boots = 2 if quick else 5  # Corral boots (and xv6 boots) timed
        self.command_reps = 2 if quick else 3  # echo / forktest runs per boot
        self.handler_reps = 1 if quick else 3
        self.reclaim_reps = 1 if quick else 3
        self.reclaim_extra_pages = 4000 if quick else 8000  # memhog: free memory + this
        self.isolation_rounds = 1 if quick else 2  # filehog's read passes
        self.sample_every = 0.5  # seconds between samples of the isolation run


class Run:
    """One `make bench`: where things go, what was measured, how to report progress."""

    def __init__(self, build, out, quick=False, echo=False):
        self.build = Path(build)
        self.out = Path(out)
        self.workdir = self.out / "run"
        self.quick = quick
        self.echo = echo
        self.settings = Settings(quick)
        self.results = Results()
        self.started = time.monotonic()
        self.date = None  # ISO 8601 UTC, set by bench.py

    def log(self, text):
        print(f"bench [{time.monotonic() - self.started:6.1f} s] {text}", flush=True)

    def attempt(self, workload, function, *args):
        """Run one workload; an exception is recorded as its error.  True if it ran."""
        self.log(f"{workload} ...")
        begin = time.monotonic()
        try:
            function(self, *args)
            ok = True
        except Exception as exc:  # noqa: BLE001 — any failure is reported, the rest go on
            self.results.error(workload, exc)
            self.log(f"{workload} FAILED: {str(exc).splitlines()[0] if str(exc) else exc!r}")
            ok = False
        self.results.facts.setdefault("workload_seconds", {})[workload] = round(
            time.monotonic() - begin, 1)
        return ok


class Session:
    """A VM shared by workloads that run one after the other (the 64 MiB main VM):
    booted on first use; after a failed workload it is brought back to its prompt, or
    killed and a fresh one booted for the next workload."""

    def __init__(self, run, name, mem="64M", extra_args=()):
        self.run = run
        self.name = name
        self.mem = mem
        self.extra_args = list(extra_args)
        self.guest = None
        self.boots = 0

    def get(self):
        if self.guest is None or not self.guest.alive():
            self.boots += 1
            guest = Guest(self.run.build, self.run.workdir / f"{self.name}-{self.boots}",
                          f"{self.name}-{self.boots}", mem=self.mem,
                          extra_args=self.extra_args, echo=self.run.echo)
            guest.boot()
            self.guest = guest
        return self.guest

    def after(self, workload, ok):
        if ok or self.guest is None:
            return
        if not self.guest.recover():
            self.run.log(f"{self.name}: the VM does not answer after {workload}; next "
                         f"workload boots a fresh one")
            self.close()

    def close(self):
        if self.guest is not None:
            self.guest.halt()
            self.guest.remove_disks()
            self.guest = None


# ---- microbenchmarks ------------------------------------------------------------------


def parse_bench(out):
    """{name: cycles/op} and {name: reason skipped} from `bench` output."""
    values, skipped = {}, {}
    for match in BENCH_LINE.finditer(out):
        name, cycles, _ops, reason = match.groups()
        if cycles is not None:
            values[name] = int(cycles)
        else:
            skipped[name] = reason
    return values, skipped


def make_benchbox(guest):
    guest.cmd(f"mkdir {C}/{BOX}; echo {BOX_LIMIT} > {C}/{BOX}/page_limit")
    limit = guest.number(f"{C}/{BOX}/page_limit")
    if limit != BOX_LIMIT:
        raise RuntimeError(f"{BOX}/page_limit reads {limit}, not {BOX_LIMIT}")


def bench_rounds(guest, rounds):
    """`bench` in the root container and in benchbox, `rounds` times each, the order
    alternating (root, box, box, root, ...) so that a drift of the host hits both.
    Returns ({where: {name: [cycles/op per run]}}, {name: reason}, [names in order])."""
    data = {where: {} for where in WHERE}
    skipped, names = {}, []
    for r in range(rounds):
        for where in (WHERE if r % 2 == 0 else WHERE[::-1]):
            line = "bench" if where == "root" else f"cexec {BOX} bench"
            out = guest.cmd(line, timeout=BENCH_TIMEOUT)
            values, skips = parse_bench(out)
            if not values and not skips:
                raise RuntimeError(f"{line!r} printed no bench lines: {out[-300:]!r}")
            for name in [*values, *skips]:
                if name not in names:
                    names.append(name)
            for name, cycles in values.items():
                data[where].setdefault(name, []).append(cycles)
            skipped.update(skips)
    return data, skipped, names


def record_micro(results, mode, data, skipped, names, **extra):
    for name in names:
        for where in WHERE:
            samples = data[where].get(name, [])
            fig = results.add(f"micro.{mode}.{name}.{where}", samples, "cycles/op", mode,
                              f"bench {name}, {where} container", benchmark=name,
                              where=where, **extra)
            if not samples and name in skipped:
                fig["skipped"] = skipped[name]
        results.figures[f"micro.{mode}.{name}.container"]["ratio_to_root"] = ratio(
            results.median(f"micro.{mode}.{name}.container"),
            results.median(f"micro.{mode}.{name}.root"))


def micro_tcg(run, session):
    guest = session.get()
    make_benchbox(guest)
    data, skipped, names = bench_rounds(guest, run.settings.micro_rounds)
    hits = guest.number(f"{C}/{BOX}/page_limit_hits")
    guest.cmd(f"rmdir {C}/{BOX}")
    record_micro(run.results, MODE_TCG, data, skipped, names)
    run.results.facts["benchbox_page_limit_hits"] = hits
    if hits:
        raise RuntimeError(f"{BOX} reached its limit ({hits} page_limit_hits): the "
                           f"container figures include limit work")


def micro_icount(run):
    """Two boots under -icount; figures from both, and per figure whether they agree."""
    boots = []
    for b in (1, 2):
        guest = Guest(run.build, run.workdir / f"icount-{b}", f"icount-{b}",
                      extra_args=ICOUNT_ARGS, echo=run.echo)
        try:
            guest.boot()
            make_benchbox(guest)
            boots.append(bench_rounds(guest, run.settings.icount_rounds))
        except (harness.TestFailure, BootFailed, RuntimeError) as exc:
            run.results.error(f"micro_icount boot {b}", exc)
        finally:
            guest.halt()
            guest.remove_disks()
    if not boots:
        raise RuntimeError("no icount boot ran bench")
    names, skipped = [], {}
    data = {where: {} for where in WHERE}
    for boot_data, boot_skipped, boot_names in boots:
        names += [n for n in boot_names if n not in names]
        skipped.update(boot_skipped)
        for where in WHERE:
            for name, values in boot_data[where].items():
                data[where].setdefault(name, []).extend(values)
    record_micro(run.results, MODE_ICOUNT, data, skipped, names,
                 qemu_args=" ".join(ICOUNT_ARGS))
    run.results.facts["icount"] = {"args": " ".join(ICOUNT_ARGS), "shift": ICOUNT_SHIFT,
                                   "boots": len(boots)}
    run.results.facts["icount_determinism"] = determinism(boots, names)


def determinism(boots, names):
    """Per figure: each boot's median, and whether the boots agree exactly (else the
    difference in percent of the smaller); also whether every run inside a boot
    gave the same number."""
    import statistics
    report = {}
    for name in names:
        for where in WHERE:
            per_boot = [b[0][where].get(name) for b in boots]
            if any(not v for v in per_boot):
                continue
            medians = [statistics.median(v) for v in per_boot]
            lo, hi = min(medians), max(medians)
            report[f"micro.{MODE_ICOUNT}.{name}.{where}"] = {
                "boot_medians": medians,
                "equal": lo == hi and len(medians) > 1,
                "diff_pct": round(100.0 * (hi - lo) / lo, 3) if lo else None,
                "runs_equal_within_boot": all(len(set(v)) == 1 for v in per_boot),
            }
    return report


# ---- boot times, fork and exec, against xv6 -----------------------------------------------


def timed_checked(guest, line, expect, timeout=60):
    seconds, out = guest.timed(line, timeout)
    if not re.search(expect, out, re.M):
        raise RuntimeError(f"{line!r} printed {out[-200:]!r}, expected /{expect}/")
    return seconds


def corral_boot_round(run, guest, acc):
    acc["corral.boot"].append(guest.boot())
    for line, expect in (("/bin/echo hi", r"^hi$"),
                         ("forktest 61", r"^fork test OK \(61 children\)$")):
        guest.timed(line)  # warm: the program's pages in the page cache, like xv6's
    for _ in range(run.settings.command_reps):
        echo = timed_checked(guest, "/bin/echo hi", r"^hi$")
        fork = timed_checked(guest, "forktest 61", r"^fork test OK \(61 children\)$")
        acc["corral.echo"].append(echo)
        acc["corral.forktest61"].append(fork)
        acc["corral.fork_cost"].append((fork - echo) / 61)
    acc["corral.forktest1000"].append(
        timed_checked(guest, "forktest 1000", r"^fork test OK \(1000 children\)$", 300))


def xv6_boot_round(run, guest, acc):
    acc["xv6.boot"].append(guest.boot())
    guest.timed("echo hi")
    guest.timed("forktest")
    for _ in range(run.settings.command_reps):
        echo = timed_checked(guest, "echo hi", r"^hi$")
        fork = timed_checked(guest, "forktest", r"^fork test OK$")
        acc["xv6.echo"].append(echo)
        acc["xv6.forktest"].append(fork)
        acc["xv6.fork_cost"].append((fork - echo) / 61)


BOOT_FIGURES = {
    "corral.boot": ("s", "Corral: QEMU start to the `# ` prompt"),
    "corral.echo": ("s", "Corral: `/bin/echo hi`, typed to prompt"),
    "corral.forktest61": ("s", "Corral: `forktest 61`, typed to prompt"),
    "corral.fork_cost": ("s", "Corral: per fork+exit+wait, (forktest 61 - echo) / 61"),
    "corral.forktest1000": ("s", "Corral: `forktest 1000`, typed to prompt"),
    "xv6.boot": ("s", "xv6: QEMU start to the `$ ` prompt"),
    "xv6.echo": ("s", "xv6: `echo hi`, typed to prompt"),
    "xv6.forktest": ("s", "xv6: `forktest` (61 children), typed to prompt"),
    "xv6.fork_cost": ("s", "xv6: per fork+exit+wait, (forktest - echo) / 61"),
}


def boots_and_forks(run):
    """Boot after boot, Corral then xv6 (the same minutes, the same QEMU)."""
    ref = xv6.reference_dir(ROOT)
    images = xv6.unpack(ref, run.workdir / "xv6") if ref else None
    if images is None:
        run.results.not_measured["xv6"] = ("no xv6 images: set XV6_REF to a folder with "
                                           "xv6.img.gz and xv6-fs.img.gz")
    acc = {fid: [] for fid in BOOT_FIGURES}
    try:
        for i in range(run.settings.boots):
            guest = Guest(run.build, run.workdir / "boots", f"boot-{i + 1}", echo=run.echo)
            try:
                corral_boot_round(run, guest, acc)
            except (harness.TestFailure, BootFailed, RuntimeError) as exc:
                run.results.error(f"boots_and_forks: Corral boot {i + 1}", exc)
            finally:
                guest.halt()  # halt: ext2 clean for the next boot on the same copies
            if images is None:
                continue
            x = xv6.Xv6Guest(images, run.workdir / "xv6-run", f"xv6-{i + 1}", echo=run.echo)
            try:
                xv6_boot_round(run, x, acc)
            except (harness.TestFailure, BootFailed, RuntimeError) as exc:
                run.results.error(f"boots_and_forks: xv6 boot {i + 1}", exc)
            finally:
                x.halt()
    finally:
        Guest(run.build, run.workdir / "boots", "boots").remove_disks()
    for fid, samples in acc.items():
        if fid.startswith("xv6.") and images is None:
            continue
        unit, title = BOOT_FIGURES[fid]
        run.results.add(fid, samples, unit, MODE_TCG, title)
    if images is not None:
        run.results.facts["xv6_ref"] = str(ref)
        commit = ref / "xv6-COMMIT"
        if commit.is_file():
            run.results.facts["xv6_commit"] = commit.read_text().strip()


# ---- reclaim ----------------------------------------------------------------------------


def stat_value(guest, name, key):
    out = guest.cmd(f"grep '^{key} ' {C}/{name}/stat")
    found = re.match(rf"{key} (\d+)$", out)
    if not found:
        raise RuntimeError(f"no {key} in {name}/stat: {out!r}")
    return int(found.group(1))


def delta(before, after, *keys):
    return sum(after.get(k, 0) - before.get(k, 0) for k in keys)


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
    return (f"i={first}; while [ $i -lt {first + count} ]; do {body}; i=$((i+1)); done")


def global_reclaim(run, session):
    """Global reclaim (kswapd + direct) under a memhog bigger than free memory, in the
    root container, with 1 and then 64 idle containers each owning one cached page."""
    guest = session.get()
    s = run.settings
    size = guest.vmstat()["nr_free_pages"] + s.reclaim_extra_pages
    hog = f"memhog {size}"
    timed_checked(guest, hog, r"^memhog: touched", 300)  # warm-up: swap in use once
    made = 0
    for idle in (1, 64):
        guest.cmd(idle_loop(100 + made, idle - made, f"mkdir {C}/n$i"), timeout=120)
        made = idle
        rates, ratios, steals, held = [], [], [], []
        for _ in range(s.reclaim_reps):
            guest.cmd(idle_loop(100, idle, "cexec n$i cat /mnt/many/f$i > /dev/null"),
                      timeout=120)
            before = guest.vmstat()
            seconds = timed_checked(guest, hog, r"^memhog: touched", 300)
            after = guest.vmstat()
            steal = delta(before, after, "pgsteal_kswapd", "pgsteal_direct")
            scan = delta(before, after, "pgscan_kswapd", "pgscan_direct")
            rates.append(steal / seconds)
            ratios.append(scan / steal if steal else None)
            steals.append(steal)
            out = guest.cmd(idle_loop(100, idle, f"cat {C}/n$i/num_file_pages") +
                            " | grep -c -v '^0$'", timeout=120)
            held.append(int(out) if out.strip().isdigit() else None)
        res = run.results
        res.add(f"reclaim.global.idle{idle}.rate", rates, "pages/s", MODE_TCG,
                f"global reclaim, {idle} idle container(s): pages reclaimed (kswapd + "
                f"direct) per second of `{hog}`", memhog_pages=size)
        res.add(f"reclaim.global.idle{idle}.scan_per_steal", ratios, "scanned/reclaimed",
                MODE_TCG, f"global reclaim, {idle} idle container(s): pages scanned per "
                f"page reclaimed")
        res.add(f"reclaim.global.idle{idle}.pages", steals, "pages", MODE_TCG,
                f"global reclaim, {idle} idle container(s): pages reclaimed per run")
        res.add(f"reclaim.global.idle{idle}.idle_still_cached", held, "containers", MODE_TCG,
                f"global reclaim, {idle} idle container(s): idle ones still holding their "
                f"page after the run")
    guest.cmd(idle_loop(100, made, f"rmdir {C}/n$i"), timeout=120)


# ---- isolation --------------------------------------------------------------------------


SERVICE = "memhog 1024 -r 100000 -p 2000"
BACKUP_LIMIT = 256


def isolation(run):
    """The seed's case at 32 MiB: a service in the root container and a backup job
    (filehog, a file of 1.25 x RAM written and read back) first beside it in the root
    container, then in container `backup` (page_limit 256)."""
    guest = Guest(run.build, run.workdir / "isolation", "isolation", mem="32M", echo=run.echo)
    try:
        guest.boot()
        ram = guest.meminfo_kb("MemTotal") // 4
        df = guest.cmd("df /mnt").splitlines()[-1].split()
        room = int(df[3]) // 4 - 1024
        pages = min(ram + ram // 4, room)
        rounds = run.settings.isolation_rounds
        job = f"filehog /mnt/backup.img {pages} {rounds}"
        run.results.facts["isolation"] = {"mem": "32M", "ram_pages": ram, "service": SERVICE,
                                          "job": job, "backup_page_limit": BACKUP_LIMIT}
        for where in WHERE:
            try:
                isolation_run(run, guest, where, job)
            except (harness.TestFailure, RuntimeError) as exc:
                run.results.error(f"isolation ({where})", exc)
                if not guest.recover():
                    raise
    finally:
        guest.halt()
        guest.remove_disks()
    fig = run.results.figures
    for key in ("pgmajfault", "pswpin"):
        root, box = fig.get(f"isolation.root.{key}"), fig.get(f"isolation.container.{key}")
        if root and box:
            box["ratio_to_root"] = ratio(box["median"], root["median"])


def isolation_run(run, guest, where, job):
    res = run.results
    if where == "container":
        guest.cmd(f"mkdir {C}/backup; echo {BACKUP_LIMIT} > {C}/backup/page_limit")
        job = f"cexec backup {job}"
    out = guest.cmd(f"{SERVICE} > /tmp/svc.out & echo $!")
    service = int(re.findall(r"\d+", out)[-1])
    guest.cmd("sleep 3")  # its 1024 pages faulted in
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
    res.series[f"isolation.{where}"] = samples
    label = "in the root container" if where == "root" else f"in a {BACKUP_LIMIT}-page container"
    res.add(f"isolation.{where}.pgmajfault", [delta(before, after, "pgmajfault")], "faults",
            MODE_TCG, f"major faults (whole system) while the backup job ran {label}")
    res.add(f"isolation.{where}.pswpin", [delta(before, after, "pswpin")], "pages",
            MODE_TCG, f"pages swapped in (whole system) while the backup job ran {label}")
    res.add(f"isolation.{where}.job_seconds", [seconds], "s", MODE_TCG,
            f"the backup job's wall time {label}")
    rss = [row["service_rss_kb"] for row in samples if row.get("service_rss_kb") is not None]
    res.add(f"isolation.{where}.service_rss_min", [min(rss)] if rss else [], "KiB", MODE_TCG,
            f"the service's smallest resident set (VmRSS) while the job ran {label}")
    cache = [row["system_file_pages"] for row in samples if "system_file_pages" in row]
    res.add(f"isolation.{where}.page_cache_max", [max(cache)] if cache else [], "pages",
            MODE_TCG, f"the whole system's page cache (nr_file_pages), largest sample, while "
            f"the job ran {label}")
    if where == "container":
        usage = [row["usage"] for row in samples if row.get("usage") is not None]
        res.add("isolation.container.usage_max", [max(usage)] if usage else [], "pages",
                MODE_TCG, "the backup container's largest sampled usage (anon + file)")
        res.facts["isolation"]["backup_stat"] = {
            key: stat_value(guest, "backup", key) for key in ("pgsteal", "throttled")}
        res.facts["isolation"]["backup_page_limit_hits"] = guest.number(
            f"{C}/backup/page_limit_hits")
        guest.cmd(f"rmdir {C}/backup")
    guest.cmd("rm /mnt/backup.img; sync; echo 1 > /proc/sys/vm/drop_caches", timeout=120)


def sample_until_done(run, guest, where, service, start, limit=900):
    """Every sample_every seconds (host clock), the backup's usage (in a container:
    its anon + file pages and page_limit; in the root: the whole system's file pages)
    and the service's VmRSS, until /tmp/b.rc says the job is done."""
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
