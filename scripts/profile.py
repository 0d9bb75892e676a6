#!/usr/bin/env python3
"""
profile.py — where does the guest's time go?  A sampling profiler from outside.

    python3 scripts/profile.py [--build DIR] [--samples N] [--mem M] [--user PROG]
                               [--setup CMD]... COMMAND

Boots build/corral.iso under TCG with QEMU's monitor on a socket, types COMMAND at the
shell (a long-running one: `forktest 100000`, `bench fork`), and while it runs asks
the monitor for the CPU's registers N times (`info registers`), keeping EIP.  Each
sample is one instruction pointer at a translation-block boundary, so the histogram
is a fair picture of where guest time goes, kernel and user alike, with no change to
the kernel.  Kernel addresses are named from build/corral.sym; user addresses from
the program given with --user (its debug copy in build/user/sym/), else "user".
--setup commands run first (for instance to make a container and enter it).

Prints the hottest functions with their share of the samples.  Samples are not
cycles: a function that QEMU executes slowly (I/O ports, CR3 loads, TLB flushes)
counts more than its instruction count suggests, which is what we want to see.
"""

import argparse
import bisect
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import harness  # noqa: E402
from qemu_monitor import QemuMonitor  # noqa: E402


# QEMU stores the guest's EIP at the end of a translation block only when the
# block returns to its main loop; chained blocks jump straight into each other,
# and `info registers` would show the last unchained exit (a system call, an
# interrupt) instead of where the guest is.  Unchained, every block stores it.
NOCHAIN = ["-d", "nochain"]
USER_TEXT = 0x08048000  # below it, during boot: SeaBIOS and GRUB


def load_symbols(lines):
    """Sorted (address, name) from `ADDR NAME` or nm's `ADDR T NAME` lines."""
    table = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 2 and re.fullmatch(r"[0-9a-fA-F]{8}", parts[0]):
            table.append((int(parts[0], 16), parts[-1]))
    table.sort()
    return table


def user_symbols(build, prog):
    if not prog:
        return []
    path = build / "user" / "sym" / prog
    out = subprocess.run(["i686-linux-gnu-nm", "-n", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return [(a, f"{prog}:{n}") for a, n in load_symbols(out.splitlines())]


def name_of(table, keys, addr):
    i = bisect.bisect_right(keys, addr) - 1
    return table[i][1] if i >= 0 else f"{addr:#x}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    ap.add_argument("--build", default="build")
    ap.add_argument("--samples", type=int, default=3000)
    ap.add_argument("--mem", default="64M")
    ap.add_argument("--user", help="name user addresses from this /bin program")
    ap.add_argument("--setup", action="append", default=[])
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--addresses", action="store_true",
                    help="also list the hottest single addresses")
    ap.add_argument("--boot", action="store_true",
                    help="profile the boot itself, from QEMU start to the prompt "
                         "(COMMAND is then not run; give any word)")
    ap.add_argument("command")
    args = ap.parse_args()
    build = ROOT / args.build

    kernel = load_symbols((build / "corral.sym").read_text().splitlines())
    table = sorted(kernel + user_symbols(build, args.user))
    keys = [a for a, _ in table]

    with tempfile.TemporaryDirectory(prefix="corral-profile-") as tmp:
        sock = Path(tmp) / "monitor.sock"
        machine = harness.Machine(build / "corral.iso", tmp, mem=args.mem,
                                  extra_args=QemuMonitor.qemu_args(sock) + NOCHAIN)
        machine.start()
        try:
            monitor = QemuMonitor(sock)
            counts, addresses = Counter(), Counter()

            def sample():
                regs = monitor.command("info registers")
                m = re.search(r"EIP=([0-9a-f]{8})", regs)
                if m:
                    eip = int(m.group(1), 16)
                    addresses[eip] += 1
                    if eip >= 0xC0000000 or args.user:
                        counts[name_of(table, keys, eip)] += 1
                    elif args.boot and eip < USER_TEXT:
                        counts["(firmware, GRUB)"] += 1
                    else:
                        counts["(user)"] += 1

            if args.boot:
                while not machine.output.endswith(harness.DEFAULT_PROMPT):
                    sample()
            else:
                machine.expect_prompt(harness.BOOT_TIMEOUT)
                for line in args.setup:
                    print(machine.command(line, timeout=120))
                machine.sendline(args.command)
                time.sleep(0.5)  # past the shell's fork and exec
                for _ in range(args.samples):
                    sample()
            monitor.close()
        finally:
            machine.kill("profile done")

    total = sum(counts.values())
    print(f"{total} samples of EIP while running: {args.command}")
    for name, n in counts.most_common(args.top):
        print(f"{100.0 * n / total:6.2f}%  {n:6d}  {name}")
    if args.addresses:
        print("hottest addresses:")
        for eip, n in addresses.most_common(args.top):
            print(f"{100.0 * n / total:6.2f}%  {eip:08x}  {name_of(table, keys, eip)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
