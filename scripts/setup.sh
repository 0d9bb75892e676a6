#!/bin/sh
# scripts/setup.sh — make sure the host has every tool the build and tests need.
#
# `make run`, `make test` and `make bench` call this first.  It checks each tool by
# the command it provides; when something is missing it installs the Debian packages
# with apt-get (when run as root) or prints the exact command to run and stops.
#
#   setup.sh        what building, running and testing need
#   setup.sh vga    also QEMU's window (qemu-system-gui): make run-vga
#   setup.sh lint   also cppcheck: make lint
set -eu
extra=${1:-}

# command  package   (one pair per line)
NEEDED='
i686-linux-gnu-gcc gcc-i686-linux-gnu
i686-linux-gnu-ld binutils-i686-linux-gnu
nasm nasm
grub-mkimage grub-common
xorriso xorriso
qemu-system-i386 qemu-system-x86
mke2fs e2fsprogs
e2fsck e2fsprogs
mkswap util-linux
gzip gzip
python3 python3
gnuplot gnuplot-nox
'

missing=""
# grub-mkimage needs the BIOS platform files (grub-pc-bin), which no command reveals.
[ -d /usr/lib/grub/i386-pc ] || missing="grub-pc-bin"
echo "$NEEDED" | {
    while read -r cmd pkg; do
        [ -n "$cmd" ] || continue
        if ! command -v "$cmd" >/dev/null 2>&1 && ! [ -x "/usr/sbin/$cmd" ] && ! [ -x "/sbin/$cmd" ]; then
            missing="$missing $pkg"
        fi
    done
    echo "$missing"
} > /tmp/corral-setup-missing.$$
missing=$(cat /tmp/corral-setup-missing.$$)
rm -f /tmp/corral-setup-missing.$$
case $extra in
vga) # QEMU's GTK/SDL window is a package of its own, with no command to look for
    dpkg-query -W -f='${Status}' qemu-system-gui 2>/dev/null | grep -q 'ok installed' ||
        missing="$missing qemu-system-gui" ;;
lint) command -v cppcheck >/dev/null 2>&1 || missing="$missing cppcheck" ;;
'') ;;
*) echo "setup: unknown extra '$extra' (vga or lint)" >&2; exit 2 ;;
esac
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//')

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: $missing" >&2
    echo "setup: run:  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
fi

echo "setup: installing $missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "setup: done"
