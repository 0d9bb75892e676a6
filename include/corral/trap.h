/*
 * trap.h — the saved CPU state of an interrupt, exception or system call, and
 * how handlers are installed.
 *
 * arch/x86/trap_entry.asm builds a struct trap_frame on the kernel stack for
 * every vector and calls trap_dispatch().  Hardware interrupts (IRQ 0..15) are
 * remapped by the PIC to vectors 32..47.
 */
#ifndef CORRAL_TRAP_H
#define CORRAL_TRAP_H

#include <corral/types.h>

struct trap_frame {
	uint32_t gs, fs, es, ds;                        /* pushed by trap_common */
	uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax; /* pusha */
	uint32_t vector, error_code;                    /* pushed by the stub */
	uint32_t eip, cs, eflags;                       /* pushed by the CPU */
	uint32_t user_esp, user_ss;                     /* only from ring 3 */
};

#define IRQ_BASE_VECTOR 32
#define IRQ_COUNT 16
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1
#define IRQ_COM1 4
#define SYSCALL_VECTOR 0x80

/* Exceptions by vector. */
#define EXC_DIVIDE 0
#define EXC_INVALID_OPCODE 6
#define EXC_GENERAL_PROTECTION 13
#define EXC_PAGE_FAULT 14

typedef void (*irq_handler_t)(struct trap_frame *frame);

void gdt_init(void);
void idt_init(void);
void pic_init(void);
void pic_unmask(unsigned irq);
void pic_mask(unsigned irq);
bool pic_irq_is_spurious(unsigned irq); /* IRQ 7 or 15 that nobody raised */
void pic_send_eoi(unsigned irq);
void irq_register(unsigned irq, irq_handler_t handler);
uint32_t irq_count(unsigned irq); /* interrupts handled on this line since boot */

void trap_dispatch(struct trap_frame *frame);
void trap_return(void); /* arch/x86/trap_entry.asm: pop a trap frame, iret */
void syscall_dispatch(struct trap_frame *frame); /* kernel/syscall.c: int 0x80 */
const char *trap_exception_name(unsigned vector);
void trap_print_frame(const struct trap_frame *frame);

static inline bool trap_from_user(const struct trap_frame *frame)
{
	return (frame->cs & 3) == 3;
}

#endif
