#!/bin/sh
# mkinitramfs.sh STAGING OUT — pack the root filesystem image (cpio newc).
# The staging folder is rebuilt from user/etc (later also the user programs);
# the kernel unpacks the archive into ramfs at boot (issue 3).
set -eu
staging=$1 out=$2
rm -rf "$staging"
mkdir -p "$staging/etc" "$staging/bin" "$staging/tmp" "$staging/dev" "$staging/proc" \
	"$staging/configfs" "$staging/mnt"
cp -R user/etc/. "$staging/etc/"
(cd "$staging" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet --owner=0:0) > "$out"
