#!/usr/bin/env python3
"""
bench.py — `make bench`: boot Corral under QEMU (TCG, never KVM), run the benchmarks and
workloads, and write build/bench/: results.json, report.md and PNG plots.

    python3 scripts/bench.py [--build DIR] [--out DIR] [--quick] [--only NAMES] [-v]

Boots, in this order (every one under TCG; the order is the report's):

    main (64 MiB)       bench root vs. container, plain TCG; the over-limit handler;
                        global reclaim with 1 and 64 idle containers
    icount-1, icount-2  bench root vs. container under -icount (instruction counts)
    boot-1 .. boot-5    boot time, /bin/echo, forktest 61, forktest 1000; and after
                        each, xv6 (if XV6_REF holds its images): boot, echo, forktest
    isolation (32 MiB)  a service beside a backup job, with and without a container

A workload that fails is recorded (results.json "errors", the report's last section)
and the others still run.  The exit status is 1 only when the main VM cannot boot
(or the ISO is missing), 130 when interrupted (^C, SIGTERM: the results so far are
still written); otherwise 0.  Method: docs/bench.md.  Pieces: scripts/bench/.
"""

import argparse
import shutil
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import harness  # noqa: E402
from bench import boots, memory, micro, plots, report  # noqa: E402
from bench.guest import BootFailed  # noqa: E402
from bench.run import Run, Session  # noqa: E402

WORKLOADS = ("micro", "handler", "reclaim", "icount", "charge", "boots", "isolation")


def parse_args():
    ap = argparse.ArgumentParser(description="Corral's benchmarks (docs/bench.md)")
    ap.add_argument("--build", default="build", help="the build folder (default: build)")
    ap.add_argument("--out", help="where results go (default: BUILD/bench)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer rounds and boots, a shorter isolation run: for development")
    ap.add_argument("--only", help="comma-separated subset of: " + ",".join(WORKLOADS))
    ap.add_argument("-v", "--verbose", action="store_true", help="echo the VMs' consoles")
    args = ap.parse_args()
    args.only = set(args.only.split(",")) if args.only else set(WORKLOADS)
    unknown = args.only - set(WORKLOADS)
    if unknown:
        ap.error(f"unknown workloads: {', '.join(sorted(unknown))}")
    return args


def run_all(run, only):
    """Every workload in order; False if the main VM could not boot."""
    main = Session(run, "main")
    booted = True
    if only & {"micro", "handler", "reclaim"}:
        try:
            run.log("booting the main VM (64 MiB)")
            main.get()
        except BootFailed as exc:
            run.results.error("boot", exc)
            run.log(f"boot FAILED: {exc}")
            booted = False
    for name, function in (("micro", micro.micro_tcg),
                           ("handler", memory.overlimit_handler),
                           ("reclaim", memory.global_reclaim)):
        if name in only and booted:
            main.after(name, run.attempt(name, function, main))
            save(run)
    main.close()
    for name, function in (("icount", micro.micro_icount),
                           ("charge", micro.charge_ab),
                           ("boots", boots.boots_and_forks),
                           ("isolation", memory.isolation)):
        if name in only:
            run.attempt(name, function)
            save(run)
    return booted


def save(run, final=False):
    """results.json (after each workload, so an interrupted run keeps what it has);
    at the end also the plots and report.md."""
    meta = report.meta_for(ROOT, run, sys.argv[1:])
    made, skipped = plots.make_plots(run.out, run.results) if final else ([], {})
    meta["plots"] = made
    report.write_json(run.out / "results.json", run.results, meta)
    if final:
        report.write_markdown(run.out / "report.md", run.results, meta, made, skipped)
    return made, skipped


def stop_on_sigterm(_signum, _frame):
    raise KeyboardInterrupt


def main():
    args = parse_args()
    build = (ROOT / args.build) if not Path(args.build).is_absolute() else Path(args.build)
    out = Path(args.out) if args.out else build / "bench"
    out.mkdir(parents=True, exist_ok=True)
    for stale in (*out.glob("*.png"), out / "report.md", out / "results.json"):
        stale.unlink(missing_ok=True)
    shutil.rmtree(out / "run", ignore_errors=True)  # fresh disk copies: no stale locks
    run = Run(build, out, quick=args.quick, echo=args.verbose)
    run.date = report.now_utc()
    run.loadavg_start = report.loadavg()
    if not (build / "corral.iso").is_file():
        print(f"bench: {build / 'corral.iso'} does not exist (make all first)", file=sys.stderr)
        return 1
    # SIGTERM (a killed make) ends like ^C: QEMUs stopped, what was measured written.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    interrupted = False
    try:
        booted = run_all(run, args.only)
    except KeyboardInterrupt:
        run.results.errors.append({"workload": "all", "error": "interrupted"})
        booted, interrupted = True, True
    finally:
        harness.stop_all("bench finished")
    made, skipped = save(run, final=True)
    run.log(f"done: {out / 'report.md'}, {out / 'results.json'}, plots: {', '.join(made) or 'none'}")
    if run.results.errors:
        run.log(f"{len(run.results.errors)} workload(s) failed: see the report's Errors")
    if interrupted:
        return 130
    return 0 if booted else 1


if __name__ == "__main__":
    start = time.monotonic()
    status = main()
    print(f"bench: wall time {time.monotonic() - start:.0f} s", flush=True)
    sys.exit(status)
