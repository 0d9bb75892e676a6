# Makefile — builds the Corral kernel, its ISO and disk images, and runs it.
#
#   make / make iso   build/corral.iso (+ the selftest and monitor ISOs, disk images)
#   make run          set up the host, build, boot in QEMU on this terminal (serial)
#   make run-vga      the same in a QEMU window (VGA screen + PS/2 keyboard);
#                     VNC=1: no window, the screen served on VNC (localhost:5900)
#   make test         set up, build, run every test; last line "N passed, N failed"
#   make debug        QEMU waiting for gdb on :1234 (then: gdb -x build/gdbinit)
#   make bench        the benchmarks: build/bench/ (results.json, report.md, PNG plots)
#   make fuzz         the system-call fuzzer, long: CALLS calls as a user and as root
#                     (default 100000, SEED 1), then tests/test_fuzz.py's checks
#   make compile_commands.json   for clangd
#
# Variables: BUILD (output folder, default build), EXTRA_CFLAGS, MEM (QEMU -m),
# KVM=1 (use -enable-kvm: only on request, see README), CALLS and SEED (make fuzz).

BUILD        ?= build
MEM          ?= 64M
CROSS        ?= i686-linux-gnu-
CC           := $(CROSS)gcc
LD           := $(CROSS)ld
NM           := $(CROSS)nm
NASM         ?= nasm
PYTHON       ?= python3

CFLAGS := -std=c11 -ffreestanding -nostdlib -fno-pie -fno-stack-protector \
	  -fno-omit-frame-pointer \
	  -fno-optimize-sibling-calls -fno-asynchronous-unwind-tables -fno-common \
	  -fno-delete-null-pointer-checks \
	  -mgeneral-regs-only -march=i686 -O2 -g \
	  -Wall -Wextra -Werror -Wno-unused-parameter \
	  -Iinclude -MMD -MP $(EXTRA_CFLAGS)
ASFLAGS := -f elf32 -g -F dwarf -Iinclude/
LDFLAGS := -nostdlib -T linker.ld -z noexecstack --build-id=none
# The cross compiler is asked only once it is there: before scripts/setup.sh has
# installed it, asking at parse time made "make: i686-linux-gnu-gcc: No such file
# or directory" the first line a fresh machine's `make run` printed.
cc_ask  = $(shell command -v $(CC) >/dev/null 2>&1 && $(CC) $(1) 2>/dev/null)
LIBGCC  = $(call cc_ask,-print-libgcc-file-name)

KERNEL_DIRS := arch/x86 kernel mm fs fs/ext2
C_SRCS   := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.c))
ASM_SRCS := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.asm))
OBJS     := $(patsubst %.c,$(BUILD)/obj/%.o,$(C_SRCS)) \
	    $(patsubst %.asm,$(BUILD)/obj/%.asm.o,$(ASM_SRCS))

KERNEL   := $(BUILD)/corral.elf
SYMS     := $(BUILD)/corral.sym
INITRD   := $(BUILD)/initramfs.cpio
ISO      := $(BUILD)/corral.iso
ISO_TEST := $(BUILD)/corral-selftest.iso
ISO_MON  := $(BUILD)/corral-monitor.iso
DISK     := $(BUILD)/disk.img
DISK4K   := $(BUILD)/disk4k.img
SWAP     := $(BUILD)/swap.img

QEMU_ACCEL := $(if $(filter 1,$(KVM)),-enable-kvm,)
QEMU_DEVICES = -m $(MEM) -boot d -cdrom $(1) \
	-drive file=$(DISK),format=raw,if=ide,index=0 \
	-drive file=$(SWAP),format=raw,if=ide,index=1 \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 $(QEMU_ACCEL)

.PHONY: all iso run run-vga test debug bench fuzz setup setup-vga setup-lint clean lint \
	selftest-fail-iso
.DELETE_ON_ERROR:

all iso: $(ISO) $(ISO_TEST) $(ISO_MON) $(DISK) $(DISK4K) $(SWAP)

setup:
	@sh scripts/setup.sh

# What only run-vga (QEMU's window) and lint (cppcheck) need, on top.
setup-vga:
	@sh scripts/setup.sh vga

setup-lint:
	@sh scripts/setup.sh lint

# ---- kernel ---------------------------------------------------------------
$(BUILD)/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.asm.o: %.asm Makefile
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(ASFLAGS) -MD $(@:.o=.d) -MP $< -o $@

$(KERNEL): $(OBJS) linker.ld
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(OBJS) $(LIBGCC)

# The symbol table for backtraces travels as a GRUB module (kernel/ksyms.c).
$(SYMS): $(KERNEL)
	@$(NM) -n --defined-only $< | awk '$$2 ~ /^[tTwW]$$/ { print $$1, $$3 }' > $@

# ---- user space (user/user.mk: the C library and the programs) -------------
USER_BIN_DIR := $(BUILD)/user/bin
USER_PROGS   :=
-include user/user.mk

# ---- initramfs, ISO, disks -------------------------------------------------
INITRD_FILES := $(shell find user/etc user/demo -type f 2>/dev/null)
BUSYBOX_STAMP := $(BUILD)/busybox/stamp

$(INITRD): $(INITRD_FILES) $(USER_PROGS) $(BUSYBOX_STAMP) scripts/mkinitramfs.sh \
		scripts/mkprograms.sh
	@echo "  CPIO    $@"
	@sh scripts/mkinitramfs.sh $(BUILD)/initramfs $@ $(USER_BIN_DIR) $(BUILD)/busybox

# Debian's busybox-static:i386, downloaded once per build folder (docs/busybox.md);
# without network the build goes on without it and the stamp says why.
$(BUSYBOX_STAMP): scripts/fetch-busybox.sh scripts/busybox-applets.py
	@sh scripts/fetch-busybox.sh $(BUILD)/busybox

$(ISO): $(KERNEL) $(SYMS) $(INITRD) scripts/mkiso.sh
	@echo "  ISO     $@"
	@sh scripts/mkiso.sh $@ normal $(KERNEL) $(SYMS) $(INITRD)

$(ISO_TEST): $(KERNEL) $(SYMS) $(INITRD) scripts/mkiso.sh
	@echo "  ISO     $@"
	@sh scripts/mkiso.sh $@ selftest $(KERNEL) $(SYMS) $(INITRD)

$(ISO_MON): $(KERNEL) $(SYMS) $(INITRD) scripts/mkiso.sh
	@echo "  ISO     $@"
	@sh scripts/mkiso.sh $@ monitor $(KERNEL) $(SYMS) $(INITRD)

$(DISK): scripts/mkdisk.sh
	sh scripts/mkdisk.sh $(BUILD)/diskroot $@

# The same data with 4 KiB blocks, for tests/test_ext2.py (attached in place of disk.img).
$(DISK4K): scripts/mkdisk.sh
	sh scripts/mkdisk.sh $(BUILD)/diskroot4k $@ 4096

# 128 MiB: room for three times a 32 MiB guest's memory (DESIGN.md section 2).
$(SWAP): Makefile
	@mkdir -p $(dir $@)
	rm -f $@
	dd if=/dev/zero of=$@ bs=1M count=128 status=none
	/sbin/mkswap -q $@ 2>/dev/null || mkswap -q $@

# ---- running ---------------------------------------------------------------
run: setup
	@$(MAKE) --no-print-directory all
	qemu-system-i386 $(call QEMU_DEVICES,$(ISO)) -serial mon:stdio -display none \
		|| [ $$? -eq 33 ] # 33: halt through isa-debug-exit, a clean stop

# Without a display QEMU would quietly serve its window over VNC and wait: the
# script says so and stops (VNC=1: serve it on purpose).
run-vga: setup setup-vga
	@$(MAKE) --no-print-directory all
	@sh scripts/vga-display.sh "$(VNC)"
	qemu-system-i386 $(call QEMU_DEVICES,$(ISO)) -serial vc \
		$(if $(VNC),-display vnc=127.0.0.1:0) || [ $$? -eq 33 ]

debug: setup
	@$(MAKE) --no-print-directory all
	@printf 'file %s\ntarget remote :1234\n' $(KERNEL) > $(BUILD)/gdbinit
	@echo "QEMU waits for gdb: in another terminal run  gdb -x $(BUILD)/gdbinit"
	qemu-system-i386 $(call QEMU_DEVICES,$(ISO)) -serial mon:stdio -display none -s -S \
		|| [ $$? -eq 33 ]

# The failing-self-test variant lets the harness prove that a failure is seen.
selftest-fail-iso:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/selftest-fail \
		EXTRA_CFLAGS=-DCORRAL_SELFTEST_FAIL $(BUILD)/selftest-fail/corral-selftest.iso

test: setup
	@$(MAKE) --no-print-directory all selftest-fail-iso
	$(PYTHON) tests/run.py --build $(BUILD)

# scripts/bench.py boots under TCG only; about 3 minutes; docs/bench.md says what it measures.
bench: setup
	@$(MAKE) --no-print-directory all
	$(PYTHON) scripts/bench.py --build $(BUILD)

# test_fuzz.py reads CALLS and SEED from the environment and sizes its timeouts by
# CALLS; `make test` runs the same file with 20000 calls and its own seeds.
CALLS ?= 100000
SEED  ?= 1
fuzz: setup
	@$(MAKE) --no-print-directory all
	CORRAL_FUZZ_CALLS=$(CALLS) CORRAL_FUZZ_SEED=$(SEED) \
		$(PYTHON) tests/run.py --build $(BUILD) test_fuzz

lint: setup-lint
	cppcheck --quiet --error-exitcode=1 --std=c11 -Iinclude \
		--suppress=missingIncludeSystem --inline-suppr $(KERNEL_DIRS)

compile_commands.json: $(C_SRCS)
	$(PYTHON) scripts/compile_commands.py "$(CC) $(CFLAGS)" $(C_SRCS) > $@

clean:
	rm -rf build compile_commands.json

-include $(OBJS:.o=.d)
