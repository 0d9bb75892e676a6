"""
test_jobs.py — job control on the serial console, as a user meets it: ^Z (0x1a)
stops the foreground job, jobs lists it, fg and bg continue it, a background reader
is stopped by SIGTTIN and a background writer with `stty tostop` by SIGTTOU, kill
%N and wait %N, the job notices ("[1] 74", "[1]+  Done ..."), ^\\ (0x1c) quits, the
terminal's modes come back after a job is killed in raw mode, a stopped job whose
shell exits is hung up (an orphaned process group), ps shows stopped jobs as T and
the waiting shell as S; and the time and help builtins.

Nothing here waits for a time to pass: a job is known to be running once it has
answered (cat echoes a typed line back), and a state change is awaited by asking
again until it shows (poll_until), under the harness's timeouts.

All tests share one VM and run in order; each leaves the shell at its prompt.
"""

import re
import time

import harness
from shell import PROMPT, expect_output

CTRL_Z, CTRL_C, CTRL_D, CTRL_BACKSLASH = "\x1a", "\x03", "\x04", "\x1c"


def command(ctx, line):
    """Run line; its output with the job notices kept."""
    return ctx.machine.command(line, prompt=PROMPT, job_notices=True)


def start_cat(m, word="ready"):
    """Start cat in the foreground and make sure it runs: it echoes a line back."""
    m.sendline("cat")
    m.expect(r"cat\n")  # the echo, after the prompt
    m.sendline(word)
    m.expect(rf"^{word}\n{word}$")  # the terminal's echo, then cat's copy


def key_to_cat(ctx, key, printed, status):
    """Type key at a running cat: expect what the shell prints, and $?."""
    m = ctx.machine
    start_cat(m)
    m.send(key)
    m.expect(printed)
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo $?", status)


def poll_until(ctx, line, pattern, seconds=30):
    """Run line until its output matches pattern (a change the shell learns of
    by itself, in its own time); return the output."""
    deadline = time.monotonic() + ctx.machine.scaled(seconds)
    while True:
        out = command(ctx, line)
        if re.search(pattern, out, re.M) or time.monotonic() > deadline:
            assert re.search(pattern, out, re.M), f"{line!r} never printed /{pattern}/: {out!r}"
            return out
        ctx.machine.command("sleep 0.2", prompt=PROMPT)


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)


def test_ctrl_z_stops_the_foreground_job(ctx):
    key_to_cat(ctx, CTRL_Z, r"^\^Z\n\[1\]\+  Stopped                 cat$", "148")  # 128 + SIGTSTP
    out = command(ctx, "jobs -l")
    assert re.fullmatch(r"\[1\]\+  \d+ Stopped                 cat", out), f"jobs -l: {out!r}"
    pid = command(ctx, "jobs -p")
    assert re.fullmatch(r"\d+", pid), f"jobs -p: {pid!r}"
    expect_output(ctx, f"grep State /proc/{pid}/status", "State:\tT (stopped)")
    out = command(ctx, "ps")
    assert re.search(rf"^\s*{pid}\s+\d+\s+T\s+/\s+cat$", out, re.M), f"ps: {out!r}"


def test_fg_continues_it_in_the_foreground(ctx):
    m = ctx.machine
    m.sendline("fg")
    m.expect(r"fg\ncat\n")
    m.sendline("again")
    m.expect(r"^again\nagain$")  # cat has the terminal back
    m.send(CTRL_D)
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo $?; jobs", "0")


def test_bg_and_a_reader_stopped_by_sigttin(ctx):
    """bg continues cat in the background; its read of the terminal stops it
    again with SIGTTIN, and fg brings it back to read."""
    m = ctx.machine
    start_cat(m)
    m.send(CTRL_Z)
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "bg", "[1]+ cat &")
    poll_until(ctx, "jobs", r"^\[1\]\+  Stopped \(tty input\)     cat$")
    m.sendline("fg %1")
    m.expect(r"fg %1\ncat\n")
    m.sendline("back")
    m.expect(r"^back\nback$")
    m.send(CTRL_D)
    m.expect_prompt(prompt=PROMPT)


def test_background_writer_stopped_by_sigttou_with_tostop(ctx):
    m = ctx.machine
    out = command(ctx, "stty tostop; echo written-later &")
    assert re.fullmatch(r"\[1\] \d+", out), f"& printed {out!r}"
    poll_until(ctx, "jobs", r"^\[1\]\+  Stopped \(tty output\)    echo written-later$")
    m.sendline("stty -tostop; fg")
    m.expect(r"fg\necho written-later\nwritten-later\n")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo unstopped & wait", "unstopped")  # -tostop: writes go out


def test_job_notices(ctx):
    """[N] PID on &, and the end of a background job before the next prompt."""
    out = command(ctx, "sh -c 'exit 3' &")
    m = re.fullmatch(r"\[1\] (\d+)", out)
    assert m, f"& printed {out!r}"
    pid = m.group(1)
    # Once it has ended (a zombie, or collected already), the next prompt reports it.
    out = command(ctx, f"while grep -q 'State:.[RSD]' /proc/{pid}/status 2>/dev/null; "
                  "do sleep 0.1; done")
    out += "\n" + command(ctx, "echo next")
    notice = "[1]+  Exit 3                  sh -c 'exit 3'"
    assert out.count(notice) == 1 and out.endswith("next"), f"got {out!r}"
    expect_output(ctx, "jobs", "")


def test_kill_and_wait_take_job_specs(ctx):
    assert re.fullmatch(r"\[1\] \d+\n\[2\] \d+",
                        command(ctx, "sleep 100 & sleep 200 &"))
    out = command(ctx, "jobs")
    assert out == ("[1]-  Running                 sleep 100 &\n"
                   "[2]+  Running                 sleep 200 &"), f"jobs: {out!r}"
    expect_output(ctx, "kill %sleep; echo $?", "sh: kill: %sleep: ambiguous job spec\n1")
    expect_output(ctx, "kill -s KILL %2; wait %2; echo $?", "137")
    expect_output(ctx, "kill %%; wait %1; echo $?", "143")
    expect_output(ctx, "jobs; wait %1; echo $?", "sh: wait: %1: no such job\n127")
    expect_output(ctx, "kill -l 9; kill -l 143; kill -l HUP", "KILL\nTERM\n1")


def test_job_errors(ctx):
    """Every mistake says what is wrong, with status 1 (or 2 for usage)."""
    expect_output(ctx, "fg; echo $?", "sh: fg: no current job\n1")
    expect_output(ctx, "bg %3; echo $?", "sh: bg: %3: no such job\n1")
    expect_output(ctx, "fg %x y; echo $?", "sh: usage: fg [%JOB]\n2")
    expect_output(ctx, "jobs -z; echo $?",
                  "sh: jobs: -z: invalid option\nsh: usage: jobs [-l | -p] [%JOB...]\n2")
    expect_output(ctx, "kill -NOPE %1; echo $?", "sh: kill: NOPE: invalid signal\n1")
    expect_output(ctx, "kill x; echo $?",
                  "sh: kill: x: arguments must be process or job IDs\n1")
    expect_output(ctx, "kill 99999; echo $?", "sh: kill: 99999: No such process\n1")
    expect_output(ctx, "wait 1; echo $?", "sh: wait: pid 1 is not a child of this shell\n127")
    # A script has no job control: fg and bg say so; & prints nothing.
    expect_output(ctx, "sh -c 'fg; echo $?; sleep 1 & wait %1; echo $?'",
                  "sh: fg: no job control\n1\n0")


def test_ctrl_backslash_quits_the_foreground_job(ctx):
    key_to_cat(ctx, CTRL_BACKSLASH, r"Quit$", "131")


def test_terminal_modes_back_after_a_job_dies_in_raw_mode(ctx):
    expect_output(ctx, "sh -c 'stty raw -echo; kill -9 $$'; echo $?", "Killed\n137")
    out = command(ctx, "stty -a | tr ' ;' '\\n\\n' | busybox grep -x -e '-*icanon' -e '-*echo'")
    assert out == "icanon\necho", f"modes after the job died: {out!r}"
    # ... while what a job sets on purpose stays.
    expect_output(ctx, "stty tostop; stty -a | tr ' ' '\\n' | busybox grep -x -- '-*tostop'; "
                  "stty -tostop", "tostop")


def test_stopped_job_of_an_exiting_shell_is_hung_up(ctx):
    """A shell exits leaving a stopped job (after a warning): the job's process
    group is orphaned, so the kernel sends it SIGHUP and SIGCONT (POSIX), and it
    does not stay stopped."""
    m = ctx.machine
    m.sendline("sh")
    m.expect_prompt(prompt=PROMPT)
    m.sendline("echo inner $$")
    inner = m.expect(r"^inner (\d+)\n").group(1)
    m.expect_prompt(prompt=PROMPT)
    start_cat(m, "orphan")
    m.send(CTRL_Z)
    m.expect(r"Stopped")
    m.expect_prompt(prompt=PROMPT)
    pid = command(ctx, "jobs -p")
    # The first exit warns and stays (as bash); the second leaves.
    expect_output(ctx, "exit", "sh: there are stopped jobs (exit again to leave them: "
                  "they get SIGHUP)")
    m.sendline("exit")
    m.expect_prompt(prompt=PROMPT)
    assert command(ctx, "echo $$") != inner, "still in the inner shell"
    poll_until(ctx, f"ls -d /proc/{pid} 2>&1", r"No such file")


def test_shell_started_in_the_background_waits_for_fg(ctx):
    """An interactive shell started with & stops itself (SIGTTIN) until fg brings it
    to the foreground, then takes the terminal: job control nested."""
    m = ctx.machine
    command(ctx, "sh -i &")
    poll_until(ctx, "jobs", r"^\[1\]\+  Stopped \(tty input\)     sh -i$")
    m.sendline("fg")
    m.expect(r"fg\nsh -i\n")
    m.expect_prompt(prompt=PROMPT)
    inner = command(ctx, "echo $$")
    start_cat(m, "nested")
    m.send(CTRL_Z)
    m.expect(r"\[1\]\+  Stopped                 cat")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "kill -9 %1; wait %1; echo $?", "137")
    # SIGTERM would wait, pending, in a stopped job: kill sends SIGCONT too (bash).
    start_cat(m, "again")
    m.send(CTRL_Z)
    m.expect(r"\[1\]\+  Stopped                 cat")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "kill %1; wait %1; echo $?", "143")
    m.sendline("exit")
    m.expect_prompt(prompt=PROMPT)
    assert command(ctx, "echo $$") != inner, "still in the inner shell"


def test_ps_states(ctx):
    """The shell waiting for ps is S (asleep), ps itself R, kernel threads idle I."""
    out = command(ctx, "ps")
    shell_pid = command(ctx, "echo $$")
    assert re.search(rf"^\s*{shell_pid}\s+\d+\s+S\s+/\s+/bin/sh$", out, re.M), f"ps: {out!r}"
    assert re.search(r"^\s*\d+\s+\d+\s+R\s+/\s+ps$", out, re.M), f"ps: {out!r}"
    assert re.search(r"^\s*\d+\s+0\s+I\s+/\s+\[kswapd\]$", out, re.M), f"ps: {out!r}"


def test_time_builtin(ctx):
    out = command(ctx, "time sleep 1")
    m = re.fullmatch(r"\nreal\t(\d+)m(\d+)\.\d{3}s\nuser\t\d+m\d+\.\d{3}s\nsys\t\d+m\d+\.\d{3}s", out)
    assert m, f"time sleep 1: {out!r}"
    assert int(m.group(1)) * 60 + int(m.group(2)) >= 1, f"sleep 1 took under a second: {out!r}"
    out = command(ctx, "time -p false | true; echo $?")
    assert re.fullmatch(r"real \d+\.\d\d\nuser \d+\.\d\d\nsys \d+\.\d\d\n0", out), \
        f"time -p: {out!r}"
    out = command(ctx, "time false; echo $?")
    assert out.endswith("\n1"), f"time keeps the status: {out!r}"


def test_help_builtin(ctx):
    out = command(ctx, "help")
    for line in (r"^  fg \[%JOB\] +continue a job in the foreground$",
                 r"^  time \[-p\] PIPELINE +run a pipeline",
                 r"^Programs in /bin",
                 r"^  cat +copy files",
                 r"^  containers +every container at a glance$"):
        assert re.search(line, out, re.M), f"help has no /{line}/"
    expect_output(ctx, "help jobs", "jobs: jobs [-l | -p] [%JOB...]\n"
                  "    list jobs: running, stopped, done")
    expect_output(ctx, "help -x; echo $?", "sh: usage: help [NAME]\n2")
