#!/usr/bin/env python3
"""
mkcpio.py STAGING OUT — pack a folder as a cpio archive ("newc", as `cpio -o -H newc`
writes it) whose regular files' data start on 4 KiB boundaries.

    python3 scripts/mkcpio.py build/initramfs build/initramfs.cpio

Why aligned: GRUB loads the archive at a page boundary, so a file's data that starts
on a 4 KiB boundary in the archive starts on a page in memory, and the kernel can make
those very pages the file's page cache instead of copying them (fs/initramfs.c): the
boot does not touch (or keep) a second copy of every program.

How: newc pads a header and its name to 4 bytes, then the data.  The packer makes
the data land on a page by giving the entry a longer name of the same meaning:
"./" repeated in front ("././././bin/sh" is bin/sh to the kernel and to cpio).  Files
shorter than a page are not worth it and are packed as they are.

Entries are in sorted path order, owned by 0:0 (as `cpio --owner=0:0`); directories,
regular files and symbolic links (whose data is the target), with their modes and
modification times; inode numbers count up from 1, nlink 1 (2 for directories).
The archive ends with the TRAILER!!! entry and is padded to 512 bytes, like cpio's.
Standard library only.
"""

import os
import stat
import sys

PAGE = 4096
HEADER = 110
MAGIC = b"070701"


def pad4(n):
    return (4 - n % 4) % 4


def header(ino, mode, mtime, size, nlink, namesize):
    fields = [ino, mode, 0, 0, nlink, mtime, size, 0, 0, 0, 0, namesize, 0]
    return MAGIC + b"".join(b"%08X" % f for f in fields)


def aligned_name(offset, name):
    """name, with as many "./" in front as make the data start on a page."""
    prefix = b""
    while (offset + HEADER + len(prefix + name) + 1 + pad4(HEADER + len(prefix + name) + 1)) \
            % PAGE:
        prefix += b"./"
    return prefix + name


def entries(staging):
    paths = []
    for root, dirs, files in os.walk(staging):
        for n in dirs + files:
            full = os.path.join(root, n)
            paths.append(os.path.relpath(full, staging))
    return sorted(paths)


def pack(staging, out):
    offset = 0
    with open(out, "wb") as f:
        def put(data):
            nonlocal offset
            f.write(data)
            offset += len(data)

        def entry(ino, st_mode, mtime, name, data, nlink):
            size = len(data)
            if stat.S_ISREG(st_mode) and size >= PAGE:
                name = aligned_name(offset, name)
            namesize = len(name) + 1
            put(header(ino, st_mode, mtime, size, nlink, namesize))
            put(name + b"\0" + b"\0" * pad4(HEADER + namesize))
            put(data + b"\0" * pad4(size))

        for ino, rel in enumerate(entries(staging), start=1):
            full = os.path.join(staging, rel)
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(full).encode()
            elif stat.S_ISREG(st.st_mode):
                with open(full, "rb") as g:
                    data = g.read()
            else:
                data = b""
            nlink = 2 if stat.S_ISDIR(st.st_mode) else 1
            entry(ino, st.st_mode, int(st.st_mtime), ("./" + rel).encode(), data, nlink)
        entry(0, 0, 0, b"TRAILER!!!", b"", 1)
        put(b"\0" * ((512 - offset % 512) % 512))


def main():
    if len(sys.argv) != 3:
        print("usage: mkcpio.py STAGING OUT", file=sys.stderr)
        return 2
    pack(sys.argv[1], sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
