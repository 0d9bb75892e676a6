"""
run.py — one `make bench` run: its settings (full or --quick), where its files go, the
Results it fills, and the Session that shares one VM among workloads.

A workload is a function taking the Run (and a Session, for those sharing the main VM)
that records figures in run.results; Run.attempt calls it, and an exception becomes a
recorded error instead of the end of the run.
"""

import time
from pathlib import Path

from bench.guest import Guest
from bench.stats import Results

class Settings:
    """How much of everything: the full run, or --quick for development."""

    def __init__(self, quick):
        self.micro_rounds = 2 if quick else 9  # bench runs per container, plain TCG
        self.icount_rounds = 1 if quick else 2  # bench runs per container per icount boot
        self.boots = 2 if quick else 5  # Corral boots (and xv6 boots) timed
        self.command_reps = 2 if quick else 3  # echo / forktest runs per boot
        self.handler_reps = 1 if quick else 3
        self.reclaim_reps = 1 if quick else 4
        self.reclaim_extra_pages = 4000 if quick else 8000  # memhog: free memory + this
        self.isolation_rounds = 1 if quick else 2  # filehog's read passes
        self.isolation_reps = 1 if quick else 2  # runs of the job, in each place
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
        self.loadavg_start = None  # the host's, set by bench.py

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
