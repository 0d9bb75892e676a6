"""
micro.py — the microbenchmarks: the guest's `bench` (user/bin/bench.c) in the root
container and in container `benchbox`, whose page_limit is never reached, so the
ratio container/root is what the accounting costs.

    micro_tcg     plain TCG, in the main VM: rdtsc reads the host's time stamp counter,
                  so the cycles are host time (and move with the host's load)
    micro_icount  two separate boots under -icount: rdtsc counts guest instructions;
                  the two boots are compared figure by figure (determinism)

`bench` prints `bench NAME: N cycles/op (M ops)` or `bench NAME: skipped (REASON)` per
benchmark; any NAME is taken, so new benchmarks appear in the results by themselves.
"""

import re
import statistics

import harness
from bench.guest import C, ICOUNT_ARGS, ICOUNT_SHIFT, BootFailed, Guest
from bench.stats import MODE_ICOUNT, MODE_TCG, ratio

BENCH_LINE = re.compile(r"^bench ([A-Za-z0-9_.-]+): (?:(\d+) cycles/op \((\d+) ops\)"
                        r"|skipped \((.*)\))[ \t]*$", re.M)
BENCH_TIMEOUT = 600  # one `bench` run, all benchmarks (disk ones included)
BOX = "benchbox"  # the container the microbenchmarks run in
BOX_LIMIT = 100000  # pages: 390 MiB, more than a 64 MiB guest can ever charge
WHERE = ("root", "container")

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
