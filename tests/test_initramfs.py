"""
test_initramfs.py — the root filesystem from the initramfs: every file as the build made
it, the whole pages of the programs shared with the archive rather than copied
(fs/initramfs.c, scripts/mkcpio.py), and those pages ordinary page-cache pages
afterwards: rewritten, and freed, like any other.
"""

import re
import subprocess
from pathlib import Path

UNPACKED = r"^initramfs: (\d+) entries unpacked, (\d+) pages of them shared"
PAGE = 4096
CHECKED = ["sh", "usertests", "ls", "bench", "true"]


def staging(ctx):
    return Path(ctx.config.build_dir) / "initramfs"


def expected_shared(ctx):
    """What the kernel should share: every whole page but the last of each regular
    file of more than a page (the archive aligns exactly those)."""
    total = 0
    for path in staging(ctx).rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            if size > PAGE:
                total += (size - 1) // PAGE
    return total


def host_cksum(path):
    out = subprocess.run(["cksum", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.split()[:2]


def test_pages_shared(ctx):
    match = ctx.machine.expect(UNPACKED, timeout=120)
    shared, want = int(match.group(2)), expected_shared(ctx)
    assert shared == want, f"{shared} pages shared, the archive aligns {want}"
    return f"{match.group(1)} entries, {shared} pages shared"


def test_files_are_exact(ctx):
    for name in CHECKED:
        out = ctx.machine.command(f"cksum /bin/{name}")
        got = out.split()[:2]
        want = host_cksum(staging(ctx) / "bin" / name)
        assert got == want, f"/bin/{name}: cksum {got}, the build's {want}"


def test_shared_pages_can_be_rewritten(ctx):
    m = ctx.machine
    before = m.command("cksum /bin/bench").split()[:2]
    m.command("cp /bin/bench /tmp/bench.copy")
    m.command("dd if=/dev/zero of=/bin/bench bs=4096 count=1 seek=2 conv=notrunc")
    after = m.command("cksum /bin/bench").split()[:2]
    assert after[1] == before[1] and after != before, f"rewrite: {before} -> {after}"
    m.command("cp /tmp/bench.copy /bin/bench")
    restored = m.command("cksum /bin/bench").split()[:2]
    assert restored == before, f"restored {restored}, was {before}"
    m.command("rm /tmp/bench.copy")


def mem_free_kb(m):
    out = m.command("grep MemFree /proc/meminfo")
    return int(re.search(r"(\d+)", out).group(1))


def test_shared_pages_are_freed_with_the_file(ctx):
    m = ctx.machine
    size = int(m.command("wc -c < /bin/usertests").strip())
    before = mem_free_kb(m)
    m.command("rm /bin/usertests")
    gained = mem_free_kb(m) - before
    assert gained * 1024 >= (size // PAGE) * PAGE, \
        f"removing a {size}-byte file freed only {gained} KiB"
    out = m.command("containers -a")
    assert "audit: ok" in out, out
    return f"{gained} KiB freed"
