/*
 * idt.c — the interrupt descriptor table.
 *
 * All 256 vectors point at the stubs of arch/x86/trap_entry.asm.  All are
 * interrupt gates (the CPU clears IF on entry, so handlers start with
 * interrupts off); only the system-call vector 0x80 may be invoked from ring 3
 * with `int`.  What happens next: arch/x86/trap.c.
 */
#include <corral/gdt.h>
#include <corral/trap.h>

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t zero;
	uint8_t type_attr;
	uint16_t offset_high;
} __packed;

struct idt_pointer {
	uint16_t limit;
	uint32_t base;
} __packed;

#define GATE_INTERRUPT32 0x8e /* present, ring 0, 32-bit interrupt gate */
#define GATE_RING3 0x60

extern const uint32_t trap_stub_table[256];
static struct idt_gate idt[256];

static void idt_set_gate(unsigned vector, uint32_t handler, uint8_t type_attr)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = SEL_KERNEL_CODE,
		.type_attr = type_attr,
		.offset_high = handler >> 16,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set_gate(v, trap_stub_table[v], GATE_INTERRUPT32);
	idt_set_gate(SYSCALL_VECTOR, trap_stub_table[SYSCALL_VECTOR],
		     GATE_INTERRUPT32 | GATE_RING3);

	struct idt_pointer ptr = {sizeof(idt) - 1, (uint32_t)(uintptr_t)idt};
	__asm__ volatile("lidt %0" ::"m"(ptr));
}
