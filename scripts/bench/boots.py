"""
boots.py — boot time, exec and fork, host-timed, boot after boot; and xv6's beside them
in the same QEMU, the same minutes (xv6.py), when its images are there.

Per boot of Corral: the time from QEMU's start to the `# ` prompt; then, each timed from
typing the line to the next prompt, `/bin/echo hi` (the cost of running any command:
fork, exec, exit, the serial line) and `forktest 61` (xv6's forktest: 61 children that
exit at once, then waited for), a few times each; and `forktest 1000` once.  Per boot of
xv6: boot to `$ `, `echo hi` and `forktest`.  The per-fork cost is
(forktest - echo) / 61 per pair of runs, for both.
"""

from pathlib import Path

import harness
from bench import xv6
from bench.guest import BootFailed, Guest
from bench.stats import MODE_TCG

ROOT = Path(__file__).resolve().parents[2]


def timed_echo_and_forktest(run, guest, acc, system, echo_line, fork_line, fork_done,
                            fork_key):
    """Both commands once untimed (their programs in the page cache / buffer cache),
    then command_reps timed pairs; one fork + exit + wait is (forktest - echo) / 61."""
    for line in (echo_line, fork_line):
        guest.timed(line)
    for _ in range(run.settings.command_reps):
        echo = guest.timed_checked(echo_line, r"^hi$")
        fork = guest.timed_checked(fork_line, fork_done)
        acc[f"{system}.echo"].append(echo)
        acc[f"{system}.{fork_key}"].append(fork)
        acc[f"{system}.fork_cost"].append((fork - echo) / 61)


def corral_boot_round(run, guest, acc):
    acc["corral.boot"].append(guest.boot())
    timed_echo_and_forktest(run, guest, acc, "corral", "/bin/echo hi", "forktest 61",
                            r"^fork test OK \(61 children\)$", "forktest61")
    acc["corral.forktest1000"].append(
        guest.timed_checked("forktest 1000", r"^fork test OK \(1000 children\)$", 300))


def xv6_boot_round(run, guest, acc):
    acc["xv6.boot"].append(guest.boot())
    timed_echo_and_forktest(run, guest, acc, "xv6", "echo hi", "forktest",
                            r"^fork test OK$", "forktest")


BOOT_FIGURES = {
    "corral.boot": ("s", "Corral: QEMU start to the `# ` prompt"),
    "corral.echo": ("s", "Corral: `/bin/echo hi`, typed to prompt"),
    "corral.forktest61": ("s", "Corral: `forktest 61`, typed to prompt"),
    "corral.fork_cost": ("s", "Corral: per fork+exit+wait, (forktest 61 - echo) / 61"),
    "corral.forktest1000": ("s", "Corral: `forktest 1000`, typed to prompt"),
    "xv6.boot": ("s", "xv6: QEMU start to the `$ ` prompt"),
    "xv6.echo": ("s", "xv6: `echo hi`, typed to prompt"),
    "xv6.forktest": ("s", "xv6: `forktest` (61 children), typed to prompt"),
    "xv6.fork_cost": ("s", "xv6: per fork+exit+wait, (forktest - echo) / 61"),
}


def boots_and_forks(run):
    """Boot after boot, Corral then xv6 (the same minutes, the same QEMU)."""
    ref = xv6.reference_dir(ROOT)
    images = xv6.unpack(ref, run.workdir / "xv6") if ref else None
    if images is None:
        run.results.not_measured["xv6"] = ("no xv6 images: set XV6_REF to a folder with "
                                           "xv6.img.gz and xv6-fs.img.gz")
    acc = {fid: [] for fid in BOOT_FIGURES}
    try:
        for i in range(run.settings.boots):
            guest = Guest(run.build, run.workdir / "boots", f"boot-{i + 1}", echo=run.echo)
            try:
                corral_boot_round(run, guest, acc)
            except (harness.TestFailure, BootFailed, RuntimeError) as exc:
                run.results.error(f"boots_and_forks: Corral boot {i + 1}", exc)
            finally:
                guest.halt()  # halt: ext2 clean for the next boot on the same copies
            if images is None:
                continue
            x = xv6.Xv6Guest(images, run.workdir / "xv6-run", f"xv6-{i + 1}", echo=run.echo)
            try:
                xv6_boot_round(run, x, acc)
            except (harness.TestFailure, BootFailed, RuntimeError) as exc:
                run.results.error(f"boots_and_forks: xv6 boot {i + 1}", exc)
            finally:
                x.halt()
    finally:
        Guest(run.build, run.workdir / "boots", "boots").remove_disks()
    for fid, samples in acc.items():
        if fid.startswith("xv6.") and images is None:
            continue
        unit, title = BOOT_FIGURES[fid]
        run.results.add(fid, samples, unit, MODE_TCG, title)
    if images is not None:
        run.results.facts["xv6_ref"] = str(ref)
        commit = ref / "xv6-COMMIT"
        if commit.is_file():
            run.results.facts["xv6_commit"] = commit.read_text().strip()
