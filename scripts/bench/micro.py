"""
micro.py — the microbenchmarks: the guest's `bench` (user/bin/bench.c) in the root
container and in container `benchbox`, whose page_limit is never reached, so the
ratio container/root is what the accounting costs.

    micro_tcg     plain TCG, in the main VM: rdtsc reads the host's time stamp counter,
                  so the cycles are host time (and move with the host's load); each
                  benchmark runs in root and box back to back, and the ratio of each
                  such pair is kept too
    micro_icount  two separate boots under -icount: rdtsc counts guest instructions;
                  the two boots are compared figure by figure (determinism)
    charge_ab     the charge path's share of a page fault: a second kernel built with
                  -DCORRAL_BENCH_NO_CHARGE (include/corral/container.h: the fault's
                  container work compiled out) runs `bench pagefault` under -icount,
                  against the same figure of the real kernel from micro_icount

`bench` prints `bench NAME: N cycles/op (M ops)` or `bench NAME: skipped (REASON)` per
benchmark; any NAME is taken, so new benchmarks appear in the results by themselves.
"""

import re
import statistics
import subprocess
import time
from pathlib import Path

import harness
from bench.guest import C, ICOUNT_ARGS, ICOUNT_SHIFT, BootFailed, Guest
from bench.stats import MODE_ICOUNT, MODE_TCG, ratio, summary

BENCH_LINE = re.compile(r"^bench ([A-Za-z0-9_.-]+): (?:(\d+) cycles/op \((\d+) ops\)"
                        r"|skipped \((.*)\))[ \t]*$", re.M)
BENCH_TIMEOUT = 600  # one `bench` run, all benchmarks (disk ones included)
BOX = "benchbox"  # the container the microbenchmarks run in
BOX_LIMIT = 100000  # pages: 390 MiB, more than a 64 MiB guest can ever charge
WHERE = ("root", "container")
TCG_BUDGET = 120  # seconds for all bench runs under plain TCG
ICOUNT_BUDGET = 60  # ... and per icount boot

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


class Rounds:
    """What the bench runs of one boot gave: per container, per benchmark, the
    cycles/op of each run; per benchmark, container/root of each back-to-back pair."""

    def __init__(self):
        self.data = {where: {} for where in WHERE}  # where -> name -> [cycles/op]
        self.pairs = {}  # name -> [container / root, one per round]
        self.skipped = {}  # name -> reason
        self.names = []  # in bench's order

    def take(self, where, out, line):
        values, skips = parse_bench(out)
        if not values and not skips:
            raise RuntimeError(f"{line!r} printed no bench lines: {out[-300:]!r}")
        for name, cycles in values.items():
            self.data[where].setdefault(name, []).append(cycles)
        self.skipped.update(skips)
        return values

    def merge(self, other):
        self.names += [n for n in other.names if n not in self.names]
        self.skipped.update(other.skipped)
        for where in WHERE:
            for name, values in other.data[where].items():
                self.data[where].setdefault(name, []).extend(values)
        for name, values in other.pairs.items():
            self.pairs.setdefault(name, []).extend(values)


def bench_line(where, names=()):
    args = "".join(f" {n}" for n in names)
    return f"bench{args}" if where == "root" else f"cexec {BOX} bench{args}"


def bench_rounds(guest, rounds, budget):
    """One whole `bench` run first (untimed: warms caches, names the benchmarks), then
    `rounds` rounds of: for each benchmark, `bench NAME` in the root container and in
    benchbox back to back, the order alternating (root first, then box first, ...).
    Back to back, a pair sees the same host, so its ratio is sound even when the
    host's speed changes between pairs (under plain TCG it does, by 2x when other
    QEMUs run).  When bench is slow (new benchmarks), fewer rounds (at least 3) keep
    the whole within about `budget` seconds.  Returns a Rounds."""
    got = Rounds()
    out = guest.cmd("bench", timeout=BENCH_TIMEOUT)
    got.names = list(dict.fromkeys(m.group(1) for m in BENCH_LINE.finditer(out)))
    if not got.names:
        raise RuntimeError(f"`bench` printed no bench lines: {out[-300:]!r}")
    start = time.monotonic()
    r = 0
    while r < rounds:
        if r:
            rounds = min(rounds, max(3, int(budget * r / (time.monotonic() - start))))
            if r >= rounds:
                break
        for i, name in enumerate(got.names):
            pair = {}
            for where in (WHERE if (r + i) % 2 == 0 else WHERE[::-1]):
                line = bench_line(where, [name])
                out = guest.cmd(line, timeout=BENCH_TIMEOUT)
                pair[where] = got.take(where, out, line).get(name)
            if pair.get("root") and pair.get("container") is not None:
                got.pairs.setdefault(name, []).append(pair["container"] / pair["root"])
        r += 1
    return got


def record_micro(results, mode, got, **extra):
    for name in got.names:
        for where in WHERE:
            samples = got.data[where].get(name, [])
            fig = results.add(f"micro.{mode}.{name}.{where}", samples, "cycles/op", mode,
                              f"bench {name}, {where} container", benchmark=name,
                              where=where, **extra)
            if not samples and name in got.skipped:
                fig["skipped"] = got.skipped[name]
        box = results.figures[f"micro.{mode}.{name}.container"]
        box["ratio_to_root"] = ratio(box["median"], results.median(f"micro.{mode}.{name}.root"))
        if got.pairs.get(name):
            box["paired_ratio"] = summary(got.pairs[name])


def micro_tcg(run, session):
    guest = session.get()
    make_benchbox(guest)
    got = bench_rounds(guest, run.settings.micro_rounds, TCG_BUDGET)
    hits = guest.number(f"{C}/{BOX}/page_limit_hits")
    guest.cmd(f"rmdir {C}/{BOX}")
    record_micro(run.results, MODE_TCG, got)
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
            boots.append(bench_rounds(guest, run.settings.icount_rounds, ICOUNT_BUDGET))
        except (harness.TestFailure, BootFailed, RuntimeError) as exc:
            run.results.error(f"micro_icount boot {b}", exc)
        finally:
            guest.halt()
            guest.remove_disks()
    if not boots:
        raise RuntimeError("no icount boot ran bench")
    got = Rounds()
    for one in boots:
        got.merge(one)
    record_micro(run.results, MODE_ICOUNT, got, qemu_args=" ".join(ICOUNT_ARGS))
    run.results.facts["icount"] = {"args": " ".join(ICOUNT_ARGS), "shift": ICOUNT_SHIFT,
                                   "boots": len(boots)}
    run.results.facts["icount_determinism"] = determinism(boots, got.names)


def determinism(boots, names):
    """Per figure: each boot's median, and whether the boots agree exactly (else the
    difference in percent of the smaller); also whether every run inside a boot
    gave the same number."""
    report = {}
    for name in names:
        for where in WHERE:
            per_boot = [b.data[where].get(name) for b in boots]
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


NO_CHARGE_FLAG = "-DCORRAL_BENCH_NO_CHARGE"
REPO_ROOT = Path(__file__).resolve().parents[2]


def build_no_charge_kernel(run):
    """The A/B kernel, in its own build folder under the bench output (the ISO and
    the disk images: make all); its path."""
    build = run.out / "nocharge-build"
    cmd = ["make", "--no-print-directory", f"BUILD={build}", f"EXTRA_CFLAGS={NO_CHARGE_FLAG}",
           "all"]
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"building the {NO_CHARGE_FLAG} kernel failed: "
                           f"{(proc.stderr or proc.stdout).strip()[-300:]}")
    return build


def charge_ab(run):
    """`bench pagefault` on the kernel without the fault's container work, under
    -icount (instructions, deterministic): the difference to the real kernel's figure
    (micro_icount's) is what charging costs a fault, exactly."""
    build = build_no_charge_kernel(run)
    guest = Guest(build, run.workdir / "nocharge", "nocharge", extra_args=ICOUNT_ARGS,
                  echo=run.echo)
    try:
        guest.boot()
        make_benchbox(guest)
        got = Rounds()
        for where in WHERE:
            line = bench_line(where, ["pagefault"])
            got.take(where, guest.cmd(line, timeout=BENCH_TIMEOUT), line)
    finally:
        guest.halt()
        guest.remove_disks()
    for where in WHERE:
        base = got.data[where].get("pagefault", [])
        fig = run.results.add(f"charge.{MODE_ICOUNT}.pagefault_no_charge.{where}", base,
                              "cycles/op", MODE_ICOUNT,
                              f"bench pagefault, {where} container, kernel built with "
                              f"{NO_CHARGE_FLAG}", where=where)
        real = run.results.median(f"micro.{MODE_ICOUNT}.pagefault.{where}")
        if real and fig["median"]:
            fig["charge_instructions"] = real - fig["median"]
            fig["charge_share"] = round((real - fig["median"]) / real, 4)
