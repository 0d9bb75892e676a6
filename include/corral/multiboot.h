/*
 * multiboot.h — what GRUB hands the kernel (Multiboot specification 0.6.96),
 * and the boot information Corral keeps from it.
 *
 * GRUB's structures live in memory the kernel will reuse, so boot_info_parse()
 * copies out everything needed (command line, memory map, module list) before
 * the page allocator starts.
 */
#ifndef CORRAL_MULTIBOOT_H
#define CORRAL_MULTIBOOT_H

#include <corral/types.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MBI_FLAG_MEM 0x001
#define MBI_FLAG_CMDLINE 0x004
#define MBI_FLAG_MODS 0x008
#define MBI_FLAG_MMAP 0x040

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper; /* KiB below 1 MiB and above */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	/* more fields follow that Corral does not use */
} __packed;

struct multiboot_mmap_entry {
	uint32_t size; /* of the rest of this entry */
	uint64_t addr, len;
	uint32_t type;
} __packed;
#define MULTIBOOT_MEMORY_AVAILABLE 1

struct multiboot_module {
	uint32_t mod_start, mod_end; /* physical, end exclusive */
	uint32_t string;             /* physical address of the name after the path */
	uint32_t reserved;
} __packed;

/* ---- What Corral keeps ---- */
#define BOOT_MAX_RAM_RANGES 32
#define BOOT_MAX_MODULES 8

struct boot_range {
	uint64_t start, end; /* physical, end exclusive */
};

struct boot_module {
	char name[32]; /* "symbols", "initramfs" */
	phys_addr_t start, end;
};

struct boot_info {
	char cmdline[256];
	bool is_cmdline_truncated; /* GRUB's line was longer than cmdline */
	struct boot_range ram[BOOT_MAX_RAM_RANGES]; /* usable RAM from the memory map */
	int nr_ram_ranges;
	struct boot_module modules[BOOT_MAX_MODULES];
	int nr_modules;
	uint64_t ram_bytes; /* total usable RAM reported, all of it */
};

extern struct boot_info boot_info;

/* Copy what we need out of GRUB's structures; returns 0 or -EINVAL. */
int boot_info_parse(uint32_t magic, phys_addr_t mbi_phys);
const struct boot_module *boot_module_find(const char *name);

#endif
