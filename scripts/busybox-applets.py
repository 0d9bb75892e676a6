#!/usr/bin/env python3
"""
busybox-applets.py BUSYBOX — print the applet names a busybox binary carries, one a
line, without running it (the host may not run i386 programs).

busybox keeps its applet names as one block of NUL-terminated strings in sorted
order, starting with "[" and "[[" (the test applet's names).  The block is found by
that start and read until a string that cannot be an applet name.  Exits 1 if no
such block is there.  Standard library only.
"""

import re
import sys

NAME = re.compile(rb"[a-z0-9_.\[\]-]+")


def applets(data):
    start = data.find(b"[\0[[\0")
    if start < 0:
        return []
    names = []
    pos = start
    while True:
        end = data.index(b"\0", pos)
        name = data[pos:end]
        if not NAME.fullmatch(name):
            return names
        names.append(name.decode())
        pos = end + 1


def main():
    if len(sys.argv) != 2:
        print("usage: busybox-applets.py BUSYBOX", file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        names = applets(f.read())
    if len(names) < 10:
        return 1
    print("\n".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
