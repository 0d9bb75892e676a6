"""
test_vga_keyboard.py — the other console: the VGA text screen and the PS/2 keyboard
(DESIGN.md section 3: output on both COM1 and VGA, input from both).

QEMU's monitor presses keys on the emulated keyboard (`sendkey`) and reads the VGA
text memory back (`xp`), see qemu_monitor.py.  What is typed on the keyboard must
reach the same line editor as serial input: the echo shows up on serial too.
"""

import time

import harness
from qemu_monitor import QemuMonitor

SECONDS = 65  # alone under TCG, about: run.py starts the longest files first


def boot_with_monitor(ctx):
    sock = ctx.workdir / "monitor.sock"
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    machine = ctx.boot(iso="monitor", extra_args=QemuMonitor.qemu_args(sock))
    machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    ctx.vga_machine, ctx.vga_monitor = machine, QemuMonitor(sock)
    return machine, ctx.vga_monitor


def screen_text(monitor):
    return "\n".join(row.rstrip() for row in settled_rows(monitor))


def settled_rows(monitor, timeout=30):
    """The screen once its last row is a bare prompt.  The kernel writes each message to
    serial first and VGA second, so the prompt can be on serial a moment before it is on
    the screen: wait (bounded) for the screen to catch up."""
    deadline = time.monotonic() + timeout
    while True:
        rows = monitor.read_vga_text()
        if rows[-1].rstrip() == "corral>" or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_screen_shows_boot(ctx):
    machine, monitor = boot_with_monitor(ctx)
    screen = screen_text(monitor)
    assert "Corral 0.1 (i386)" in screen, "the banner is not on the VGA screen:\n" + screen
    assert "mm: " in screen, "the memory line is not on the VGA screen:\n" + screen
    assert screen.rstrip().endswith("corral>"), "no prompt at the end of the screen:\n" + screen


def test_keyboard_types_a_command(ctx):
    machine, monitor = ctx.vga_machine, ctx.vga_monitor
    monitor.type_keys("echo Hello, VGA!\n")
    machine.expect(r"echo Hello, VGA!$")  # the keyboard echo, seen on serial
    machine.expect(r"^Hello, VGA!$")
    machine.expect_prompt()
    screen = screen_text(monitor)
    assert "Hello, VGA!" in screen.split("echo Hello, VGA!")[-1], \
        "the command's output is not on the VGA screen:\n" + screen


def test_keyboard_line_editing(ctx):
    machine, monitor = ctx.vga_machine, ctx.vga_monitor
    monitor.type_keys("echo abx")
    monitor.press("backspace")
    monitor.type_keys("c\n")
    machine.expect(r"^abc$")
    machine.expect_prompt()
    monitor.type_keys("echo gone")
    monitor.press("ctrl-u")
    monitor.type_keys("echo kept\n")
    machine.expect(r"^kept$")
    machine.expect_prompt()
    monitor.type_keys("echo never")
    monitor.press("ctrl-c")
    machine.expect(r"\^C$")
    machine.expect_prompt()
    monitor.press("up")  # an arrow key's escape sequence must not leave text behind
    monitor.type_keys("echo clean\n")
    machine.expect(r"^clean$")
    machine.expect_prompt()  # leave the console at a prompt for the next test


def test_scrolling(ctx):
    machine, monitor = ctx.vga_machine, ctx.vga_monitor
    for i in range(30):  # more lines than the screen has
        machine.command(f"echo line{i:02d}")
    rows = settled_rows(monitor)
    screen = "\n".join(r.rstrip() for r in rows)
    assert rows[-1].startswith("corral>"), f"last row is {rows[-1]!r}, not the prompt:\n{screen}"
    assert rows[-2].rstrip() == "line29", f"row 24 is {rows[-2]!r}, not line29:\n{screen}"
    assert not any("Corral 0.1" in r for r in rows), "the banner did not scroll away"
    monitor.close()
