"""
guest.py — one booted Corral for the benchmarks: tests/harness.py's Machine (QEMU under
TCG, its serial console as a searchable buffer) with private disk copies, a boot timed
from the host, and the few things every workload needs: run a command with a timeout,
time one from the host, read /proc/vmstat and a number file, get back to the prompt
after a failure, halt.

Host timing: a command's time is from the moment its line is typed (the shell waiting
at its prompt) to the moment the next prompt arrives, both seen on the serial line by
the harness's reader thread.  It therefore includes the shell's fork and exec and the
echo of the line: the same for every command, so differences between commands (and the
same command in xv6) are what the figures use.

QEMU is never given -enable-kvm: plain TCG, or TCG with -icount (ICOUNT_ARGS).
"""

import re
import shutil
import time
from pathlib import Path

import harness

C = "/configfs/container"
# icount: QEMU counts guest instructions and advances the virtual clock by 2^shift ns
# per instruction; rdtsc then reads that clock (QEMU's cpu_get_ticks under icount).
# shift=0: one "cycle" per instruction.  sleep=on: while the guest idles (waiting for
# the disk, say), its clock follows host time.  (sleep=off would make the idle clock
# jump from timer to timer at once, and a disk cache flush that takes the host a
# while then outlasts the ATA driver's timeout: "cache flush timeout", EIO.)
ICOUNT_SHIFT = 0
ICOUNT_ARGS = ["-icount", f"shift={ICOUNT_SHIFT},sleep=on"]

BOOT_TIMEOUT = 120
COMMAND_TIMEOUT = 60


def delta(before, after, *keys):
    """The growth of some /proc/vmstat counters between two vmstat() readings, summed."""
    return sum(after.get(k, 0) - before.get(k, 0) for k in keys)


class BootFailed(Exception):
    """QEMU did not bring Corral to its prompt."""


class Guest:
    """One Corral VM: 64 MiB (or `mem`), disk.img and swap.img copied into workdir."""

    def __init__(self, build, workdir, name, mem="64M", extra_args=(), echo=False,
                 disks=True):
        self.build = Path(build) if build else None
        self.workdir = Path(workdir)
        self.name = name
        self.mem = mem
        self.extra_args = list(extra_args)
        self.echo = echo
        self.disks = disks
        self.machine = None
        self.boot_seconds = None
        self.recoveries = 0

    def boot(self, timeout=BOOT_TIMEOUT):
        """Start QEMU and wait for the shell's prompt; returns the seconds from QEMU's
        start to the prompt (host clock).  Raises BootFailed."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        disk = swap = None
        if self.disks:
            disk, swap = self.workdir / "disk.img", self.workdir / "swap.img"
            if not disk.exists():
                shutil.copyfile(self.build / "disk.img", disk)
            if not swap.exists():
                shutil.copyfile(self.build / "swap.img", swap)
        self.machine = self.make_machine(disk, swap)
        start = time.monotonic()
        try:
            self.machine.start()
            self.machine.expect_prompt(timeout)
        except harness.TestFailure as err:
            self.kill()
            raise BootFailed(str(err).splitlines()[0]) from None
        self.boot_seconds = time.monotonic() - start
        return self.boot_seconds

    def make_machine(self, disk, swap):
        return harness.Machine(self.build / "corral.iso", self.workdir, mem=self.mem,
                               extra_args=self.extra_args, disk=disk, swap=swap,
                               echo=self.echo, name=self.name)

    # -- commands ----------------------------------------------------------------------

    def cmd(self, line, timeout=COMMAND_TIMEOUT):
        """Type one command line and return what it printed (without the echo)."""
        return self.machine.command(line, timeout=timeout)

    def timed(self, line, timeout=COMMAND_TIMEOUT):
        """(seconds, output) of one command, host-timed from typing it to the next
        prompt."""
        m = self.machine
        if not m.at_prompt:
            m.expect_prompt(timeout)
        with m._cond:  # noqa: SLF001 — the harness's cursor, as Machine.command reads it
            begin = m._pos
        start = time.monotonic()
        m.sendline(line)
        match = m.expect_prompt(timeout)
        seconds = time.monotonic() - start
        return seconds, harness.strip_echo(m.output[begin:match.start()], line)

    def timed_checked(self, line, expect, timeout=COMMAND_TIMEOUT):
        """timed(), and the output must match the regex `expect`; returns seconds."""
        seconds, out = self.timed(line, timeout)
        if not re.search(expect, out, re.M):
            raise RuntimeError(f"{line!r} printed {out[-200:]!r}, expected /{expect}/")
        return seconds

    def vmstat(self):
        """/proc/vmstat as {key: int}."""
        out = self.cmd("cat /proc/vmstat")
        values = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                values[parts[0]] = int(parts[1])
        if not values:
            raise RuntimeError(f"/proc/vmstat unreadable: {out[:200]!r}")
        return values

    def number(self, path):
        out = self.cmd(f"cat {path}")
        if not re.fullmatch(r"\d+", out.strip()):
            raise RuntimeError(f"{path}: expected a number, got {out[:200]!r}")
        return int(out)

    def stat(self, name, key):
        """One key of container `name`'s stat file."""
        out = self.cmd(f"grep '^{key} ' {C}/{name}/stat")
        found = re.match(rf"{key} (\d+)$", out)
        if not found:
            raise RuntimeError(f"no {key} in {name}/stat: {out!r}")
        return int(found.group(1))

    def meminfo_kb(self, key):
        out = self.cmd(f"grep '^{key}:' /proc/meminfo")
        found = re.search(rf"^{key}: +(\d+) kB", out, re.M)
        if not found:
            raise RuntimeError(f"no {key} in /proc/meminfo: {out[:200]!r}")
        return int(found.group(1))

    def wait_for_file_text(self, path, text, seconds):
        """Poll a file (a background program's output) until it holds text."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.cmd(f"cat {path} 2>/dev/null"):
                return True
            time.sleep(0.2)
        raise RuntimeError(f"{path} did not say {text!r} within {seconds} s")

    # -- state -------------------------------------------------------------------------

    def alive(self):
        return self.machine is not None and self.machine.poll() is None

    def recover(self):
        """After a failed workload: ^C whatever runs, and check the shell answers.
        Returns False if the VM is beyond that (dead, panicked, not answering)."""
        if not self.alive() or self.machine.panic_line:
            return False
        self.recoveries += 1
        marker = f"RECOVERED_{self.recoveries}"
        try:
            self.machine.send("\x03")
            self.machine.wait_quiet(1, timeout=10)
            # Prompts printed meanwhile are skipped: the cursor goes past the marker's
            # output line (not its echo, which starts with "echo"), then its prompt.
            self.machine.sendline(f"echo {marker}")
            self.machine.expect(f"^{marker}$", timeout=10)
            self.machine.expect_prompt(10)
            return True
        except harness.TestFailure:
            return False

    def halt(self):
        """halt (a clean stop: ext2 unmounted) or, failing that, kill."""
        if self.alive():
            try:
                self.machine.sendline("halt")
                self.machine.wait_exit(30)
            except harness.TestFailure:
                pass
        self.kill()

    def kill(self):
        if self.machine is not None:
            self.machine.kill("bench done with it")

    def remove_disks(self):
        """The disk copies are 192 MiB per VM: gone once the VM is."""
        for image in ("disk.img", "swap.img"):
            (self.workdir / image).unlink(missing_ok=True)
