/*
 * panic.c — the end of the line: report, backtrace, stop.
 *
 * The backtrace follows the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer): at each frame, [ebp] is the caller's ebp and
 * [ebp+4] the return address.  boot.asm starts the chain with ebp = 0.
 * A panic inside a panic (a fault while printing the first) stops at once,
 * without a second report.
 * Under `selftest` or `panic=exit` the kernel leaves QEMU with status 3 so a
 * test run never hangs on a dead kernel.
 */
#include <corral/memlayout.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/x86.h>

#define BACKTRACE_MAX_FRAMES 32

static bool panic_is_in_progress;
bool panic_exits_qemu; /* set by kmain from the command line */

static void backtrace_print_address(uintptr_t addr)
{
	char name[64];
	uintptr_t off = 0;
	const char *fn = ksyms_lookup(addr, &off, name, sizeof(name));
	printk(KERN_EMERG "  [<%p>] %s+0x%x\n", (void *)addr, fn ? fn : "?", (unsigned)off);
}

static bool frame_pointer_is_sane(uintptr_t ebp)
{
	return ebp >= KERNEL_BASE && (ebp & 3) == 0 && ebp < 0xfffffff0u;
}

void backtrace_print(uintptr_t ebp)
{
	for (int i = 0; i < BACKTRACE_MAX_FRAMES && frame_pointer_is_sane(ebp); i++) {
		const uintptr_t *frame = (const uintptr_t *)ebp;
		uintptr_t return_address = frame[1];
		if (return_address < KERNEL_BASE)
			break;
		/* The call instruction is just before the return address. */
		backtrace_print_address(return_address - 1);
		if (frame[0] <= ebp) /* the chain must move up the stack */
			break;
		ebp = frame[0];
	}
}

static void __noreturn panic_finish(void)
{
	if (panic_exits_qemu)
		qemu_exit(QEMU_EXIT_PANIC);
	for (;;) {
		cli();
		hlt();
	}
}

static void panic_vprint(uintptr_t ebp, uintptr_t eip, const char *fmt, va_list ap)
{
	char reason[256];
	cli();
	if (panic_is_in_progress)
		panic_finish();
	panic_is_in_progress = true;
	printk_break_locks();
	vsnprintf(reason, sizeof(reason), fmt, ap);
	printk_start_line();
	printk(KERN_EMERG "panic: %s\n", reason);
	printk(KERN_EMERG "backtrace:\n");
	if (eip)
		backtrace_print_address(eip);
	backtrace_print(ebp);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_vprint(read_ebp(), 0, fmt, ap);
	va_end(ap);
	panic_finish();
}

void panic_at(uintptr_t ebp, uintptr_t eip, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_vprint(ebp, eip, fmt, ap);
	va_end(ap);
	panic_finish();
}

void spinlock_report_recursion(struct spinlock *lock)
{
	panic("spinlock %s: acquired twice (deadlock)", lock->name);
}
