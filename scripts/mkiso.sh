#!/bin/sh
# mkiso.sh OUT.iso DEFAULT KERNEL SYMS INITRD [EXTRA] — a bootable GRUB ISO.
# DEFAULT is "normal", "selftest" or "monitor": which menu entry boots (timeout 0).
# All entries are always present, so a user can pick another from the menu.
# EXTRA, if given, is more kernel command-line words for every entry: the test
# harness makes one-off ISOs this way (ctx.boot(cmdline=...), tests/context.py).
#
# Built for a fast boot (docs/bench.md): GRUB's core image carries every module
# it needs (grub-mkrescue's loads each one from the CD through the BIOS, which
# under QEMU's TCG cost about 0.2 s); the ISO holds the kernel stripped
# (build/corral.elf keeps its symbols and debug sections for gdb; backtraces
# use the symbols module) and the initramfs gzipped: GRUB reads a fifth of the
# bytes through the BIOS and inflates them itself (`module` does unless told
# --nounzip), so the kernel still receives the plain cpio archive.  The ISO is
# hybrid, like grub-mkrescue's: it also boots written to a USB stick.
set -eu
GRUB_DIR=/usr/lib/grub/i386-pc
# biosdisk + iso9660 find the files; normal runs grub.cfg's menu; multiboot
# loads the kernel and modules; the rest are commands grub.cfg or a user at
# the menu's command line may want; gzio inflates the initramfs.
GRUB_MODULES="biosdisk iso9660 normal multiboot gzio configfile echo ls cat halt reboot"
out=$1 default=$2 kernel=$3 syms=$4 initrd=$5 extra=${6:-}
stage=$(dirname "$out")/isoroot-$default
rm -rf "$stage"
mkdir -p "$stage/boot/grub"
${CROSS:-i686-linux-gnu-}strip -o "$stage/boot/corral.elf" "$kernel"
cp "$syms" "$stage/boot/corral.sym"
gzip -9 -n -c "$initrd" > "$stage/boot/initramfs.cpio.gz"
case $default in
normal) entry=0 ;;
selftest) entry=1 ;;
monitor) entry=2 ;;
*) echo "mkiso: unknown default $default" >&2; exit 1 ;;
esac
cat > "$stage/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=$entry

menuentry "Corral" {
	multiboot /boot/corral.elf${extra:+ $extra}
	module /boot/corral.sym symbols
	module /boot/initramfs.cpio.gz initramfs
	boot
}

menuentry "Corral self tests" {
	multiboot /boot/corral.elf selftest panic=exit${extra:+ $extra}
	module /boot/corral.sym symbols
	module /boot/initramfs.cpio.gz initramfs
	boot
}

menuentry "Corral kernel monitor (no user space)" {
	multiboot /boot/corral.elf init=monitor${extra:+ $extra}
	module /boot/corral.sym symbols
	module /boot/initramfs.cpio.gz initramfs
	boot
}
CFG
mkdir -p "$stage/boot/grub/i386-pc"
grub-mkimage --directory "$GRUB_DIR" --prefix /boot/grub --format i386-pc-eltorito \
	--output "$stage/boot/grub/i386-pc/eltorito.img" $GRUB_MODULES
xorriso -as mkisofs -quiet -r -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
	-boot-load-size 4 -boot-info-table --grub2-boot-info \
	--grub2-mbr "$GRUB_DIR/boot_hybrid.img" --protective-msdos-label \
	-o "$out" "$stage" 2>/dev/null || {
	echo "mkiso: xorriso failed; output follows" >&2
	xorriso -as mkisofs -r -b boot/grub/i386-pc/eltorito.img -no-emul-boot \
		-boot-load-size 4 -boot-info-table --grub2-boot-info \
		--grub2-mbr "$GRUB_DIR/boot_hybrid.img" --protective-msdos-label \
		-o "$out" "$stage"
	exit 1
}
