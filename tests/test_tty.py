"""
test_tty.py — the terminal's modes on the serial console (kernel/tty.c): what a
full-screen program (busybox's ash line editing, vi, less) needs from it.

/bin/ttytest puts the console in raw mode with echo off, prints "ready", reads, puts
the modes back and prints what it got in hex.  The tests show that raw mode delivers
keys before Enter and without echo, arrow keys arrive as bytes, VMIN=0/VTIME times
out, poll sees a key, the shell's canonical mode (one echo per line) is back
afterwards, TCGETS/TCSETS round-trip, ^\\ sends SIGQUIT and /dev/tty works.

All tests share one VM and run in order; each leaves the shell at its prompt.
"""

import harness
from shell import PROMPT, run


def raw_read(m, count, keys):
    """Run ttytest raw COUNT, type keys once it is ready; return (hex, what was
    printed between "ready" and the answer: the echo, if there were one)."""
    m.sendline(f"ttytest raw {count}")
    ready = m.expect(r"^ready$")
    m.send(keys)
    got = m.expect(r"^got:(.*)\n")  # the whole line: output arrives in pieces
    between = m.output[ready.end():got.start()]
    m.expect_prompt(prompt=PROMPT)
    return got.group(1).strip(), between


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)


def test_raw_mode_keys_before_enter_without_echo(ctx):
    got, between = raw_read(ctx.machine, 2, "ab")
    assert got == "61 62", f"raw read of 'ab' (no Enter) gave {got!r}"
    assert between.strip() == "", f"echo off, yet the terminal printed {between!r}"


def test_raw_mode_delivers_arrow_keys(ctx):
    got, _ = raw_read(ctx.machine, 3, "\x1b[A")
    assert got == "1b 5b 41", f"the up arrow arrived as {got!r}, want ESC [ A"


def test_raw_mode_enter_is_newline(ctx):
    got, _ = raw_read(ctx.machine, 1, "\r")
    assert got == "0a", f"Enter (CR) arrived as {got!r}; ICRNL makes it 0a"


def test_vtime_read_times_out(ctx):
    out = run(ctx, "ttytest timeout 5")
    assert out.endswith("read returned 0"), f"VMIN 0, VTIME 5 with no key: {out!r}"


def test_poll_sees_a_key(ctx):
    m = ctx.machine
    m.sendline("ttytest poll")
    m.expect(r"^ready$")
    m.send("z")
    line = m.expect(r"^poll returned .*\n").group(0).strip()
    m.expect_prompt(prompt=PROMPT)
    assert line == "poll returned 1 revents 0x1, read 1 byte 7a", line


def test_canonical_mode_is_back(ctx):
    m = ctx.machine
    start = len(m.output)
    out = run(ctx, "echo once")
    assert out == "once", f"after raw mode the shell printed {out!r}"
    typed = m.output[start:].count("echo once")
    assert typed == 1, f"the typed line was echoed {typed} times"


def test_termios_round_trip(ctx):
    out = run(ctx, "ttytest stty")
    assert "iflag 2400 oflag 5 lflag 105073 erase 127 min 1" in out, \
        f"the default modes (ICRNL|IXON, OPOST|ONLCR, ISIG|ICANON|ECHO...): {out!r}"
    assert "round trip ok" in out, out


def test_ctrl_backslash_sends_sigquit(ctx):
    m = ctx.machine
    m.sendline("ttytest quit")
    m.expect(r"^waiting for a signal$")
    m.send("\x1c")
    m.expect_prompt(prompt=PROMPT)
    out = run(ctx, "echo status $?")
    assert out == "status 131", f"after ^\\: {out!r} (want 131 = 128 + SIGQUIT)"


def test_dev_tty(ctx):
    out = run(ctx, "ls -l /dev/tty; ttytest devtty")
    assert out.startswith("crw-rw-rw-") and " 5, 0 " in out, f"ls -l /dev/tty: {out!r}"
    assert "written to /dev/tty" in out, out
    assert "/dev/tty is a terminal: yes" in out, out
