#!/bin/sh
# mkiso.sh OUT.iso DEFAULT KERNEL SYMS INITRD [EXTRA] — a bootable GRUB ISO.
# DEFAULT is "normal", "selftest" or "monitor": which menu entry boots (timeout 0).
# All entries are always present, so a user can pick another from the menu.
# EXTRA, if given, is more kernel command-line words for every entry: the test
# harness makes one-off ISOs this way (ctx.boot(cmdline=...), tests/context.py).
set -eu
out=$1 default=$2 kernel=$3 syms=$4 initrd=$5 extra=${6:-}
stage=$(dirname "$out")/isoroot-$default
rm -rf "$stage"
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/corral.elf"
cp "$syms" "$stage/boot/corral.sym"
cp "$initrd" "$stage/boot/initramfs.cpio"
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
	module /boot/initramfs.cpio initramfs
	boot
}

menuentry "Corral self tests" {
	multiboot /boot/corral.elf selftest panic=exit${extra:+ $extra}
	module /boot/corral.sym symbols
	module /boot/initramfs.cpio initramfs
	boot
}

menuentry "Corral kernel monitor (no user space)" {
	multiboot /boot/corral.elf init=monitor${extra:+ $extra}
	module /boot/corral.sym symbols
	module /boot/initramfs.cpio initramfs
	boot
}
CFG
grub-mkrescue -o "$out" "$stage" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; output follows" >&2
	grub-mkrescue -o "$out" "$stage"
	exit 1
}
