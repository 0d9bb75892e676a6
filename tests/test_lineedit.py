"""
test_lineedit.py — the shell's line editor (user/bin/sh/lineedit.c, issue 13) over the
serial line, keys typed as a terminal sends them (arrows as ESC [ A ...): moving and
inserting, Home/End, ^A ^E ^B ^F ^K ^U ^W ^L, Backspace and Delete, unknown escape
sequences, history (up/down and the history builtin), Tab completion, a 5000-byte
line and one past the 8191-byte limit, ^C and ^D, continuation lines, pasted lines,
and that every program still starts in canonical mode.  A small VT100 model renders
what the editor drew for a line wider than the terminal, with edits across the wrap.

All tests share one VM and run in order, each leaving the shell at its prompt.
"""

import re

import harness
from shell import PROMPT, expect_output, run

UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
HOME, END, DELETE = "\x1b[H", "\x1b[F", "\x1b[3~"
LIMIT = 8191  # LINEEDIT_MAX in user/bin/sh/sh.h


def cursor(m):
    """Where the machine's read cursor is (an empty match sits right on it)."""
    return m.expect(r"", what="the read cursor").start()


def edit(ctx, keys):
    """Type keys (ending in Enter) at the prompt; return (echo, output): the line as
    the editor drew it (escape sequences and all) and what the command printed."""
    m = ctx.machine
    if not m.at_prompt:
        m.expect_prompt(prompt=PROMPT)
    start = cursor(m)
    m.send(keys)
    end = m.expect_prompt(prompt=PROMPT).start()
    echo, _, out = m.output[start:end].partition("\n")
    return echo, out[:-1] if out.endswith("\n") else out


def expect_edit(ctx, keys, want):
    echo, out = edit(ctx, keys)
    assert out == want, f"typing {keys!r} ran a command that printed {out!r}, " \
                        f"expected {want!r} (the editor drew {echo!r})"
    return echo


class Screen:
    """Just enough of a VT100 to draw what the editor sends: text with the terminal's
    deferred wrap at the last column (as xterm), LF as CR LF (the harness's lines),
    BS, BEL, ESC [ n A/B/C/D, ESC [ K, ESC [ J, ESC [ H, ESC [ 2 J."""

    def __init__(self, cols=80, rows=60):
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.is_wrap_pending = False

    def line_feed(self):
        self.row += 1
        assert self.row < self.rows, "the model screen is too small"

    def put(self, ch):
        if self.is_wrap_pending:
            self.col, self.is_wrap_pending = 0, False
            self.line_feed()
        self.cells[self.row][self.col] = ch
        if self.col + 1 == self.cols:
            self.is_wrap_pending = True
        else:
            self.col += 1

    def feed(self, text):
        for m in re.finditer(r"\x1b\[([0-9;]*)([@-~])|(.)", text, re.S):
            if m.group(2):
                self.csi(m.group(1), m.group(2))
            elif m.group(3) == "\n":
                self.col, self.is_wrap_pending = 0, False
                self.line_feed()
            elif m.group(3) == "\b":
                self.col, self.is_wrap_pending = max(0, self.col - 1), False
            elif m.group(3) >= " ":
                self.put(m.group(3))
        return self

    def csi(self, params, final):
        n = int(params.split(";")[0] or 1)
        if final != "K":  # xterm: ESC [ K erases from the last column, wrap or not
            self.is_wrap_pending = False
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.row = min(self.rows - 1, self.row + n)
        elif final == "C":
            self.col = min(self.cols - 1, self.col + n)
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final in "JK":
            for c in range(self.col, self.cols):
                self.cells[self.row][c] = " "
            for r in range(self.row + 1, self.rows if final == "J" else 0):
                self.cells[r] = [" "] * self.cols

    def text(self):
        return "\n".join("".join(r).rstrip() for r in self.cells).rstrip("\n")


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    run(ctx, "mkdir -p /tmp/tc/sub /tmp/tc/dir2; cd /tmp/tc; "
             "touch alpha.txt beta1 beta2 'my file' .hidden")


def test_plain_typing_echoes_the_line_once(ctx):
    echo = expect_edit(ctx, "echo plain\r", "plain")
    assert echo == "echo plain", f"a plain line was drawn as {echo!r}"


def test_left_right_and_insert_in_the_middle(ctx):
    expect_edit(ctx, f"echo 12{LEFT}3\r", "132")
    expect_edit(ctx, "echo ac\x1bODb\r", "abc")  # ESC O D: the keypad's left arrow
    expect_edit(ctx, f"echo ac{LEFT}{LEFT}{RIGHT}b\x1bOCd\r", "abcd")
    expect_edit(ctx, "echo ac\x02b\x06d\r", "abcd")  # ^B, ^F


def test_home_end_ctrl_a_ctrl_e(ctx):
    expect_edit(ctx, f"cho x{HOME}e{END} y\r", "x y")
    expect_edit(ctx, "cho x\x1bOHe\x1bOF y\r", "x y")
    expect_edit(ctx, "cho x\x1b[1~e\x1b[4~ y\r", "x y")
    expect_edit(ctx, "cho x\x1b[7~e\x1b[8~ y\r", "x y")
    expect_edit(ctx, "cho a\x01e\x05b\r", "ab")


def test_kill_keys(ctx):
    expect_edit(ctx, f"echo abcdef{LEFT * 3}\x0b\r", "abc")  # ^K: to the end
    expect_edit(ctx, "garbage\x15echo u\r", "u")  # ^U: to the start
    expect_edit(ctx, f"xx echo u{LEFT * 6}\x15\r", "u")
    expect_edit(ctx, "echo one two\x17three\r", "one three")  # ^W: the word before
    expect_edit(ctx, "echo one two  \x17\r", "one")


def test_backspace_and_delete(ctx):
    expect_edit(ctx, "echo abx\x7fc\r", "abc")
    expect_edit(ctx, "echo abx\x08c\r", "abc")  # ^H
    expect_edit(ctx, f"echo abxc{LEFT * 2}{DELETE}\r", "abc")
    expect_edit(ctx, f"echo abxc{LEFT * 2}\x04\r", "abc")  # ^D in a line deletes


def test_unknown_escape_sequences_are_not_inserted(ctx):
    keys = "echo a\x1b[5~b\x1b[15;5~c\x1b[200~d\x1bOPe\x1b[?1;2;3$xf\x1bxg\r"
    expect_edit(ctx, keys, "abcdefg")  # Page Up, ctrl-F5, paste mode, F1, ..., alt-x
    expect_edit(ctx, "echo a\x1a\x1cb\r", "ab")  # ^Z, ^\ at the prompt: ignored


def test_ctrl_l_clears_the_screen_and_redraws(ctx):
    echo = expect_edit(ctx, f"echo cl{LEFT}\x0cx\r", "cxl")
    assert "\x1b[H\x1b[2J" + PROMPT + "echo cl" in echo, f"^L drew {echo!r}"


def test_history_up_and_down(ctx):
    run(ctx, "echo first")
    run(ctx, "echo second")
    expect_edit(ctx, f"{UP}{UP}\r", "first")
    expect_edit(ctx, f"\x10\x10\x10\x0e\r", "second")  # ^P ^P ^P (past the top) ^N
    # The line being typed survives a walk up and back down.
    expect_edit(ctx, f"echo dra{UP}{UP}{DOWN}{DOWN}ft\r", "draft")
    expect_edit(ctx, f"{DOWN}echo nothing below\r", "nothing below")


def test_history_builtin(ctx):
    run(ctx, "history -c")
    for line in ("echo h1", "echo h2", "echo h2", "", "   ", "echo h3"):
        run(ctx, line)
    out = run(ctx, "history")  # history -c forgot itself too, as in bash
    want = "    1  echo h1\n    2  echo h2\n    3  echo h3\n    4  history"
    assert out == want, f"history (repeats and blank lines not kept) printed {out!r}"
    expect_output(ctx, "history 2", "    4  history\n    5  history 2")
    expect_output(ctx, "history -c; history", "")
    expect_output(ctx, "history -x; echo $?",
                  "sh: history: -x: invalid option\nusage: history [-c] [N]\n2")
    expect_output(ctx, "history --help", "usage: history [-c] [N]")


def test_tab_completes_a_command(ctx):
    echo = expect_edit(ctx, "ech\tdone\r", "done")
    assert echo.startswith("echo done"), f"Tab after 'ech' drew {echo!r}"
    expect_edit(ctx, "histo\t2\r", "    3  echo done\n    4  history 2")
    expect_edit(ctx, "true; ech\tsecond\r", "second")  # after ; a command again


def test_tab_completes_paths(ctx):
    expect_edit(ctx, "echo al\t/\r", "alpha.txt /")  # a file: a space after it
    expect_edit(ctx, "echo /tmp/tc/su\tx\r", "/tmp/tc/sub/x")  # a directory: a slash
    expect_edit(ctx, "echo my\t\r", "my file")  # quoted: "my\ file "
    expect_edit(ctx, "echo 'my\t\r", "my file")  # in a quote: closed after
    expect_edit(ctx, "echo .h\t\r", ".hidden")
    expect_edit(ctx, "cat /tmp/tc/alpha.\t && echo cat ok\r", "cat ok")
    expect_edit(ctx, "cd su\t && pwd; cd ..\r", "/tmp/tc/sub")


def test_tab_common_prefix_then_a_list(ctx):
    m = ctx.machine
    start = cursor(m)
    m.send("echo b\t")
    m.expect(r"echo beta")  # the common prefix of beta1 and beta2
    m.send("\t")  # the second Tab lists them, then draws the prompt and line again
    m.expect(r"^beta1 +beta2\n" + re.escape(PROMPT) + "echo beta")
    m.send("2\r")
    m.expect(r"^beta2$")
    m.expect_prompt(prompt=PROMPT)
    assert "\a" in m.output[start:], "the ambiguous first Tab rang no bell"
    echo, out = edit(ctx, "echo zz\tq\r")
    assert out == "zzq" and "\a" in echo, f"Tab with no match: {echo!r} then {out!r}"


def test_line_of_5000_bytes(ctx):
    """Typed in pieces, each echoed before the next: the line arrives whole."""
    m = ctx.machine
    line = "v=" + "x" * 5000 + "; echo ${#v}; echo $v | wc -c"
    for i in range(0, len(line), 1000):
        m.send(line[i:i + 1000])
        m.expect(re.escape(line[i:i + 1000]), what=f"the echo of bytes {i}..")
    m.send("\r")
    m.expect(r"^5000\n *5001$")
    m.expect_prompt(prompt=PROMPT)


def test_line_over_the_limit_is_refused(ctx):
    m = ctx.machine
    line = "echo " + "y" * (LIMIT + 100)
    for i in range(0, LIMIT, 1000):
        m.send(line[i:min(i + 1000, LIMIT)])
        m.expect(re.escape(line[i:min(i + 1000, LIMIT)]), what=f"the echo of bytes {i}..")
    m.send(line[LIMIT:])
    m.expect("\a", what="the bell for the byte past the limit")
    m.send("\r")
    m.expect(r"^sh: line too long \(limit 8191 bytes\)$")
    m.expect_prompt(prompt=PROMPT)
    assert "y" * 50 + "\n" not in m.output[-200:], "part of the line ran"
    expect_output(ctx, "echo $?; echo still here", "2\nstill here")


def test_ctrl_c_on_a_half_typed_line(ctx):
    m = ctx.machine
    m.send("echo half")
    m.expect(r"echo half")
    m.send("\x03")
    m.expect(r"\^C\n")  # right after the half line
    m.expect_prompt(prompt=PROMPT)
    # cat reads in canonical mode: the terminal echoes and edits the line itself.
    m.sendline("cat")
    m.expect(r"cat\n")
    m.send("canon ab\x7fc\r")
    m.expect(r"^canon ac$")  # cat's copy, after the terminal's own echo
    m.send("\x04")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo after", "after")


def test_programs_start_in_canonical_mode(ctx):
    out = run(ctx, "ttytest stty")
    assert "iflag 2400 oflag 5 lflag 105073 erase 127 min 1" in out, \
        f"a program started from the editor saw these modes: {out!r}"
    out = run(ctx, "stty -a")
    for flag in ("icanon", "echo", "isig", "icrnl"):
        assert re.search(rf"(?<![-\w]){flag}(?!\w)", out), f"stty -a says no {flag}: {out!r}"


def test_ctrl_d_ends_a_subshell_on_a_new_line(ctx):
    m = ctx.machine
    outer = run(ctx, "echo $$")
    m.sendline("sh")
    m.expect_prompt(prompt=PROMPT)
    inner = run(ctx, "echo $$")
    assert inner != outer, "sh did not start a new shell"
    start = cursor(m)
    m.send("\x04")
    end = m.expect_prompt(prompt=PROMPT).start()
    assert m.output[start:end] == "\n", \
        f"^D on an empty line printed {m.output[start:end]!r} before the next prompt"
    expect_output(ctx, "echo $$", outer)


def test_continuation_lines_are_edited(ctx):
    echo, out = edit(ctx, "echo 'a\rb'\r")
    assert out == "> b'\na\nb", f"an open quote, continued: {out!r}"
    echo, out = edit(ctx, f"if true\rthen echo yxs{LEFT}\x7fe\rfi\r")
    assert out.endswith("\nyes"), f"if/then/fi typed over three lines: {out!r}"
    out = run(ctx, "history 4")
    assert re.search(r"^ +\d+  if true\n +\d+  then echo yes\n +\d+  fi\n", out), out


def test_pasted_lines_run_in_order(ctx):
    m = ctx.machine
    m.send("echo p1\recho p2\recho p3\r")
    for i in (1, 2, 3):
        m.expect(rf"^p{i}$")
    m.expect_prompt(prompt=PROMPT)
    # Bytes typed after an Enter stay in the terminal for the command that runs.
    m.send("cat\rtyped ahead\r")
    m.expect(r"^typed ahead$")
    m.send("\x04")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo ok", "ok")


def test_long_line_wraps_and_edits_right(ctx):
    """A line wider than the 80 columns, edited across the wrap, and one that ends
    exactly at the last column: drawn on a VT100 model, the screen shows the line."""
    line = "echo " + "a" * 100
    keys = f"{line}{HOME}{RIGHT * 5}b{END}c{LEFT * 50}\x7f{UP}{DOWN}\r"
    text = "echo b" + "a" * 100 + "c"
    text = text[:-51] + text[-50:]  # the Backspace 50 from the end
    echo, out = edit(ctx, keys)
    screen = Screen().feed(PROMPT + echo + "\n" + out + "\n").text()
    want = PROMPT + text
    want_rows = [want[i:i + 80] for i in range(0, len(want), 80)]
    assert screen.split("\n")[:len(want_rows)] == want_rows, \
        f"the edited line looks like this on the screen:\n{screen}"
    assert out == text[5:], f"the edited line ran as {out!r}"
    # 2 + 78 bytes: the cursor waits at the last column; then left, insert.
    line = "echo " + "q" * 73
    echo, out = edit(ctx, f"{line}{LEFT}r\r")
    screen = Screen().feed(PROMPT + echo).text()
    assert screen == PROMPT + line[:-1] + "r\nq", f"at the last column:\n{screen!r}"
    assert out == "q" * 72 + "rq", out
