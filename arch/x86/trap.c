/*
 * trap.c — where every interrupt, exception and system call lands.
 *
 * trap_dispatch() sorts a trap by vector: hardware interrupts go to the
 * handler registered for their IRQ (then the PIC gets its end-of-interrupt),
 * system calls go to kernel/syscall.c, page faults to the fault handler
 * (mm/fault.c).  An exception the handler cannot fix kills a user process with
 * the matching signal (SIGSEGV, SIGFPE, SIGILL); in kernel mode it is a kernel
 * bug: report, then panic with a backtrace from the faulting frame — except a
 * fault while copying user memory (arch/x86/usercopy.asm), which makes the
 * copy fail with -EFAULT.  On the way back to user mode a task may be switched
 * out (its time slice is over) and its pending signals are delivered.
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/panic.h>
#include <corral/task.h>
#include <corral/printk.h>
#include <corral/trap.h>
#include <corral/x86.h>
#include <uapi/errno.h>

static irq_handler_t irq_handlers[IRQ_COUNT];
static uint32_t nr_spurious_irqs;
static uint32_t nr_irqs[IRQ_COUNT]; /* handled, by line (/proc/stat's intr) */

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

static void trap_handle_irq(struct trap_frame *frame)
{
	unsigned irq = frame->vector - IRQ_BASE_VECTOR;
	if (pic_irq_is_spurious(irq)) {
		nr_spurious_irqs++;
		return;
	}
	nr_irqs[irq]++;
	if (irq_handlers[irq])
		irq_handlers[irq](frame);
	pic_send_eoi(irq);
}

uint32_t irq_count(unsigned irq)
{
	return irq < IRQ_COUNT ? nr_irqs[irq] : 0; /* one aligned word: read whole */
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

extern char user_copy_may_fault_words[], user_copy_fixup_words[];
extern char user_copy_may_fault_bytes[], user_copy_fixup_bytes[];

/* Where a user copy resumes if the fault at eip cannot be fixed, or NULL if
 * eip is not one of the copy's two instructions (arch/x86/usercopy.asm). */
static char *user_copy_fixup_for(uintptr_t eip)
{
	if (eip == (uintptr_t)user_copy_may_fault_words)
		return user_copy_fixup_words;
	if (eip == (uintptr_t)user_copy_may_fault_bytes)
		return user_copy_fixup_bytes;
	return NULL;
}

/* A page fault the fault handler may fix: from user mode, or from the two
 * kernel instructions that touch user memory on a system call's behalf. */
static bool trap_fix_page_fault(struct trap_frame *frame)
{
	uintptr_t addr = read_cr2();
	bool is_write = frame->error_code & 2;
	if (trap_from_user(frame)) {
		sti(); /* handling a user fault may take a while; interrupts may come */
		int err = fault_handle_user(current->mm, addr, is_write, frame->user_esp);
		if (err == -ENOMEM) { /* a valid access, but no page to give it */
			printk(KERN_ERR "%s[%d]: out of memory at address %p: killed\n",
			       current->name, current->pid, (void *)addr);
			signal_force(current, SIGKILL);
			return true;
		}
		if (err == -ENXIO) { /* a file mapping with no file behind it there */
			printk(KERN_ERR "%s[%d]: bus error at address %p (past the end of a "
					"mapped file, or a read error): killed by signal %d\n",
			       current->name, current->pid, (void *)addr, SIGBUS);
			signal_force(current, SIGBUS);
			return true;
		}
		return err == 0;
	}
	char *fixup = user_copy_fixup_for(frame->eip);
	if (!fixup || addr >= KERNEL_BASE || !current->mm)
		return false;
	if (frame->eflags & EFLAGS_IF)
		sti(); /* as the copy ran: a swap-in or a file read sleeps for the disk */
	if (fault_handle_user(current->mm, addr, is_write, current->user_frame->user_esp) != 0)
		frame->eip = (uintptr_t)fixup; /* the copy stops: -EFAULT */
	return true;
}

static int trap_signal_for(unsigned vector)
{
	switch (vector) {
	case EXC_DIVIDE:
	case 16: /* x87 */
	case 19: /* SIMD */
		return SIGFPE;
	case EXC_INVALID_OPCODE:
		return SIGILL;
	case 3: /* int3 */
	case 1:
		return SIGTRAP;
	default:
		return SIGSEGV;
	}
}

/* A user program faulted: say so on the console, as a teacher would want. */
static void trap_kill_user(struct trap_frame *frame)
{
	int sig = trap_signal_for(frame->vector);
	printk(KERN_ERR "%s[%d]: %s at eip %p", current->name, current->pid,
	       trap_exception_name(frame->vector), (void *)frame->eip);
	if (frame->vector == EXC_PAGE_FAULT)
		printk(KERN_ERR " address %p", (void *)read_cr2());
	printk(KERN_ERR ": killed by signal %d\n", sig);
	signal_force(current, sig);
}

extern const uintptr_t trap_return_loads[]; /* trap_entry.asm, 0-terminated */

static bool trap_is_return_load(uintptr_t eip)
{
	for (const uintptr_t *p = trap_return_loads; *p; p++)
		if (*p == eip)
			return true;
	return false;
}

/* A segment load on the way back to user mode faulted (trap_return's pops or
 * iret): the selector the task left in its frame is no good.  sigreturn
 * checks selectors, so this is the second line of defence, e.g. for a
 * descriptor that changed while the task slept.  The task dies, as on Linux;
 * the kernel does not.  Nothing is held here: trap_dispatch has finished. */
static void trap_fix_return_fault(struct trap_frame *frame)
{
	printk(KERN_ERR "%s[%d]: bad segment selector %04x on return to user mode: killed by "
			"signal %d\n",
	       current->name, current->pid, frame->error_code & 0xffff, SIGSEGV);
	sti();
	task_exit(SIGSEGV);
}

static void trap_handle_exception(struct trap_frame *frame)
{
	if (frame->vector == EXC_PAGE_FAULT && trap_fix_page_fault(frame))
		return;
	if (!trap_from_user(frame) && trap_is_return_load(frame->eip))
		trap_fix_return_fault(frame); /* does not return */
	if (trap_from_user(frame)) {
		trap_kill_user(frame);
		return;
	}

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
	if (trap_from_user(frame))
		current->syscall_nr = -1; /* set again if this is a system call */
	if (frame->vector >= IRQ_BASE_VECTOR && frame->vector < IRQ_BASE_VECTOR + IRQ_COUNT)
		trap_handle_irq(frame);
	else if (frame->vector == SYSCALL_VECTOR)
		syscall_dispatch(frame);
	else if (frame->vector < 32)
		trap_handle_exception(frame);
	else
		pr_warn("trap: unexpected vector %u ignored\n", frame->vector);

	if (trap_from_user(frame)) {
		if (sched_need_resched())
			schedule();
		signal_deliver(frame);
	}
}
