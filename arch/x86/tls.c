/*
 * tls.c — thread-local storage: set_thread_area (243) and get_thread_area (244).
 *
 * Every glibc program sets up its thread pointer before main: it asks for a
 * data segment whose base is its TLS block (struct user_desc, entry_number -1:
 * "any free slot") and loads the selector it gets into %gs.  As on Linux, each
 * task owns three GDT slots (GDT_TLS_FIRST .. +2, selectors 0x33, 0x3b, 0x43);
 * their descriptors live in struct task and are written into the GDT when the
 * task is switched to (tls_load, from the scheduler), copied by fork and
 * cleared by exec.
 *
 * The kernel itself never uses %fs or %gs; trap entry loads null into both
 * (arch/x86/trap_entry.asm), so that a slot rewritten for the next task can
 * never be reloaded from a stale selector while in the kernel: only
 * trap_return, on the way to user mode, loads the task's own selectors, and a
 * bad one there kills the task (trap_fix_return_fault).
 */
#include <corral/gdt.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/tls.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>

/* Descriptor bits (the access byte and the flags nibble of a segment). */
#define DESC_PRESENT (1ull << 47)
#define DESC_DPL3 (3ull << 45)
#define DESC_CODE_OR_DATA (1ull << 44)
#define DESC_EXPAND_DOWN (1ull << 42)
#define DESC_WRITABLE (1ull << 41)
#define DESC_AVL (1ull << 52)
#define DESC_32BIT (1ull << 54)
#define DESC_4K (1ull << 55)

/* Linux's "clear this slot" descriptions: all zero but read_exec_only and
 * seg_not_present (the old way), or all zero. */
static bool tls_desc_is_empty(const struct user_desc *d)
{
	bool zero_rest = !d->base_addr && !d->limit && !d->contents && !d->seg_32bit &&
			 !d->limit_in_pages && !d->useable;
	return zero_rest && ((d->read_exec_only && d->seg_not_present) ||
			     (!d->read_exec_only && !d->seg_not_present));
}

uint64_t tls_encode(const struct user_desc *d)
{
	if (tls_desc_is_empty(d))
		return 0;
	uint64_t base = d->base_addr, limit = d->limit & 0xfffff;
	uint64_t desc = (limit & 0xffff) | (base & 0xffffff) << 16 | ((limit >> 16) & 0xf) << 48 |
			(base >> 24) << 56;
	desc |= DESC_DPL3 | DESC_CODE_OR_DATA;
	if (!d->read_exec_only)
		desc |= DESC_WRITABLE;
	if (d->contents == 1)
		desc |= DESC_EXPAND_DOWN;
	if (!d->seg_not_present)
		desc |= DESC_PRESENT;
	if (d->useable)
		desc |= DESC_AVL;
	if (d->seg_32bit)
		desc |= DESC_32BIT;
	if (d->limit_in_pages)
		desc |= DESC_4K;
	return desc;
}

void tls_decode(uint64_t desc, unsigned entry, struct user_desc *d)
{
	memset(d, 0, sizeof(*d));
	d->entry_number = entry;
	if (!desc) { /* an empty slot reads back as Linux's "empty" */
		d->read_exec_only = 1;
		d->seg_not_present = 1;
		return;
	}
	d->base_addr = (uint32_t)(((desc >> 16) & 0xffffff) | ((desc >> 56) << 24));
	d->limit = (uint32_t)((desc & 0xffff) | ((desc >> 48) & 0xf) << 16);
	d->seg_32bit = !!(desc & DESC_32BIT);
	d->contents = (desc & DESC_EXPAND_DOWN) ? 1 : 0;
	d->read_exec_only = !(desc & DESC_WRITABLE);
	d->limit_in_pages = !!(desc & DESC_4K);
	d->seg_not_present = !(desc & DESC_PRESENT);
	d->useable = !!(desc & DESC_AVL);
}

/* Only 32-bit data segments (expand up or down) may go in a TLS slot, or the
 * empty description that clears one: never code, never 16-bit. */
static bool tls_desc_is_allowed(const struct user_desc *d)
{
	return tls_desc_is_empty(d) || (d->seg_32bit && d->contents <= 1);
}

void tls_load(const struct task *t)
{
	for (unsigned i = 0; i < GDT_TLS_ENTRIES; i++)
		gdt_set_raw(GDT_TLS_FIRST + i, t->tls[i]);
}

long sys_set_thread_area(struct user_desc *uinfo)
{
	struct user_desc d;
	if (copy_from_user(&d, uinfo, sizeof(d)))
		return -EFAULT;
	if (!tls_desc_is_allowed(&d))
		return -EINVAL; /* before a slot is picked, as Linux */
	unsigned idx = d.entry_number;
	if (idx == (unsigned)-1) {
		for (idx = 0; idx < GDT_TLS_ENTRIES && current->tls[idx]; idx++)
			;
		if (idx == GDT_TLS_ENTRIES)
			return -ESRCH; /* Linux's answer when all three are in use */
		idx += GDT_TLS_FIRST;
		d.entry_number = idx;
		if (copy_to_user(&uinfo->entry_number, &d.entry_number, sizeof(d.entry_number)))
			return -EFAULT;
	}
	if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_ENTRIES)
		return -EINVAL;
	current->tls[idx - GDT_TLS_FIRST] = tls_encode(&d);
	tls_load(current);
	return 0;
}

long sys_get_thread_area(struct user_desc *uinfo)
{
	unsigned idx;
	if (copy_from_user(&idx, &uinfo->entry_number, sizeof(idx)))
		return -EFAULT;
	if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_ENTRIES)
		return -EINVAL;
	struct user_desc d;
	tls_decode(current->tls[idx - GDT_TLS_FIRST], idx, &d);
	return copy_to_user(uinfo, &d, sizeof(d)) ? -EFAULT : 0;
}
