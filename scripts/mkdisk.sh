#!/bin/sh
# mkdisk.sh STAGING OUT — the ext2 data disk mounted at /mnt (DESIGN.md section 4).
# Filled from a staging folder with mke2fs -d; later issues put test files in it.
set -eu
staging=$1 out=$2
rm -rf "$staging"
mkdir -p "$staging"
echo "This is the Corral data disk (ext2 on /dev/hda)." > "$staging/README"
PATH=$PATH:/sbin:/usr/sbin
mke2fs -q -F -t ext2 -b 1024 -L corral -d "$staging" "$out" 32M
