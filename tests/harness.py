"""
harness.py — one QEMU running Corral, and its serial console as something to test.

A test file never starts QEMU itself.  Each test function receives a Context
(context.py) from run.py and asks it for machines, which are Machines from this file:

    def test_echo(ctx):
        out = ctx.machine.command("echo hello")    # the file's VM, booted on first use
        assert out == "hello", f"echo printed {out!r}"

Two ideas make the tests dependable:

1. A cursor through the output.  A reader thread appends everything the guest prints on
   COM1 to one text buffer (CR LF turned into LF) and to a log file.  expect() searches
   from the cursor and moves it past the match, so a line is never matched twice, and
   "A, then B" is checked simply by expecting A, then B.

2. Nothing waits forever.  Every wait has a timeout, multiplied by the run's
   --timeout-scale, so a dead or slow kernel fails one test instead of hanging the
   suite.  The timeouts are generous: QEMU runs without KVM (TCG), often two at a time,
   and a test checks behaviour, never speed.

The kernel's panic report, a line starting with "panic:" (or a prompt, then "panic:",
when the panic struck while the console sat at the prompt), makes the next wait fail at
once, and run.py fails the test that was running, unless the test has set
machine.allow_panic.  Only the line start counts: help texts may well mention
"panic:", but only panic() begins a line with it.

Also here: the results and failures a test reports, and the QEMU exit statuses.
Read next: context.py (what a test file gets), then run.py (how files are run).
"""

import codecs
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

QEMU = os.environ.get("CORRAL_QEMU", "qemu-system-i386")
DEFAULT_PROMPT = "# "  # the root shell
MONITOR_PROMPT = "corral> "  # the in-kernel monitor (the monitor ISO, init=monitor)

# Timeouts in seconds, before --timeout-scale.
BOOT_TIMEOUT = 120  # QEMU start to the first prompt (GRUB alone can take 20 s under TCG)
EXPECT_TIMEOUT = 30  # one command's answer
EXIT_TIMEOUT = 60  # from "halt" to QEMU gone
FILE_TIMEOUT = 600  # a whole test file (run.py's watchdog); a file may set TIMEOUT

# QEMU exit statuses through isa-debug-exit (status = value * 2 + 1), DESIGN.md section 3.
STATUS_OK = 33  # self tests passed, or a clean halt
STATUS_TESTS_FAILED = 35
STATUS_PANIC = 3
STATUS_RESET = 0  # -no-reboot turns a reboot (or a triple fault) into a plain exit


# Result lines and -v echo come from several threads; whole lines only.
OUTPUT_LOCK = threading.Lock()


class TestFailure(AssertionError):
    """A check failed.  The first line of the message is what the report prints."""


class Timeout(TestFailure):
    """The expected output (or exit) did not come in time."""


class KernelPanic(TestFailure):
    """The kernel printed a panic: line the test did not ask for."""


class MachineExited(TestFailure):
    """QEMU was gone before the expected output appeared."""


@dataclass
class Result:
    """One reported result.  A test function may return several (KTAP, for one); run.py
    puts the test file's prefix in front of the name ("ktest_x" -> "selftest.ktest_x")."""

    name: str
    passed: bool
    detail: str = ""


def describe_status(status):
    """What a QEMU exit status means, for failure messages."""
    meanings = {
        STATUS_OK: "clean halt / self tests passed",
        STATUS_TESTS_FAILED: "self tests failed",
        STATUS_PANIC: "kernel panic",
        STATUS_RESET: "reset: reboot or triple fault",
    }
    if status is None:
        return "still running"
    if status < 0:
        return f"killed by signal {-status}"
    return f"{status} ({meanings.get(status, 'unexpected status')})"


def tail(text, lines=15):
    """The last lines of some console output, indented, to append to a failure message."""
    last = text.rstrip("\n").split("\n")[-lines:]
    return "\n--- last console output ---\n" + "\n".join("  | " + line for line in last)


def normalise(text):
    """Serial line ends are CR LF; tests match LF only.  A lone CR (none expected) is
    dropped rather than turned into a line break, so it never invents a line."""
    return text.replace("\r\n", "\n").replace("\r", "")


# ---- stopping everything (Ctrl-C, SIGTERM, run.py's end) ---------------------------

_stopping = threading.Event()
_live = set()  # Machines and ProcessGroups still running
_live_lock = threading.Lock()


def register(thing):
    """Track something with a kill(reason) method until it is unregistered."""
    with _live_lock:
        _live.add(thing)


def unregister(thing):
    with _live_lock:
        _live.discard(thing)


def stop_all(reason):
    """Kill every QEMU and child process this run started, and refuse new ones.
    Waiting tests then fail within a second instead of at their timeouts."""
    _stopping.set()
    with _live_lock:
        running = list(_live)
    for thing in running:
        thing.kill(reason)


# ---- one VM ----------------------------------------------------------------------


class Machine:
    """One QEMU running Corral, its serial console turned into a searchable buffer."""

    def __init__(self, iso, workdir, *, mem="64M", extra_args=(), disk=None, swap=None,
                 prompt=DEFAULT_PROMPT, timeout_scale=1.0, echo=False, name="vm"):
        self.iso = Path(iso)
        self.workdir = Path(workdir)
        self.mem = mem
        self.extra_args = list(extra_args)
        self.disk = disk  # our private copy, or None: no disk attached
        self.swap = swap
        self.prompt = prompt
        self.timeout_scale = timeout_scale
        self.echo = echo
        self.name = name
        self.allow_panic = False  # set by tests that crash the kernel on purpose
        self.at_prompt = False  # the cursor sits just after a prompt
        self.panic_reported = False  # run.py has already failed a test for the panic
        # _cond guards the buffer state below; the reader thread notifies on new output.
        self._cond = threading.Condition()
        self._text = ""
        self._pos = 0
        self._eof = False
        self._last_output = time.monotonic()
        self._panic = None
        self._panic_regex = re.compile(rf"^(?:{re.escape(prompt)})?panic:.*$", re.M)
        self._kill_reason = None
        self._events = []
        self._echo_partial = ""
        self._proc = None
        self._reader = None
        self._log = None
        self._started = time.monotonic()

    # -- starting ---------------------------------------------------------------------

    def qemu_command(self):
        """The canonical QEMU line (DESIGN.md section 2) with this machine's ISO, memory,
        disk copies and extra arguments.  Always TCG: never -enable-kvm."""
        cmd = [QEMU, "-m", self.mem, "-boot", "d", "-cdrom", str(self.iso)]
        for index, image in enumerate((self.disk, self.swap)):
            if image is not None:
                cmd += ["-drive", f"file={image},format=raw,if=ide,index={index}"]
        cmd += ["-serial", "stdio", "-display", "none", "-no-reboot",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        return cmd + self.extra_args

    def start(self):
        """Start QEMU and the reader thread; returns self.  Does not wait for the boot."""
        if _stopping.is_set():
            raise TestFailure("the test run is stopping")
        if not self.iso.is_file():
            raise TestFailure(f"{self.iso} does not exist (build it first: make all)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        cmd = self.qemu_command()
        self._event("start: " + " ".join(cmd))
        with open(self.workdir / "qemu-stderr.log", "wb") as stderr:
            try:
                self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                              stdout=subprocess.PIPE, stderr=stderr)
            except OSError as err:
                raise TestFailure(f"cannot start {QEMU}: {err}") from None
        self._started = time.monotonic()
        self._log = open(self.workdir / "serial.log", "w", encoding="utf-8")
        register(self)
        self._reader = threading.Thread(target=self._read_output, daemon=True,
                                        name=f"serial-{self.name}")
        self._reader.start()
        return self

    def scaled(self, seconds):
        return seconds * self.timeout_scale

    # -- the reader thread ------------------------------------------------------------

    def _read_output(self):
        """Copy QEMU's stdout (the guest's COM1) into the buffer until QEMU exits.
        os.read returns whatever is there: a prompt has no newline to wait for."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        fd = self._proc.stdout.fileno()
        held_cr = ""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the pipe was closed under us: same as QEMU gone
                chunk = b""
            text = held_cr + decoder.decode(chunk, final=not chunk)
            held_cr = ""
            if chunk and text.endswith("\r"):  # its LF may come in the next chunk
                text, held_cr = text[:-1], "\r"
            self._append(normalise(text))
            if not chunk:
                break
        with self._cond:
            self._eof = True
            self._cond.notify_all()
        self._log.close()

    def _append(self, text):
        if not text:
            return
        with self._cond:
            last_line_start = self._text.rfind("\n") + 1
            self._text += text
            self._last_output = time.monotonic()
            self._note_panic(last_line_start)
            self._cond.notify_all()
        self._log.write(text)
        self._log.flush()
        if self.echo:
            self._echo_lines(text)

    def _note_panic(self, search_from):
        """Remember the first complete panic: line (complete, so it carries the reason)."""
        if self._panic is not None:
            return
        complete_end = self._text.rfind("\n")
        if complete_end < search_from:
            return
        match = self._panic_regex.search(self._text, search_from, complete_end)
        if match:
            self._panic = match.group(0).strip()
            self._event(f"panic line: {self._panic}")

    def _echo_lines(self, text):
        """-v: print complete lines, each with the machine's name in front."""
        lines = (self._echo_partial + text).split("\n")
        self._echo_partial = lines.pop()
        with OUTPUT_LOCK:
            for line in lines:
                print(f"[{self.name}] {line}", flush=True)

    # -- waiting for output -----------------------------------------------------------

    def expect(self, pattern, timeout=EXPECT_TIMEOUT, what=None):
        """Wait until `pattern` (a regex; ^ and $ match at line ends) appears after the
        cursor; return the match and move the cursor past it.  Fails on timeout, when
        QEMU exits first, and on a kernel panic (unless allow_panic is set).
        `what` names the awaited thing in messages (default: the pattern)."""
        regex = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        what = what or repr(regex.pattern)
        limit = self.scaled(timeout)
        deadline = time.monotonic() + limit
        with self._cond:
            while True:
                self._raise_if_panicked(what)
                match = regex.search(self._text, self._pos)
                if match:
                    self._pos = match.end()
                    self._event(f"got {what}")
                    return match
                if self._eof:
                    raise self._exited_error(f"waiting for {what}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._event(f"timeout waiting for {what}")
                    raise Timeout(f"{self.name}: no {what} within {limit:.0f} s"
                                  + tail(self._text))
                self._cond.wait(remaining)

    def expect_prompt(self, timeout=EXPECT_TIMEOUT, prompt=None):
        """Wait for the prompt (default: the machine's) at the start of a line; the
        machine is then at_prompt."""
        prompt = prompt or self.prompt
        match = self.expect("^" + re.escape(prompt), timeout, what=f"prompt {prompt!r}")
        self.at_prompt = True
        return match

    def wait_quiet(self, quiet=2, timeout=EXPECT_TIMEOUT):
        """Wait until the guest has printed nothing for `quiet` seconds (or QEMU has
        exited): the end of a report whose length is not known, like a backtrace."""
        deadline = time.monotonic() + self.scaled(timeout)
        with self._cond:
            while not self._eof:
                now = time.monotonic()
                silent_until = self._last_output + self.scaled(quiet)
                if now >= silent_until:
                    return
                if now >= deadline:
                    raise Timeout(f"{self.name}: output did not stop within "
                                  f"{self.scaled(timeout):.0f} s" + tail(self._text))
                self._cond.wait(min(silent_until, deadline) - now)

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Wait for QEMU to exit by itself and return its exit status."""
        limit = self.scaled(timeout)
        try:
            status = self._proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            raise Timeout(f"{self.name}: QEMU still running after {limit:.0f} s"
                          + tail(self.output)) from None
        self._reader.join(timeout=10)  # so the buffer holds all the guest printed
        self._event(f"exit status {describe_status(status)}")
        return status

    def poll(self):
        """QEMU's exit status, or None while it runs."""
        return self._proc.poll()

    def _raise_if_panicked(self, waiting_for):
        if self._panic is not None and not self.allow_panic:
            raise KernelPanic(f"{self.name}: kernel panic ({self._panic}) while waiting "
                              f"for {waiting_for}" + tail(self._text, 30))

    def _exited_error(self, doing):
        try:
            status = self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = None
        why = f", {self._kill_reason}" if self._kill_reason else ""
        return MachineExited(f"{self.name}: QEMU exited ({describe_status(status)}{why}) "
                             f"while {doing}" + tail(self._text))

    # -- typing -----------------------------------------------------------------------

    def send(self, text):
        """Type text on the serial line, as is."""
        self._event(f"send {text!r}")
        with self._cond:
            self.at_prompt = False
            if self._eof:
                raise self._exited_error(f"sending {text!r}")
        try:
            self._proc.stdin.write(text.encode())
            self._proc.stdin.flush()
        except OSError:  # a broken pipe: QEMU is gone
            raise self._exited_error(f"sending {text!r}") from None

    def sendline(self, text):
        """Type text and Enter.  A serial terminal sends CR for Enter (kernel/tty.c)."""
        self.send(text + "\r")

    def command(self, line, timeout=EXPECT_TIMEOUT, prompt=None, job_notices=False):
        """Run one console command: wait for the prompt if needed, type the line, wait
        for the next prompt, and return what the command printed, without the echo of
        the line itself and without the prompt.  `prompt` is the one to expect after
        the command, for a command that changes it (default: the machine's).  The
        shell's job notices ("[1] 74" for an & command, "[1]+  Done  sleep 1" when one
        ends) come at times of their own, so they are left out unless job_notices."""
        if not self.at_prompt:
            self.expect_prompt(BOOT_TIMEOUT)
        with self._cond:
            start = self._pos
        self.sendline(line)
        match = self.expect_prompt(timeout, prompt)
        out = strip_echo(self.output[start:match.start()], line)
        return out if job_notices else strip_job_notices(out)

    # -- state --------------------------------------------------------------------

    @property
    def output(self):
        """Everything the guest printed so far (LF line ends)."""
        with self._cond:
            return self._text

    @property
    def unread(self):
        """What the guest printed after the cursor."""
        with self._cond:
            return self._text[self._pos:]

    @property
    def panic_line(self):
        """The first panic: line the guest printed, or None."""
        with self._cond:
            return self._panic

    def kill(self, reason=None):
        """Stop QEMU now if it still runs, and release its pipes.  Safe to call twice."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._kill_reason = reason or "killed by the harness"
            self._event(self._kill_reason)
            self._proc.kill()
        self._proc.wait()
        self._reader.join(timeout=10)
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass  # unflushed input for a dead QEMU
        unregister(self)

    def mark(self, what):
        """Put a line among the harness events (run.py marks where each test starts)."""
        self._event(what)

    def _event(self, what):
        self._events.append(f"{time.monotonic() - self._started:8.1f}s  {what}")

    def report(self):
        """Everything about this machine for a failure log: how it was started, what
        the harness did when, QEMU's own messages, and the whole serial output."""
        status = describe_status(self._proc.poll()) if self._proc else "never started"
        stderr_path = self.workdir / "qemu-stderr.log"
        stderr = stderr_path.read_text(errors="replace") if stderr_path.exists() else ""
        parts = [f"==== {self.name}: QEMU status {status} ====",
                 "---- harness events ----", *self._events]
        if stderr.strip():
            parts += ["---- QEMU stderr ----", stderr.rstrip()]
        parts += ["---- serial output ----", self.output]
        return "\n".join(parts) + "\n"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


# "[1] 74" (a job started with &) and "[1]+  Done                    sleep 1",
# "[2]-  Stopped                 vi" (a job's news before a prompt).
JOB_NOTICE = re.compile(r"\[\d+\](?: \d+|[+\- ]  \S.*)")


def strip_job_notices(output):
    """output without the shell's job notices (whole lines)."""
    return "\n".join(line for line in output.split("\n") if not JOB_NOTICE.fullmatch(line))


def strip_echo(output, line):
    """The console echoes what we type; a command's output starts after that line."""
    if output.startswith(line + "\n"):
        output = output[len(line) + 1:]
    return output[:-1] if output.endswith("\n") else output
