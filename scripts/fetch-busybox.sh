#!/bin/sh
# fetch-busybox.sh DEST — get Debian's busybox-static for i386 into DEST.
#
# Corral runs unmodified Linux programs, and Debian's static busybox is the
# biggest one it carries: the build puts it at /bin/busybox with a link per applet
# in /usr/bin (scripts/mkinitramfs.sh).  This script leaves in DEST:
#
#   DEST/busybox        the program (statically linked glibc, i386)
#   DEST/applets        its applet names, one a line
#   DEST/version        the package's version
#   DEST/stamp          always written: "ok" or "unavailable: WHY"
#
# The package comes from Debian's archive through a private apt configuration
# under DEST/apt (its own sources, lists and cache), so the host's dpkg
# architectures and package lists are never touched and no root is needed.
# BUSYBOX_DEB=FILE.deb uses a package already on disk instead (offline builds);
# BUSYBOX_MIRROR and BUSYBOX_SUITE override the archive (default: the host's
# Debian release on deb.debian.org).  A failed download is not a failed build:
# Corral works without busybox, and the stamp says why it is missing.
set -u
dest=$1
mkdir -p "$dest"
stamp="$dest/stamp"

unavailable() {
	echo "unavailable: $1" > "$stamp"
	echo "  BUSYBOX unavailable: $1 (building without /bin/busybox)" >&2
	exit 0
}

if [ -s "$dest/busybox" ] && [ -s "$dest/applets" ]; then
	echo ok > "$stamp"
	exit 0
fi

deb=${BUSYBOX_DEB:-}
if [ -z "$deb" ]; then
	command -v apt-get >/dev/null 2>&1 || unavailable "no apt-get on this host"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -r "$keyring" ] || unavailable "no $keyring (package debian-archive-keyring)"
	suite=${BUSYBOX_SUITE:-$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")}
	[ -n "$suite" ] || suite=bookworm
	mirror=${BUSYBOX_MIRROR:-http://deb.debian.org/debian}
	apt="$(cd "$dest" && pwd)/apt"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	: > "$apt/status"
	echo "deb [arch=i386 signed-by=$keyring] $mirror $suite main" > "$apt/sources.list"
	# -o options: apt's every path under $apt; i386 the only architecture it knows.
	set -- -q -o Dir::Etc::SourceList="$apt/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null -o Dir::Etc::Parts=/dev/null \
		-o Dir::State="$apt" -o Dir::State::Lists="$apt/lists" \
		-o Dir::State::status="$apt/status" -o Dir::Cache="$apt/cache" \
		-o APT::Architecture=i386 -o APT::Architectures::=i386 \
		-o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)"
	echo "  BUSYBOX busybox-static:i386 from $mirror $suite"
	apt-get "$@" update > "$apt/update.log" 2>&1 ||
		unavailable "apt-get update failed (see $apt/update.log)"
	(cd "$apt" && apt-get "$@" download busybox-static:i386) > "$apt/download.log" 2>&1 ||
		unavailable "apt-get download failed (see $apt/download.log)"
	deb=$(ls "$apt"/busybox-static_*_i386.deb 2>/dev/null | tail -n 1)
	[ -n "$deb" ] || unavailable "no package after the download"
fi

root="$dest/root"
rm -rf "$root"
dpkg-deb -x "$deb" "$root" 2>/dev/null || unavailable "dpkg-deb cannot unpack $deb"
[ -s "$root/bin/busybox" ] || unavailable "$deb has no bin/busybox"
dpkg-deb -f "$deb" Version > "$dest/version" 2>/dev/null
python3 "$(dirname "$0")/busybox-applets.py" "$root/bin/busybox" > "$dest/applets.tmp" ||
	unavailable "no applet list in $deb"
cp "$root/bin/busybox" "$dest/busybox"
mv "$dest/applets.tmp" "$dest/applets"
rm -rf "$root" "$dest/apt/lists" # 20 MB kept for nothing; the .deb stays
echo ok > "$stamp"
