"""
test_selftest_fails.py — the harness notices a failing self test (a test of the tests).

`make selftest-fail-iso` builds a kernel with one self test that always fails,
ktest_deliberate_failure.  Running test_selftest.py against it, in a nested run.py
with its own log and work folders (so the outer run's files stay untouched), must end
in failure: a non-zero exit status, a FAIL line for that test, the kept serial log,
and a last line "N passed, M failed" with M >= 1.
"""

import re
import sys
from pathlib import Path

import harness

TIMEOUT = 900
NESTED_TIMEOUT = 720  # the nested run boots one selftest VM (test_selftest.TIMEOUT)
RUN_PY = Path(__file__).resolve().with_name("run.py")
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed$")


def fail_iso(ctx):
    return ctx.config.build_dir / "selftest-fail" / "corral-selftest.iso"


def test_deliberate_failure_is_reported(ctx):
    iso = fail_iso(ctx)
    assert iso.is_file(), f"{iso} does not exist (build it: make selftest-fail-iso)"
    nested = ctx.workdir / "nested"
    status, output = ctx.run([
        sys.executable, RUN_PY, "test_selftest", "-j", "1",
        "--selftest-iso", iso, "--build", ctx.config.build_dir,
        "--log-dir", nested / "logs", "--run-dir", nested / "run",
        "--timeout-scale", ctx.config.timeout_scale,
    ], timeout=NESTED_TIMEOUT)

    assert status != 0, "the nested run.py exited 0 despite a failing self test"
    assert re.search(r"^FAIL selftest\.ktest_deliberate_failure\b", output, re.M), \
        "no 'FAIL selftest.ktest_deliberate_failure' line in the nested run's output"
    lines = output.rstrip("\n").split("\n")
    summary = SUMMARY.match(lines[-1])
    assert summary, f"the nested run's last line is {lines[-1]!r}, not 'N passed, M failed'"
    passed, failed = map(int, summary.groups())
    assert failed >= 1, f"the summary counts {failed} failures"
    log = nested / "logs" / "test_selftest.log"
    assert log.is_file(), f"the nested run kept no log at {log}"
    return f"nested run: {lines[-1]}"
