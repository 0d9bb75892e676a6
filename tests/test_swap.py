"""
test_swap.py — swap devices (DESIGN.md sections 2, 4 and 6; issue 9, the device side):
/etc/rc turns /dev/hdb on at boot; /proc/swaps, /proc/meminfo, free and /proc/vmstat
show it; swapoff and swapon again; every error swapon and swapoff give (a user, a disk
without the signature, a device already on, a missing path, a regular file, a device
that is not on); an active swap disk refusing writes; damaged headers refused with a
console line and no panic; mkswap making the disk usable again.  A boot without disks
has no swap and says nothing about it.

All tests share one VM (its own copy of swap.img) and run in order; the last one halts.
"""

import re

import harness
from shell import PROMPT, expect_output, run

PAGE = 4096
SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority"


def swap_kib(ctx):
    """What mkswap made of swap.img: every page but the header, in KiB."""
    pages = (ctx.config.build_dir / "swap.img").stat().st_size // PAGE
    return (pages - 1) * PAGE // 1024


def swaps_line(path, kib, used=0, priority=r"-\d+"):
    """A /proc/swaps line as Linux prints it: the name padded to 40 columns."""
    pad = " " * max(40 - len(path), 1)
    return rf"{re.escape(path)}{pad}partition\t{kib}\t\t{used}\t\t{priority}"


def meminfo_kib(ctx, key):
    out = run(ctx, f"grep {key}: /proc/meminfo")
    found = re.fullmatch(rf"{key}: +(\d+) kB", out)
    assert found, f"/proc/meminfo {key}: {out!r}"
    return int(found.group(1))


def expect_error(ctx, line, message, status=1):
    """The command fails with message as its last line (kernel lines may come first)."""
    out = run(ctx, f"{line}; echo $?")
    assert out.endswith(f"{message}\n{status}"), f"{line!r} printed {out!r}, want {message!r}"
    return out


def test_boot_turns_swap_on(ctx):
    m = ctx.machine
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    kib = swap_kib(ctx)
    assert re.search(rf"^swap: adding {kib}k swap on /dev/hdb, priority -2\r?$", m.output,
                     re.M), "no swapon line for /dev/hdb at boot"
    out = run(ctx, "cat /proc/swaps")
    lines = out.split("\n")
    assert lines[0] == SWAPS_HEADER, f"/proc/swaps header: {lines[0]!r}"
    assert len(lines) == 2 and re.fullmatch(swaps_line("/dev/hdb", kib, 0, "-2"), lines[1]), \
        f"/proc/swaps: {out!r}"
    return f"/dev/hdb: {kib} KiB"


def test_meminfo_free_and_vmstat(ctx):
    kib = swap_kib(ctx)
    assert meminfo_kib(ctx, "SwapTotal") == kib
    assert meminfo_kib(ctx, "SwapFree") == kib
    out = run(ctx, "free")
    assert re.search(rf"^Swap: +{kib} +0 +{kib}$", out, re.M), f"free: {out!r}"
    out = run(ctx, "grep pswp /proc/vmstat")
    assert re.fullmatch(r"pswpin \d+\npswpout \d+", out), f"/proc/vmstat: {out!r}"


def test_swapon_shows_the_devices(ctx):
    want = run(ctx, "cat /proc/swaps")
    expect_output(ctx, "swapon", want)
    expect_output(ctx, "swapon -s", want)


def test_swapoff_and_on_again(ctx):
    kib = swap_kib(ctx)
    expect_output(ctx, "swapoff /dev/hdb; echo $?", "0")
    expect_output(ctx, "cat /proc/swaps", SWAPS_HEADER)
    assert meminfo_kib(ctx, "SwapTotal") == 0
    assert meminfo_kib(ctx, "SwapFree") == 0
    out = run(ctx, "free")
    assert re.search(r"^Swap: +0 +0 +0$", out, re.M), f"free: {out!r}"
    expect_output(ctx, "swapoff /dev/hdb; echo $?", "swapoff: /dev/hdb: Invalid argument\n1")
    # On again: it ranks below the first time's priority, as on Linux.
    out = run(ctx, "swapon /dev/hdb; echo $?")
    assert out == f"swap: adding {kib}k swap on /dev/hdb, priority -3\n0", out
    out = run(ctx, "cat /proc/swaps")
    assert re.fullmatch(SWAPS_HEADER + "\n" + swaps_line("/dev/hdb", kib, 0, "-3"), out), out
    assert meminfo_kib(ctx, "SwapTotal") == kib
    # swapon -a leaves a device that is on alone, quietly.
    expect_output(ctx, "swapon -a; echo $?", "0")


def test_errors(ctx):
    run(ctx, "echo data > /tmp/regular")
    expect_error(ctx, "runas 1000 swapon /dev/hdb", "swapon: /dev/hdb: Operation not permitted")
    expect_error(ctx, "runas 1000 swapoff /dev/hdb", "swapoff: /dev/hdb: Operation not permitted")
    out = expect_error(ctx, "swapon /dev/hda", "swapon: /dev/hda: Invalid argument")
    assert "swap: /dev/hda: no swap signature" in out, out  # ext2 there
    expect_error(ctx, "swapon /dev/hdb", "swapon: /dev/hdb: Device or resource busy")
    expect_error(ctx, "swapon /nonexistent", "swapon: /nonexistent: No such file or directory")
    # Linux would try a regular file as a swap file (EINVAL: no signature); Corral
    # takes block devices only.
    expect_error(ctx, "swapon /tmp/regular", "swapon: /tmp/regular: Block device required")
    expect_error(ctx, "swapon /dev/null", "swapon: /dev/null: Block device required")
    expect_error(ctx, "swapoff /dev/hda", "swapoff: /dev/hda: Invalid argument")
    expect_error(ctx, "swapoff /tmp/regular", "swapoff: /tmp/regular: Invalid argument")
    expect_error(ctx, "swapoff /nonexistent", "swapoff: /nonexistent: No such file or directory")
    expect_output(ctx, "echo still here", "still here")
    assert meminfo_kib(ctx, "SwapTotal") == swap_kib(ctx)  # nothing changed


def test_usage(ctx):
    for prog, usage in (("swapon", "usage: swapon [-a | -s | DEVICE...]"),
                        ("swapoff", "usage: swapoff [-a | DEVICE...]"),
                        ("mkswap", "usage: mkswap [-L LABEL] DEVICE")):
        expect_output(ctx, f"{prog} -h; echo $?", f"{usage}\n0")
        expect_output(ctx, f"{prog} --help; echo $?", f"{usage}\n0")
        expect_output(ctx, f"{prog} -x; echo $?", f"{prog}: invalid option -- 'x'\n{usage}\n2")


def test_active_swap_disk_refuses_writes(ctx):
    expect_error(ctx, "dd if=/dev/zero of=/dev/hdb bs=512 seek=100 count=1 status=none",
                 "dd: error writing '/dev/hdb': Text file busy")
    expect_error(ctx, "mkswap /dev/hdb", "mkswap: /dev/hdb: Text file busy")
    # Reading is fine: the signature is there.
    expect_output(ctx, "od -A d -t x1 -j 4086 -N 10 /dev/hdb",  # "SWAPSPACE2"
                  "0004086 53 57 41 50 53 50 41 43 45 32\n0004096")


def test_damaged_headers_are_refused(ctx):
    expect_output(ctx, "swapoff /dev/hdb; echo $?", "0")
    # A blank first page: no signature.
    expect_output(ctx, "dd if=/dev/zero of=/dev/hdb bs=4096 count=1 status=none; echo $?", "0")
    out = expect_error(ctx, "swapon /dev/hdb", "swapon: /dev/hdb: Invalid argument")
    assert "swap: /dev/hdb: no swap signature" in out, out
    expect_output(ctx, "swapon -a; echo $?", "0")  # no signature: nothing to do, quietly
    expect_output(ctx, "cat /proc/swaps", SWAPS_HEADER)
    # The signature, but text over the version, sizes and bad-page list.
    out = run(ctx, "mkswap /dev/hdb")
    assert out.startswith("Setting up swapspace version 1, size = "), out
    run(ctx, "i=0; while [ $i -lt 40 ]; do echo \"garbage line $i ~~~~~~~~\"; i=$((i+1)); done"
             " > /tmp/junk")
    expect_output(ctx, "dd if=/tmp/junk of=/dev/hdb bs=1024 seek=1 status=none; echo $?", "0")
    out = expect_error(ctx, "swapon /dev/hdb", "swapon: /dev/hdb: Invalid argument")
    assert "swap: /dev/hdb: header version is not 1" in out, out
    expect_output(ctx, "echo still here", "still here")


def test_mkswap_makes_it_usable_again(ctx):
    kib = swap_kib(ctx)
    out = run(ctx, "mkswap -L corral /dev/hdb; echo $?")
    assert re.fullmatch(rf"Setting up swapspace version 1, size = {kib} KiB \({kib * 1024} bytes\)\n"
                        r"LABEL=corral, UUID=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                        r"[0-9a-f]{12}\n0", out), out
    expect_output(ctx, "od -A d -t x1 -j 1052 -N 6 /dev/hdb",  # "corral"
                  "0001052 63 6f 72 72 61 6c\n0001058")
    expect_output(ctx, "swapon -a; echo $?", f"swap: adding {kib}k swap on /dev/hdb, priority -4\n0")
    out = run(ctx, "cat /proc/swaps")
    assert re.fullmatch(SWAPS_HEADER + "\n" + swaps_line("/dev/hdb", kib, 0, "-4"), out), out
    assert meminfo_kib(ctx, "SwapFree") == kib


def test_halt(ctx):
    m = ctx.machine
    m.sendline("halt")
    assert m.wait_exit() == harness.STATUS_OK


def test_no_disks_no_swap(ctx):
    m = ctx.boot(disks=False)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    assert "swap:" not in m.output and "swapon" not in m.output, "swap messages without disks"
    assert m.command("cat /proc/swaps") == SWAPS_HEADER
    out = m.command("free")
    assert re.search(r"^Swap: +0 +0 +0$", out, re.M), f"free: {out!r}"
    m.sendline("halt")
    assert m.wait_exit() == harness.STATUS_OK
