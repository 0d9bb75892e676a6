/*
 * multiboot.c — read what GRUB left us, before anything overwrites it.
 *
 * GRUB's information block, memory map and strings sit somewhere in low
 * memory, reachable through the early 16 MiB mapping of boot.asm.  We copy the
 * command line, the usable RAM ranges and the module list into boot_info;
 * from then on nothing of GRUB's is read again, and its memory may be reused.
 */
#include <corral/memlayout.h>
#include <corral/multiboot.h>
#include <corral/string.h>
#include <uapi/errno.h>

#define EARLY_MAPPED_LIMIT 0x01000000u /* what boot.asm maps */

struct boot_info boot_info;

static bool early_is_mapped(phys_addr_t addr, size_t len)
{
	return addr < EARLY_MAPPED_LIMIT && len <= EARLY_MAPPED_LIMIT - addr;
}

static void boot_copy_cmdline(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MBI_FLAG_CMDLINE) || !early_is_mapped(mbi->cmdline, 1))
		return;
	const char *line = phys_to_virt(mbi->cmdline);
	if (strlcpy(boot_info.cmdline, line, sizeof(boot_info.cmdline)) >= sizeof(boot_info.cmdline))
		boot_info.is_cmdline_truncated = true;
}

static void boot_copy_memory_map(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MBI_FLAG_MMAP) || !early_is_mapped(mbi->mmap_addr, mbi->mmap_length))
		return;
	const char *p = phys_to_virt(mbi->mmap_addr);
	const char *end = p + mbi->mmap_length;
	while (p < end) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		if (e->type == MULTIBOOT_MEMORY_AVAILABLE && e->len) {
			boot_info.ram_bytes += e->len;
			if (boot_info.nr_ram_ranges < BOOT_MAX_RAM_RANGES) {
				struct boot_range *r = &boot_info.ram[boot_info.nr_ram_ranges++];
				r->start = e->addr;
				r->end = e->addr + e->len;
			}
		}
		p += e->size + sizeof(e->size);
	}
}

/* The module's name is the last word of its GRUB command line. */
static void boot_copy_module_name(char *dst, size_t size, phys_addr_t string)
{
	dst[0] = '\0';
	if (!string || !early_is_mapped(string, 1))
		return;
	const char *s = phys_to_virt(string);
	const char *last = s;
	for (const char *p = s; *p; p++)
		if (*p == ' ' && p[1] && p[1] != ' ')
			last = p + 1;
	strlcpy(dst, last, size);
	char *space = strchr(dst, ' ');
	if (space)
		*space = '\0';
}

static void boot_copy_modules(const struct multiboot_info *mbi)
{
	if (!(mbi->flags & MBI_FLAG_MODS) ||
	    !early_is_mapped(mbi->mods_addr, mbi->mods_count * sizeof(struct multiboot_module)))
		return;
	const struct multiboot_module *mods = phys_to_virt(mbi->mods_addr);
	for (uint32_t i = 0; i < mbi->mods_count && i < BOOT_MAX_MODULES; i++) {
		struct boot_module *m = &boot_info.modules[boot_info.nr_modules++];
		m->start = mods[i].mod_start;
		m->end = mods[i].mod_end;
		boot_copy_module_name(m->name, sizeof(m->name), mods[i].string);
	}
}

int boot_info_parse(uint32_t magic, phys_addr_t mbi_phys)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC ||
	    !early_is_mapped(mbi_phys, sizeof(struct multiboot_info)))
		return -EINVAL;
	const struct multiboot_info *mbi = phys_to_virt(mbi_phys);
	boot_copy_cmdline(mbi);
	boot_copy_memory_map(mbi);
	boot_copy_modules(mbi);
	return 0;
}

const struct boot_module *boot_module_find(const char *name)
{
	for (int i = 0; i < boot_info.nr_modules; i++)
		if (strcmp(boot_info.modules[i].name, name) == 0)
			return &boot_info.modules[i];
	return NULL;
}
