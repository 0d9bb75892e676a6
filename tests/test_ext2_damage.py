"""
test_ext2_damage.py — ext2 given damaged disks (issue 8, "bad input"): each test makes
a copy of disk.img with one thing broken, boots it, and expects a console line naming
the problem, a refused mount or EIO, no panic, the rest of the filesystem still
usable, and the damaged bytes left as they were (nothing written on bad data).

The images are changed with Python, reading the ext2 layout the way the kernel does
(superblock at byte 1024, group descriptors in the block after it, inode tables).
"""

import re
import shutil
import struct

import harness

WRITES_DISK = False  # the copies are broken on purpose: e2fsck would (rightly) object
TIMEOUT = 1200


class Image:
    """A copy of disk.img and the few ext2 facts the damage needs."""

    def __init__(self, ctx, name):
        self.path = ctx.workdir / f"{name}.img"
        ctx.workdir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ctx.config.build_dir / "disk.img", self.path)
        self.data = bytearray(self.path.read_bytes())
        sb = self.data[1024:2048]
        self.block_size = 1024 << struct.unpack_from("<I", sb, 24)[0]
        self.first_data_block = struct.unpack_from("<I", sb, 20)[0]
        self.inodes_per_group = struct.unpack_from("<I", sb, 40)[0]
        self.inode_size = struct.unpack_from("<H", sb, 88)[0]

    def save(self):
        self.path.write_bytes(self.data)

    def u32(self, offset, value=None):
        if value is not None:
            struct.pack_into("<I", self.data, offset, value)
        return struct.unpack_from("<I", self.data, offset)[0]

    def group_desc(self, group):
        return (self.first_data_block + 1) * self.block_size + 32 * group

    def inode_offset(self, ino):
        group, index = divmod(ino - 1, self.inodes_per_group)
        table = self.u32(self.group_desc(group) + 8)
        return table * self.block_size + index * self.inode_size

    def block_ptr(self, ino, n):
        """Offset of i_block[n] of inode ino."""
        return self.inode_offset(ino) + 40 + 4 * n

    def lookup(self, dir_ino, name):
        """The inode number of name in a directory (direct blocks suffice here)."""
        for n in range(12):
            block = self.u32(self.block_ptr(dir_ino, n))
            start = block * self.block_size
            off = 0
            while block and off < self.block_size:
                ino, rec_len, name_len = struct.unpack_from("<IHB", self.data, start + off)
                if ino and self.data[start + off + 8:start + off + 8 + name_len] == name.encode():
                    return ino
                off += rec_len
        raise KeyError(name)


def boot(ctx, image):
    m = ctx.boot(disk=image.path)
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT)
    return m


def halt(m):
    m.sendline("halt")
    assert m.wait_exit(timeout=120) == harness.STATUS_OK


def expect_refused(ctx, image, line):
    m = boot(ctx, image)
    assert re.search(line, m.output, re.M), f"no console line /{line}/ at boot"
    assert "mount: /mnt: Invalid argument" in m.output, "rc's mount did not fail with EINVAL"
    assert m.command("grep -c /mnt /proc/mounts") == "0"
    assert m.command("echo still fine") == "still fine"
    halt(m)
    return re.search(line, m.output, re.M).group(0)


def test_bad_magic(ctx):
    image = Image(ctx, "magic")
    image.data[1080:1082] = b"\0\0"
    image.save()
    return expect_refused(ctx, image, r"^ext2: hda: bad magic 0x0: not ext2$")


def test_zero_block_count(ctx):
    image = Image(ctx, "counts")
    image.u32(1024 + 4, 0)  # s_blocks_count
    image.save()
    return expect_refused(ctx, image, r"^ext2: hda: corrupt superblock.*$")


def test_huge_groups(ctx):
    image = Image(ctx, "groups")
    image.u32(1024 + 0, 0x7fffffff)  # s_inodes_count: far more groups than blocks
    image.save()
    return expect_refused(ctx, image, r"^ext2: hda: corrupt superblock.*$")


def test_unsupported_feature(ctx):
    image = Image(ctx, "feature")
    image.u32(1024 + 96, image.u32(1024 + 96) | 0x40)  # incompat: extents
    image.save()
    return expect_refused(ctx, image, r"^ext2: hda: unsupported feature 0x40 \(incompat\)$")


def test_group_bitmap_out_of_range(ctx):
    image = Image(ctx, "bitmap")
    image.u32(image.group_desc(3), 0x0fffffff)  # group 3's block bitmap
    image.save()
    return expect_refused(ctx, image, r"^ext2: hda: group 3: descriptor points outside.*$")


def test_bad_dirent_rec_len(ctx):
    image = Image(ctx, "dirent")
    many = image.lookup(2, "many")
    block = image.u32(image.block_ptr(many, 0))
    entry = block * image.block_size + 24  # after "." (12) and ".." (12)
    struct.pack_into("<H", image.data, entry + 4, 5)  # rec_len 5: short, misaligned
    image.save()
    before = bytes(image.data[block * image.block_size:(block + 1) * image.block_size])
    m = boot(ctx, image)
    out = m.command("ls /mnt/many")
    assert "ls: /mnt/many: Input/output error" in out, f"ls of the damaged directory: {out!r}"
    line = re.search(rf"^ext2: hda: inode {many}: bad directory entry at offset 24 "
                     r"\(rec_len 5.*$", out, re.M)
    assert line, f"no console line about the directory entry in {out!r}"
    line = line.group(0)
    out = m.command("echo x > /mnt/many/new")
    assert "Input/output error" in out, f"a new name in the damaged directory: {out!r}"
    assert m.command("cat /mnt/hello.txt") == "hello from ext2"
    m.command("sync")
    halt(m)
    after = image.path.read_bytes()[block * image.block_size:(block + 1) * image.block_size]
    assert after == before, "the damaged directory block was written"
    return line


def test_block_pointer_into_inode_table(ctx):
    image = Image(ctx, "pointer")
    hello = image.lookup(2, "hello.txt")
    table = image.u32(image.group_desc(0) + 8)
    image.u32(image.block_ptr(hello, 0), table)
    big = image.lookup(2, "big")
    indirect = image.u32(image.block_ptr(big, 12))
    image.u32(indirect * image.block_size, 99999999)  # logical block 12: out of range
    image.save()
    m = boot(ctx, image)
    out = m.command("cat /mnt/hello.txt")
    assert "Input/output error" in out, f"cat of an inode pointing into the table: {out!r}"
    first = re.search(rf"^ext2: hda: inode {hello}: block {table} out of range or metadata$",
                      out, re.M)
    assert first, f"no console line about inode {hello} in {out!r}"
    out = m.command("dd if=/mnt/big of=/dev/null bs=1024 skip=12 count=1")
    assert "Input/output error" in out, f"reading through a bad indirect entry: {out!r}"
    second = re.search(rf"^ext2: hda: inode {big}: block 99999999 out of range or metadata$",
                       out, re.M)
    assert second, f"no console line about inode {big} in {out!r}"
    assert m.command("cat /mnt/README").startswith("This is the Corral")
    out = m.command("rm /mnt/big")  # its bad pointer must not be "freed"
    assert "ext2: hda: inode" in out or out == "", out
    m.command("sync")
    halt(m)
    data = image.path.read_bytes()
    bitmap = image.u32(image.group_desc(0))
    rel = table - image.first_data_block
    assert data[bitmap * image.block_size + rel // 8] & (1 << rel % 8), \
        "the inode table's block was marked free"
    assert data[image.inode_offset(hello):image.inode_offset(hello) + 128] == \
        image.data[image.inode_offset(hello):image.inode_offset(hello) + 128], \
        "the damaged inode was rewritten"
    return f"{first.group(0)}; {second.group(0)}"
