"""
test_memsizes.py — the kernel boots with little and with much memory (DESIGN.md
section 2: nothing may assume 64 MiB) and finds nearly all of it free.

Each size gets its own VM.  The boot line checked is

    mm: 15342 pages free (61368 KiB) of 65024 KiB RAM

RAM must be what QEMU was given, less the holes the BIOS keeps (under 4 MiB), and the
free memory must be under RAM but at least 85% of it minus 3 MiB: the kernel, its
page array and the initramfs are small.
"""

import harness

MM_LINE = r"^mm: (\d+) pages free \((\d+) KiB\) of (\d+) KiB RAM"
BIOS_HOLES_KIB = 4 * 1024


def test_16m(ctx):
    return check_memory(ctx, 16)


def test_64m(ctx):
    return check_memory(ctx, 64)


def test_512m(ctx):
    return check_memory(ctx, 512)


def check_memory(ctx, mib):
    machine = ctx.boot(iso="monitor", mem=f"{mib}M")
    match = machine.expect(MM_LINE, timeout=harness.BOOT_TIMEOUT)
    machine.expect_prompt(timeout=harness.BOOT_TIMEOUT)  # and the boot goes on to the end
    machine.kill()
    pages, free_kib, ram_kib = map(int, match.groups())
    given_kib = mib * 1024
    numbers = f"-m {mib}M: {pages} pages free ({free_kib} KiB) of {ram_kib} KiB RAM"
    assert free_kib == pages * 4, f"{numbers}: pages and KiB disagree"
    assert given_kib - BIOS_HOLES_KIB <= ram_kib <= given_kib, \
        f"{numbers}: RAM should be {given_kib - BIOS_HOLES_KIB}..{given_kib} KiB"
    floor = int(0.85 * ram_kib - 3 * 1024)
    assert floor <= free_kib < ram_kib, f"{numbers}: free should be {floor}..{ram_kib} KiB"
    return numbers
