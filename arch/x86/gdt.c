/*
 * gdt.c — the global descriptor table and the task state segment.
 *
 * Corral uses flat segments (base 0, limit 4 GiB) and relies on paging for
 * protection; segments only carry the privilege level.  The single TSS exists
 * for one field: esp0, the kernel stack the CPU loads when an interrupt or
 * system call arrives from ring 3.  Layout and selectors: include/corral/gdt.h.
 *
 * Rings stay the kernel's: there is no LDT (LDTR is loaded null, so every
 * selector with TI=1 faults), no call gate, and the only ring-3 descriptors
 * are the flat user code and data segments.  Selectors that come back from
 * user memory (sigreturn frames) are checked by gdt_selector_is_user_data().
 * docs/security.md has the whole picture.
 */
#include <corral/gdt.h>
#include <corral/string.h>

struct gdt_entry {
	uint16_t limit_low;
	uint16_t base_low;
	uint8_t base_mid;
	uint8_t access;
	uint8_t limit_high_flags;
	uint8_t base_high;
} __packed;

struct gdt_pointer {
	uint16_t limit;
	uint32_t base;
} __packed;

/* The 32-bit TSS as the CPU defines it; we use ss0/esp0 and the I/O map base. */
struct tss {
	uint32_t prev_task, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __packed;

#define ACCESS_PRESENT 0x80
#define ACCESS_RING3 0x60
#define ACCESS_CODE_OR_DATA 0x10
#define ACCESS_EXECUTABLE 0x08
#define ACCESS_RW 0x02
#define ACCESS_TSS32 0x09
#define FLAGS_4K_32BIT 0xc0 /* granularity 4 KiB, 32-bit operands */

static struct gdt_entry gdt[GDT_ENTRIES];
static struct tss tss;

static void gdt_set(int index, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	struct gdt_entry *e = &gdt[index];
	e->limit_low = limit & 0xffff;
	e->base_low = base & 0xffff;
	e->base_mid = (base >> 16) & 0xff;
	e->access = access;
	e->limit_high_flags = ((limit >> 16) & 0x0f) | flags;
	e->base_high = (base >> 24) & 0xff;
}

void gdt_set_raw(int index, uint64_t desc)
{
	memcpy(&gdt[index], &desc, sizeof(desc));
}

static void gdt_load(void)
{
	struct gdt_pointer ptr = {sizeof(gdt) - 1, (uint32_t)(uintptr_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "mov %2, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 "mov %%ax, %%ss\n\t"
			 :
			 : "m"(ptr), "i"(SEL_KERNEL_CODE), "i"(SEL_KERNEL_DATA)
			 : "eax", "memory");
	__asm__ volatile("ltr %w0" ::"r"(SEL_TSS));
	/* A null LDT.  Left alone, LDTR keeps whatever the firmware or the CPU's
	 * reset state put there (base 0, limit 0xffff): every selector with
	 * TI=1 would then read its descriptor from user memory, and a user
	 * could build a call gate into ring 0 there.  With LDTR null, any TI=1
	 * selector faults. */
	__asm__ volatile("lldt %w0" ::"r"(0));
}

uint16_t gdt_read_ldtr(void)
{
	uint16_t sel;
	__asm__ volatile("sldt %0" : "=r"(sel));
	return sel;
}

bool gdt_selector_is_user_data(uint32_t sel)
{
	if (sel > 0xffff)
		return false;
	if ((sel & ~3u) == 0)
		return true; /* a null selector (any RPL): loads fine, faults on use */
	if ((sel & 7) != 3)
		return false; /* TI=1 (LDT) or not RPL 3 */
	unsigned index = sel >> 3;
	if (index == SEL_USER_DATA >> 3)
		return true;
	/* Thread-local storage slots, once set_thread_area fills them, are user
	 * data segments too: accept one only while it holds a present ring-3
	 * data descriptor. */
	const uint8_t want = ACCESS_PRESENT | ACCESS_RING3 | ACCESS_CODE_OR_DATA;
	return index >= GDT_TLS_FIRST && index < GDT_ENTRIES &&
	       (gdt[index].access & (want | ACCESS_EXECUTABLE)) == want;
}

void gdt_init(void)
{
	const uint8_t code = ACCESS_PRESENT | ACCESS_CODE_OR_DATA | ACCESS_EXECUTABLE | ACCESS_RW;
	const uint8_t data = ACCESS_PRESENT | ACCESS_CODE_OR_DATA | ACCESS_RW;

	gdt_set(1, 0, 0xfffff, code, FLAGS_4K_32BIT);
	gdt_set(2, 0, 0xfffff, data, FLAGS_4K_32BIT);
	gdt_set(3, 0, 0xfffff, code | ACCESS_RING3, FLAGS_4K_32BIT);
	gdt_set(4, 0, 0xfffff, data | ACCESS_RING3, FLAGS_4K_32BIT);

	memset(&tss, 0, sizeof(tss));
	tss.ss0 = SEL_KERNEL_DATA;
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap: ring 3 gets no ports */
	gdt_set(5, (uint32_t)(uintptr_t)&tss, sizeof(tss) - 1, ACCESS_PRESENT | ACCESS_TSS32, 0);
	gdt_load();
}

void tss_set_kernel_stack(uintptr_t esp0)
{
	tss.esp0 = esp0;
}
