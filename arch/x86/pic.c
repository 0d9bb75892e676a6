/*
 * pic.c — the two 8259A interrupt controllers.
 *
 * At power-on the PICs deliver IRQs 0-7 on vectors 8-15, which collide with CPU
 * exceptions; pic_init() remaps IRQs 0-15 to vectors 32-47 and masks them all.
 * Drivers unmask their line once their handler is registered.  IRQ 2 is the
 * cascade from the second PIC and stays unmasked.  A spurious IRQ 7 or 15 (the
 * line dropped before the CPU asked) is recognised by its in-service bit being
 * clear, and must not get an end-of-interrupt from the PIC that did not raise it.
 */
#include <corral/trap.h>
#include <corral/x86.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define PIC_READ_ISR 0x0b
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086 0x01
#define IRQ_CASCADE 2

static uint16_t irq_mask = 0xffff; /* bit set = masked; changed with interrupts off */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	io_wait();
	outb(PIC1_DATA, IRQ_BASE_VECTOR); /* ICW2: vector offsets */
	io_wait();
	outb(PIC2_DATA, IRQ_BASE_VECTOR + 8);
	io_wait();
	outb(PIC1_DATA, 1 << IRQ_CASCADE); /* ICW3: slave on IRQ 2 */
	io_wait();
	outb(PIC2_DATA, IRQ_CASCADE); /* ICW3: slave identity */
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	irq_mask = 0xffff & ~(1u << IRQ_CASCADE);
	pic_write_mask();
}

void pic_unmask(unsigned irq)
{
	uint32_t flags = read_eflags();
	cli();
	irq_mask &= ~(1u << irq);
	pic_write_mask();
	if (flags & EFLAGS_IF)
		sti();
}

void pic_mask(unsigned irq)
{
	uint32_t flags = read_eflags();
	cli();
	irq_mask |= 1u << irq;
	pic_write_mask();
	if (flags & EFLAGS_IF)
		sti();
}

static uint16_t pic_read_in_service(void)
{
	outb(PIC1_CMD, PIC_READ_ISR);
	outb(PIC2_CMD, PIC_READ_ISR);
	return (uint16_t)(inb(PIC1_CMD) | (inb(PIC2_CMD) << 8));
}

bool pic_irq_is_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return false;
	if (pic_read_in_service() & (1u << irq))
		return false;
	if (irq == 15) /* the master did see the cascade interrupt */
		outb(PIC1_CMD, PIC_EOI);
	return true;
}

void pic_send_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}
