#!/bin/sh
# mkinitramfs.sh STAGING OUT [BINDIR [BUSYBOXDIR]] — pack the root filesystem image
# (cpio newc).  The staging folder is rebuilt from user/etc, the demo scripts in
# user/demo (which go to /demo), the built programs in BINDIR (which go to /bin, and
# their descriptions to /usr/share/corral/programs for the shell's help) and,
# when scripts/fetch-busybox.sh got it, Debian's busybox as /bin/busybox with a
# link /usr/bin/APPLET -> /bin/busybox per applet (PATH is /bin:/usr/bin, so
# Corral's own programs come first); the kernel unpacks the archive into ramfs at boot.  Symbolic links stay links (cp -R
# copies them as links, cpio stores the target as the entry's data): /bin/poweroff
# -> halt, and /etc/mtab -> ../proc/mounts, as on Linux.  scripts/mkcpio.py packs
# it, with each file of a page or more starting on a page (fs/initramfs.c maps
# those pages instead of copying them).
set -eu
staging=$1 out=$2 bindir=${3:-} busyboxdir=${4:-}
rm -rf "$staging"
mkdir -p "$staging/etc" "$staging/bin" "$staging/tmp" "$staging/dev" "$staging/proc" \
	"$staging/configfs" "$staging/mnt" "$staging/demo" "$staging/usr/bin" \
	"$staging/usr/share/corral"
cp -R user/etc/. "$staging/etc/"
cp -R user/demo/. "$staging/demo/"
if [ -n "$bindir" ] && [ -d "$bindir" ]; then
	cp -R "$bindir/." "$staging/bin/"
fi
sh "$(dirname "$0")/mkprograms.sh" user/bin >"$staging/usr/share/corral/programs"

if [ -n "$busyboxdir" ] && [ -s "$busyboxdir/busybox" ]; then
	cp "$busyboxdir/busybox" "$staging/bin/busybox"
	grep -v '^busybox$' "$busyboxdir/applets" | while read -r applet; do
		ln -s /bin/busybox "$staging/usr/bin/$applet"
	done
fi
ln -s ../proc/mounts "$staging/etc/mtab"
chmod 1777 "$staging/tmp"
python3 "$(dirname "$0")/mkcpio.py" "$staging" "$out" # files' data page-aligned
