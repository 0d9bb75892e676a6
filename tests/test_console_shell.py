"""
test_console_shell.py — the shell on the VGA screen and the PS/2 keyboard (DESIGN.md
section 3: the interactive shell works on both consoles, not only on serial), its
line editor's keys and redraws included.

Keys are pressed through QEMU's monitor (qemu_monitor.py); the screen is read back
from VGA text memory.  Typing on the keyboard and reading the serial console see the
same terminal: the echo and the output show up on both.
"""

import time

import harness
from qemu_monitor import QemuMonitor


def boot(ctx):
    sock = ctx.workdir / "monitor.sock"
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    machine = ctx.boot(extra_args=QemuMonitor.qemu_args(sock))
    machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    ctx.shell, ctx.qemu = machine, QemuMonitor(sock)
    return machine, ctx.qemu


def screen_when(monitor, predicate, timeout=30):
    """The screen text once predicate(text) holds (VGA is drawn just after serial)."""
    deadline = time.monotonic() + timeout
    while True:
        text = "\n".join(r.rstrip() for r in monitor.read_vga_text())
        if predicate(text) or time.monotonic() > deadline:
            return text


def test_keyboard_command_runs_in_the_shell(ctx):
    machine, monitor = boot(ctx)
    monitor.type_keys("echo $((6*7)) > /tmp/k; cat /tmp/k\n")
    machine.expect(r"^42$")
    machine.expect_prompt()
    screen = screen_when(monitor, lambda t: t.rstrip().endswith("#") and "\n42" in t)
    assert "# echo $((6*7)) > /tmp/k; cat /tmp/k" in screen, "typed line not on screen:\n" + screen
    assert "\n42\n" in screen + "\n", "the output 42 is not on the screen:\n" + screen


def test_keyboard_ctrl_c_interrupts_a_command(ctx):
    machine, monitor = ctx.shell, ctx.qemu
    monitor.type_keys("sleep 100\n")
    machine.expect(r"sleep 100$")
    monitor.press("ctrl-c")
    machine.expect(r"\^C")
    machine.expect_prompt()
    out = machine.command("echo status $?")
    assert out == "status 130", f"after ^C: {out!r} (want 130 = 128 + SIGINT)"


def test_keyboard_line_editing_on_the_screen(ctx):
    """The shell's line editor on VGA: the grey keys reach it (Home, End, Delete,
    arrows), and its redraws -- in a line and across the wrap at column 80 -- leave
    the screen showing the line that runs."""
    machine, monitor = ctx.shell, ctx.qemu
    monitor.type_keys("xecho abd")
    for key in ("left", "c", "home", "delete", "end", "e", "ret"):
        monitor.press(key)
    machine.expect(r"^abcde$")
    machine.expect_prompt()
    monitor.type_keys("echo " + "k" * 80)
    monitor.press("home")
    for _ in range(5):
        monitor.press("right")
    monitor.type_keys("m\n")
    machine.expect(r"^mk{80}$")
    machine.expect_prompt()
    line = "# echo m" + "k" * 80
    rows = [line[:80], line[80:], ("m" + "k" * 80)[:80], "k", "#"]
    screen = screen_when(monitor, lambda t: "\n".join(rows) in t)
    assert "# echo abcde\nabcde\n" in screen, "the edited line on screen:\n" + screen
    assert "\n".join(rows) in screen, "the wrapped, edited line on screen:\n" + screen


def test_screendump(ctx):
    """Keep a picture of the screen with the test's files (build/test-run/...)."""
    machine, monitor = ctx.shell, ctx.qemu
    machine.command("ls /bin | wc -l")
    path = ctx.workdir / "screen.ppm"
    monitor.command(f"screendump {path}")
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.exists() and path.stat().st_size > 100000, "screendump wrote no picture"
    monitor.close()
