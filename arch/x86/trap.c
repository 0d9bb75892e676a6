/*
 * trap.c — where every interrupt, exception and system call lands.
 *
 * trap_dispatch() sorts a trap by vector: hardware interrupts go to the
 * handler registered for their IRQ (then the PIC gets its end-of-interrupt),
 * exceptions are reported by name with the saved registers.  An exception in
 * kernel mode is a kernel bug: report, then panic with a backtrace from the
 * faulting frame.  (From issue 3 on, an exception in user mode kills the
 * process instead and page faults go to the fault handler first.)
 */
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/trap.h>
#include <corral/x86.h>

static irq_handler_t irq_handlers[IRQ_COUNT];
static uint32_t nr_spurious_irqs;

static const char *const exception_names[32] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack-segment fault", "general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception", "control protection",
};

const char *trap_exception_name(unsigned vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "reserved";
}

void irq_register(unsigned irq, irq_handler_t handler)
{
	assert(irq < IRQ_COUNT);
	irq_handlers[irq] = handler;
}

void pic_send_eoi(unsigned irq);
bool pic_irq_is_spurious(unsigned irq);

static void trap_handle_irq(struct trap_frame *frame)
{
	unsigned irq = frame->vector - IRQ_BASE_VECTOR;
	if (pic_irq_is_spurious(irq)) {
		nr_spurious_irqs++;
		return;
	}
	if (irq_handlers[irq])
		irq_handlers[irq](frame);
	pic_send_eoi(irq);
}

/* Decode a page-fault error code: what the CPU tried and why it failed. */
static void trap_print_page_fault(const struct trap_frame *frame)
{
	uint32_t err = frame->error_code;
	printk(KERN_EMERG "  cr2=%p (%s, %s, %s mode%s)\n", (void *)read_cr2(),
	       err & 1 ? "protection violation" : "page not present",
	       err & 2 ? "write" : "read", err & 4 ? "user" : "kernel",
	       err & 16 ? ", instruction fetch" : "");
}

void trap_print_frame(const struct trap_frame *frame)
{
	printk(KERN_EMERG "  eip=%p cs=%04x eflags=%08x err=%08x\n", (void *)frame->eip,
	       frame->cs, frame->eflags, frame->error_code);
	printk(KERN_EMERG "  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", frame->eax, frame->ebx,
	       frame->ecx, frame->edx);
	printk(KERN_EMERG "  esi=%08x edi=%08x ebp=%08x ds=%04x es=%04x\n", frame->esi,
	       frame->edi, frame->ebp, frame->ds, frame->es);
	if (trap_from_user(frame))
		printk(KERN_EMERG "  user esp=%08x ss=%04x\n", frame->user_esp, frame->user_ss);
}

static void trap_handle_exception(struct trap_frame *frame)
{
	char where[64];
	uintptr_t off;
	const char *fn = ksyms_lookup(frame->eip, &off, where, sizeof(where));

	printk_start_line();
	printk(KERN_EMERG "exception %u (%s) in %s mode at %p <%s+0x%x>\n", frame->vector,
	       trap_exception_name(frame->vector), trap_from_user(frame) ? "user" : "kernel",
	       (void *)frame->eip, fn ? fn : "?", (unsigned)off);
	if (frame->vector == EXC_PAGE_FAULT)
		trap_print_page_fault(frame);
	trap_print_frame(frame);
	panic_at(frame->ebp, frame->eip, "unhandled %s exception %u (%s)",
		 trap_from_user(frame) ? "user" : "kernel", frame->vector,
		 trap_exception_name(frame->vector));
}

void trap_dispatch(struct trap_frame *frame)
{
	if (frame->vector >= IRQ_BASE_VECTOR && frame->vector < IRQ_BASE_VECTOR + IRQ_COUNT)
		trap_handle_irq(frame);
	else if (frame->vector < 32)
		trap_handle_exception(frame);
	else
		pr_warn("trap: unexpected vector %u ignored\n", frame->vector);
}
