"""
shell.py — typing at Corral's shell, for the test files that drive it.

    from shell import run, expect_output
    out = run(ctx, "ls /bin | wc -l")            # what the command printed
    expect_output(ctx, "echo $((6*7))", "42")    # or fail with both texts
    expect_match(ctx, "ls -l /", r"^d.* bin$")   # or a regex, ^ and $ at line ends
    expect_ls_long(ctx, "ls -l f", "-rw-r--r-- 1 root root 6 f")   # time column cut
    wait_until(ctx, "memhog's pages", lambda: int(run(ctx, "cat N")) >= 50)
"""

import re
import time

import harness

PROMPT = "# "  # root's prompt; other users get "$ "
LINE_MAX = 1000  # a longer command line in a test is a mistake (test_lineedit types longer)


def run(ctx, line, timeout=harness.EXPECT_TIMEOUT):
    """Type one command line at the shell of the file's VM; return what it printed."""
    assert len(line) < LINE_MAX, f"command line too long to type ({len(line)}): {line!r}"
    return ctx.machine.command(line, timeout=timeout, prompt=PROMPT)


def expect_output(ctx, line, expected, timeout=harness.EXPECT_TIMEOUT):
    """Run line and check its output is exactly expected."""
    out = run(ctx, line, timeout)
    assert out == expected, f"{line!r} printed {out!r}, expected {expected!r}"


def expect_match(ctx, line, pattern, timeout=harness.EXPECT_TIMEOUT):
    """Run line and check its output matches the regex pattern (^ and $ at line
    ends); return the output."""
    out = run(ctx, line, timeout)
    assert re.search(pattern, out, re.M), f"{line!r} printed {out!r}, expected /{pattern}/"
    return out


def wait_for_text(machine, path, text, seconds):
    """Poll a file on machine (a background program's output) once a second until it
    contains text, for at most `seconds` tries; True if it did."""
    for _ in range(seconds):
        if text in machine.command(f"cat {path}"):
            return True
        machine.command("sleep 1")
    return False


# ls -l's time column: "Dec  2 14:22" (the last six months) or "Dec  2  2025".
LS_TIME = re.compile(r" [A-Z][a-z]{2} [ \d]\d (?:\d\d:\d\d| \d{4})(?= )")


def without_ls_time(text):
    """ls -l output with the time column cut, for checks of the other columns."""
    return LS_TIME.sub("", text)


def expect_ls_long(ctx, line, expected, timeout=harness.EXPECT_TIMEOUT):
    """Run an ls -l line and check its output, less the time column, is expected."""
    out = without_ls_time(run(ctx, line, timeout))
    assert out == expected, f"{line!r} printed {out!r} (time cut), expected {expected!r}"


def wait_until(ctx, what, check, timeout=60):
    """Poll check() (which reads the VM) until it returns a true value; return it."""
    deadline = time.monotonic() + ctx.timeout(timeout)
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)
