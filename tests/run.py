#!/usr/bin/env python3
"""
run.py — run Corral's host-side tests: boot the ISO in QEMU, drive the console, report.

    python3 tests/run.py                       every tests/test_*.py
    python3 tests/run.py test_boot -v          one file, echoing the serial console
    python3 tests/run.py --build /tmp/b -j 1   another build folder, one VM at a time

It builds nothing (`make test` builds first).  Each test file gets a fresh Context:
its own VMs, booted when a test first asks, and its own folder build/test-run/<file>/
for disk copies and serial logs.  A file's test_* functions run in the order they are
written; files run in parallel (-j), the longest first: a file may say how long it
takes alone under TCG (`SECONDS = 520` at the top), and files that say most start
first, so that a long file does not start last and run on alone.  Every result is
one line, printed when known:

    PASS boot.echo
    PASS memsizes.16m: -m 16M: 3908 pages free (15632 KiB) of 15871 KiB RAM
    FAIL selftest.page_alloc_split: mm/page_alloc_test.c:80: nr_free == 3 (got 2)

For each file with a failure the whole story (harness events, serial output) goes to
build/test-logs/<file>.log.  The last line is "N passed, M failed"; the exit status is
1 on any failure, or when no test ran at all.

Read first: README.md (writing a test), harness.py (Machine), context.py (Context).
"""

import argparse
import importlib.util
import os
import re
import shutil
import signal
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
sys.path.insert(0, str(TESTS_DIR))  # so test files can `import harness`
sys.dont_write_bytecode = True  # no __pycache__ folders in the source tree

import context  # noqa: E402  (these two need the path above)
import harness  # noqa: E402
from harness import Result  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Run Corral's QEMU tests.")
    parser.add_argument("names", nargs="*",
                        help="test files to run (test_boot, boot or tests/test_boot.py); "
                             "default: all")
    parser.add_argument("--build", type=Path,
                        default=Path(os.environ.get("CORRAL_BUILD", REPO_DIR / "build")),
                        help="build folder with the ISOs and disk images (default: build)")
    parser.add_argument("--iso", type=Path, help="use this ISO instead of BUILD/corral.iso")
    parser.add_argument("--selftest-iso", type=Path,
                        help="use this ISO instead of BUILD/corral-selftest.iso")
    parser.add_argument("--log-dir", type=Path,
                        help="where to keep logs of failed files (default: BUILD/test-logs)")
    parser.add_argument("--run-dir", type=Path,
                        help="per-file work folders (default: BUILD/test-run)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="test files run at once (default: number of CPUs)")
    parser.add_argument("--timeout-scale", type=float,
                        default=float(os.environ.get("CORRAL_TIMEOUT_SCALE", "1")),
                        help="multiply every timeout (slow host: 2 or 3)")
    parser.add_argument("--prompt", default=harness.DEFAULT_PROMPT,
                        help=f"console prompt to wait for (default {harness.DEFAULT_PROMPT!r})")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="echo every VM's serial output live")
    return parser.parse_args(argv)


def make_config(args):
    build = args.build
    return context.RunConfig(
        build_dir=build,
        run_dir=args.run_dir or build / "test-run",
        log_dir=args.log_dir or build / "test-logs",
        iso=args.iso,
        selftest_iso=args.selftest_iso,
        timeout_scale=args.timeout_scale,
        echo=args.verbose,
        prompt=args.prompt,
    )


def expected_seconds(path):
    """The file's `SECONDS = N` (how long it takes alone), 0 if it does not say."""
    found = re.search(r"^SECONDS = (\d+)", path.read_text(), re.M)
    return int(found.group(1)) if found else 0


def discover(names):
    """The test files to run: all tests/test_*.py, the longest first, or the ones named."""
    available = {path.stem: path for path in sorted(TESTS_DIR.glob("test_*.py"))}
    if not names:
        return sorted(available.values(), key=lambda path: -expected_seconds(path))
    chosen = []
    for name in names:
        stem = Path(name).name.removesuffix(".py")
        if not stem.startswith("test_"):
            stem = "test_" + stem
        if stem not in available:
            sys.exit(f"run.py: no test file {stem}.py in {TESTS_DIR} "
                     f"(there are: {', '.join(available)})")
        chosen.append(available[stem])
    return chosen


def load_module(path):
    spec = importlib.util.spec_from_file_location(f"corral_tests.{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_functions(module):
    """test_* functions in the order they are written (a module's dict keeps it)."""
    return [(name, value) for name, value in vars(module).items()
            if name.startswith("test_") and callable(value)]


class Reporter:
    """Prints one line per result as soon as it is known, and counts them.  Several
    files run at once, so lines from different files interleave (each line is whole)."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self._lock = threading.Lock()

    def result(self, prefix, result):
        name = f"{prefix}.{result.name}"
        detail = result.detail.strip().split("\n")[0] if result.detail else ""
        word = "PASS" if result.passed else "FAIL"
        line = f"{word} {name}: {detail}" if detail else f"{word} {name}"
        if not result.passed and not detail:
            line += ": failed"
        with self._lock:
            if result.passed:
                self.passed += 1
            else:
                self.failed += 1
        self.say(line)

    def say(self, line):
        with harness.OUTPUT_LOCK:
            print(line, flush=True)

    def summary(self):
        self.say(f"{self.passed} passed, {self.failed} failed")


def as_results(name, value):
    """What a test function returned, as results: None passes; a string passes with that
    detail; a Result, or a list of them, stands for itself (a KTAP run, say)."""
    if value is None:
        return [Result(name, True)]
    if isinstance(value, str):
        return [Result(name, True, value)]
    if isinstance(value, Result):
        return [value]
    results = list(value)
    if not results or not all(isinstance(r, Result) for r in results):
        return [Result(name, False, f"returned {value!r}, not results")]
    return results


def run_test(ctx, name, function):
    """Run one test function; a panic nobody asked for fails it even if it returned."""
    ctx.begin_test(name)
    try:
        results = as_results(name, function(ctx))
    except Exception as exc:  # any exception is this test's failure, not the run's
        if not isinstance(exc, AssertionError):
            ctx.note(f"---- {name}: {traceback.format_exc()}")
        results = [Result(name, False, failure_message(exc))]
    panic = ctx.unexpected_panic()
    if panic and all(r.passed for r in results):  # else a failure already tells
        if len(results) == 1:
            return [Result(name, False, f"kernel panic: {panic}")]
        results.append(Result(f"{name}.panic", False, f"kernel panic: {panic}"))
    return results


def failure_message(exc):
    """One readable message for an exception out of a test function: the assertion's
    text, or for a bare `assert` the line that failed."""
    if isinstance(exc, AssertionError) and str(exc):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    test_frames = [f for f in frames if Path(f.filename).name.startswith("test_")]
    where = test_frames[-1] if test_frames else (frames[-1] if frames else None)
    at = f" at {Path(where.filename).name}:{where.lineno}: {where.line}" if where else ""
    if isinstance(exc, AssertionError):
        return "assertion failed" + at
    return f"{type(exc).__name__}: {exc}{at}"


def run_file(path, config, reporter):
    """Run every test of one file in its own Context, report and return the results."""
    prefix = path.stem.removeprefix("test_")
    ctx = context.Context(path.stem, config)
    results = []

    def report(result):
        results.append(result)
        reporter.result(prefix, result)

    try:
        run_file_tests(path, ctx, report)
    except Exception:  # a bug in the harness or a test file's settings
        ctx.note(traceback.format_exc())
        report(Result("harness", False, f"internal error: {sys.exc_info()[1]!r}"))
    finish_file(ctx, results, reporter)
    return results


def run_file_tests(path, ctx, report):
    """Load the file, run its tests under a watchdog, then check its disks."""
    shutil.rmtree(ctx.workdir, ignore_errors=True)  # leftovers of an earlier run
    try:
        module = load_module(path)
    except Exception:
        ctx.note(traceback.format_exc())
        report(Result("load", False, f"cannot load {path.name}: {sys.exc_info()[1]!r}"))
        return
    ctx.default_iso = getattr(module, "ISO", "normal")
    ctx.default_cmdline = getattr(module, "CMDLINE", None)
    tests = test_functions(module)
    if not tests:
        report(Result("load", False, f"{path.name} has no test_* functions"))
    budget = ctx.timeout(getattr(module, "TIMEOUT", harness.FILE_TIMEOUT))
    watchdog = threading.Timer(budget, ctx.abort,
                               [f"{path.name} ran past its {budget:.0f} s budget"])
    watchdog.daemon = True
    watchdog.start()
    try:
        for function_name, function in tests:
            for result in run_test(ctx, function_name.removeprefix("test_"), function):
                report(result)
    finally:
        watchdog.cancel()
        ctx.close()
    if getattr(module, "WRITES_DISK", False):
        for result in ctx.check_disks():
            report(result)


def finish_file(ctx, results, reporter):
    """Keep the log of a file with failures; clean up after one without."""
    log = ctx.config.log_dir / f"{ctx.name}.log"
    if all(r.passed for r in results):
        log.unlink(missing_ok=True)  # a stale log would suggest a failure
        for image in ctx.workdir.glob("vm*/*.img"):
            image.unlink()  # disk copies are big; kept only for a failure
        return
    ctx.config.log_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"==== {ctx.name}: results ===="]
    lines += [f"{'PASS' if r.passed else 'FAIL'} {r.name}" + (f": {r.detail}" if r.detail else "")
              for r in results]
    log.write_text("\n".join(lines) + "\n\n" + ctx.log_text())
    reporter.say(f"     log: {shown(log)}")


def shown(path):
    """A path relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def run_all(files, config, jobs, reporter):
    """Run the files on a pool of threads; Ctrl-C or SIGTERM stops every VM."""
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    futures = [pool.submit(run_file, path, config, reporter) for path in files]
    try:
        for future in futures:
            future.result()
    except KeyboardInterrupt:
        reporter.say("interrupted: stopping all VMs")
        harness.stop_all("test run interrupted")
        pool.shutdown(wait=True, cancel_futures=True)
        return False
    pool.shutdown(wait=True)
    return True


def raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv):
    args = parse_args(argv)
    config = make_config(args)
    files = discover(args.names)
    reporter = Reporter()
    signal.signal(signal.SIGTERM, raise_interrupt)  # a killed run must not leave QEMUs
    completed = run_all(files, config, args.jobs, reporter)
    harness.stop_all("test run over")  # nothing should be left; make sure
    reporter.summary()
    ok = completed and reporter.failed == 0 and reporter.passed > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
