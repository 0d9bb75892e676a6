"""
context.py — what a test file's functions receive: a Context with its VMs, its work
folder and the run's settings.

    def test_something(ctx):
        ctx.machine                  the file's shared VM (normal ISO, 64 MiB, both disks)
        ctx.boot(mem="16M")          another VM: iso="normal"|"selftest"|path, mem,
                                     extra_args, disks=False for none,
                                     cmdline="word=value ..." for more kernel words
        ctx.run(cmd, timeout)        a host command, e.g. a nested run.py
        ctx.timeout(s), ctx.note(t)  a scaled timeout; text for the failure log

Every VM gets private copies of build/disk.img and build/swap.img under
build/test-run/<file>/vmN/, so files can run in parallel and the build's own images
are never written.  run.py closes the Context when the file is done: every VM is
killed, and for a file that says WRITES_DISK = True each disk copy is checked with
`e2fsck -fn`.

The harness builds nothing, with one exception: a VM booted with cmdline= gets an ISO
of its own, made by scripts/mkiso.sh (a fraction of a second) from the build's kernel,
symbols and initramfs, whose GRUB entries carry the extra words.  GRUB's menu cannot
be edited from the serial line (timeout 0), and booting without GRUB (QEMU -kernel)
would test another boot path.

Read next: harness.py (Machine: the console of one VM).
"""

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness import (DEFAULT_PROMPT, MONITOR_PROMPT, Machine, Result, TestFailure, Timeout, register,
                     tail, unregister)

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "scripts"
ISO_KINDS = ("normal", "selftest", "monitor")  # what cmdline= can make a one-off of


class ProcessGroup:
    """A child command in its own process group, so that killing it also kills whatever
    it started (a nested run.py and its QEMUs)."""

    def __init__(self, cmd, cwd=None):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        register(self)

    def wait(self, timeout):
        """Return (status, output); on timeout kill the group and raise Timeout."""
        try:
            output, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill("timed out")
            output, _ = self.proc.communicate()
            raise Timeout(f"{self.proc.args[0]} still running after {timeout:.0f} s"
                          + tail(output or "")) from None
        finally:
            unregister(self)
        return self.proc.returncode, output

    def kill(self, reason=None):
        """SIGTERM first, so that a nested run.py stops its own QEMUs and says so; then
        SIGKILL for whatever is left in the group."""
        if self.proc.returncode is not None:
            return  # finished and reaped earlier: its group id may belong to others now
        self._signal_group(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._signal_group(signal.SIGKILL)

    def _signal_group(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass  # the whole group is gone already


# ---- what a test file sees: its Context -----------------------------------------------


@dataclass
class RunConfig:
    """The settings of one test run (run.py's options), shared by every test file."""

    build_dir: Path
    run_dir: Path  # per-file work folders: disk copies, serial logs
    log_dir: Path  # logs of test files with failures
    iso: Path = None  # override for the normal ISO
    selftest_iso: Path = None  # override for the selftest ISO (the meta-test uses it)
    timeout_scale: float = 1.0
    echo: bool = False
    prompt: str = DEFAULT_PROMPT

    def iso_path(self, kind):
        """"normal" (the shell), "selftest", "monitor" (pid 1 runs the in-kernel monitor),
        or a path to an ISO of one's own."""
        if kind == "normal":
            return self.iso or self.build_dir / "corral.iso"
        if kind == "selftest":
            return self.selftest_iso or self.build_dir / "corral-selftest.iso"
        if kind == "monitor":
            return self.build_dir / "corral-monitor.iso"
        return Path(kind)


class Context:
    """Handed to every test function of one test file: its VMs (booted on demand, all
    killed by run.py when the file is done), its work folder and the run's settings."""

    def __init__(self, name, config):
        self.name = name  # the test file's name, e.g. "test_boot"
        self.config = config
        self.workdir = config.run_dir / name
        self.machines = []
        self.commands = []  # ProcessGroups started by run()
        self.notes = []  # extra text for the failure log
        self._default = None
        self.default_iso = "normal"  # a test file's ISO = "monitor" changes it (run.py)
        self.default_cmdline = None  # its CMDLINE = "words": more kernel command line
        self._aborted = None
        self._current_test = None

    @property
    def machine(self):
        """The file's shared VM: normal ISO, 64 MiB, both disks; booted on first use,
        then shared by the file's tests in order.  A file's ISO = "monitor" and
        CMDLINE = "words" (more kernel command line) change how it boots."""
        if self._default is None:
            self._default = self.boot(iso=self.default_iso, cmdline=self.default_cmdline)
        return self._default

    def boot(self, iso="normal", mem="64M", extra_args=(), disks=True, prompt=None,
             cmdline=None, disk=None):
        """Start another VM and return it (booting; wait for what you need).
        iso is "normal", "selftest", "monitor" or a path; disks=False attaches no
        drives; the prompt defaults to the monitor's on the monitor ISO.  cmdline
        adds kernel command-line words (plain words: GRUB reads them), through a
        one-off ISO of that kind.  disk is an image of the test's own to attach as hda
        in place of a copy of disk.img (used as it is, not copied: a second boot of
        an earlier VM's disk, or a damaged image)."""
        if self._aborted:
            raise TestFailure(self._aborted)
        name = f"vm{len(self.machines) + 1}"
        workdir = self.workdir / name
        disk_copy, swap = self._copy_disks(workdir) if disks else (None, None)
        disk = Path(disk) if disk is not None else disk_copy
        iso_path = (self._make_iso(iso, cmdline, workdir) if cmdline
                    else self.config.iso_path(iso))
        machine = Machine(iso_path, workdir, mem=mem,
                          extra_args=extra_args, disk=disk, swap=swap,
                          prompt=prompt or (MONITOR_PROMPT if iso == "monitor"
                                            else self.config.prompt),
                          timeout_scale=self.config.timeout_scale,
                          echo=self.config.echo, name=f"{self.name}/{name}")
        machine.start()
        self.machines.append(machine)
        if self._current_test:
            machine.mark(f"==== test {self._current_test} ====")
        return machine

    def _make_iso(self, kind, cmdline, workdir):
        """An ISO like the build's `kind` one whose GRUB entries add cmdline's words."""
        if kind not in ISO_KINDS:
            raise TestFailure(f"cmdline= needs an ISO kind {ISO_KINDS}, not {kind!r}")
        workdir.mkdir(parents=True, exist_ok=True)
        build = self.config.build_dir
        parts = [build / "corral.elf", build / "corral.sym", build / "initramfs.cpio"]
        for part in parts:
            if not part.is_file():
                raise TestFailure(f"{part} does not exist (build it first: make all)")
        out = workdir / f"corral-{kind}.iso"
        cmd = ["sh", str(SCRIPTS_DIR / "mkiso.sh"), str(out), kind, *map(str, parts), cmdline]
        self.note("$ " + " ".join(cmd))
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout(120))
        if proc.returncode != 0:
            raise TestFailure(f"mkiso.sh failed (status {proc.returncode}): "
                              f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        return out

    def _copy_disks(self, workdir):
        """Private copies of disk.img and swap.img: VMs run in parallel, and nothing
        may ever write the build's own disk.img."""
        workdir.mkdir(parents=True, exist_ok=True)
        copies = []
        for image in ("disk.img", "swap.img"):
            source = self.config.build_dir / image
            if not source.is_file():
                raise TestFailure(f"{source} does not exist (build it first: make all)")
            shutil.copyfile(source, workdir / image)
            copies.append(workdir / image)
        return copies

    def timeout(self, seconds):
        """A timeout for a test's own waits, scaled like the harness's."""
        return seconds * self.config.timeout_scale

    def run(self, cmd, timeout, cwd=None):
        """Run a host command (its own process group) and return (status, output).
        The output also goes to the failure log."""
        if self._aborted:
            raise TestFailure(self._aborted)
        group = ProcessGroup([str(part) for part in cmd], cwd=cwd)
        self.commands.append(group)
        self.note(f"$ {' '.join(str(part) for part in cmd)}")
        status, output = group.wait(self.timeout(timeout))
        self.note(output + f"(exit status {status})")
        return status, output

    def note(self, text):
        """Add text to this file's log (written when one of its results fails)."""
        self.notes.append(text)

    def abort(self, reason):
        """The watchdog: stop every VM and command of this file so its waits end now."""
        self._aborted = reason
        for thing in [*self.machines, *self.commands]:
            thing.kill(reason)

    def begin_test(self, name):
        """Mark a test's start in every machine's events, to tell the log's tests apart."""
        for machine in self.machines:
            if machine.poll() is None:
                machine.mark(f"==== test {name} ====")
        self._current_test = name

    def unexpected_panic(self):
        """A panic line not yet blamed on a test, from a machine not expecting one."""
        for machine in self.machines:
            line = machine.panic_line
            if line and not machine.allow_panic and not machine.panic_reported:
                machine.panic_reported = True
                return f"{machine.name}: {line}"
        return None

    def close(self):
        for machine in self.machines:
            machine.kill()

    def check_disks(self):
        """e2fsck -fn on every disk copy, after the VMs are gone: a test that may have
        written the ext2 disk must leave it consistent."""
        with_disk = [m for m in self.machines if m.disk is not None]
        results = []
        for machine in with_disk:
            vm = machine.workdir.name  # vm1, vm2, ...
            name = "e2fsck" if len(with_disk) == 1 else f"e2fsck.{vm}"
            results.append(self._e2fsck(machine.disk, name))
        return results

    def _e2fsck(self, image, name):
        e2fsck = find_e2fsck()
        if e2fsck is None:
            return Result(name, False, "e2fsck not found (install e2fsprogs)")
        proc = subprocess.run([e2fsck, "-fn", str(image)], capture_output=True, text=True,
                              timeout=self.timeout(120))
        self.note(f"$ e2fsck -fn {image}\n{proc.stdout}{proc.stderr}"
                  f"(exit status {proc.returncode})")
        if proc.returncode == 0:
            return Result(name, True)
        problems = [line for line in proc.stdout.splitlines()
                    if line and not line.startswith(("Pass ", "e2fsck "))]
        first = problems[0] if problems else proc.stderr.strip()
        return Result(name, False, f"e2fsck -fn exit status {proc.returncode}: {first}")

    def log_text(self):
        """The failure log's body: notes, then every machine's report."""
        parts = [*self.notes, *(m.report() for m in self.machines)]
        return "\n".join(parts)


def find_e2fsck():
    """e2fsck lives in /sbin, which is not on an ordinary user's PATH."""
    for candidate in (shutil.which("e2fsck"), "/sbin/e2fsck", "/usr/sbin/e2fsck"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


