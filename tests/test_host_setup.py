"""
test_host_setup.py — what a user meets on the host before Corral boots: the
Makefile asks the cross compiler nothing until the set-up has installed it (a fresh
machine's first `make run` used to start with "make: i686-linux-gnu-gcc: No such
file or directory"), `make run-vga` without a display says how to get a window
instead of waiting silently behind QEMU's VNC fallback, and the set-up script takes
the extras run-vga and lint need.  No VM: host commands only.
"""

import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_no_compiler_error_before_setup(ctx):
    status, out = ctx.run(["make", "-n", "CC=no-such-cross-gcc", "setup"], 60, cwd=ROOT)
    assert status == 0, f"make -n setup failed ({status}): {out}"
    assert "No such file" not in out and "not found" not in out, \
        f"make asked a missing compiler at parse time:\n{out}"
    assert "scripts/setup.sh" in out, f"make -n setup: {out}"


def display_check(ctx, env_display, vnc=""):
    env = ["env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"] + env_display
    return ctx.run(env + ["sh", str(ROOT / "scripts/vga-display.sh"), vnc], 30)


def test_run_vga_without_display_says_how(ctx):
    status, out = display_check(ctx, [])
    assert status == 1, f"no display: exit {status}, wanted 1"
    for words in ("no display here", "make run-vga VNC=1", "localhost:5900", "make run"):
        assert words in out, f"the message lacks {words!r}: {out!r}"


def test_run_vga_with_display_or_vnc_goes_on(ctx):
    status, out = display_check(ctx, ["DISPLAY=:0"])
    assert status == 0 and out == "", f"DISPLAY set: exit {status}, {out!r}"
    status, out = display_check(ctx, ["WAYLAND_DISPLAY=wayland-0"])
    assert status == 0, f"WAYLAND_DISPLAY set: exit {status}, {out!r}"
    status, out = display_check(ctx, [], vnc="1")
    assert status == 0 and "VNC at localhost:5900" in out, f"VNC=1: exit {status}, {out!r}"


def test_setup_knows_its_extras(ctx):
    status, out = ctx.run(["sh", str(ROOT / "scripts/setup.sh"), "bogus"], 30)
    assert status == 2 and "unknown extra 'bogus' (vga or lint)" in out, f"{status}: {out!r}"
    script = (ROOT / "scripts/setup.sh").read_text()
    assert "qemu-system-gui" in script and "cppcheck" in script, \
        "setup.sh does not install run-vga's and lint's packages"
    makefile = (ROOT / "Makefile").read_text()
    assert "run-vga: setup setup-vga" in makefile and "lint: setup-lint" in makefile
    assert os.access(ROOT / "scripts/vga-display.sh", os.R_OK)
