/*
 * panic.h — stopping the kernel when it finds itself wrong.
 *
 * panic() prints "panic: <reason>" and a symbolized frame-pointer backtrace,
 * then halts (or leaves QEMU with status 3 under `selftest` or `panic=exit`).
 * assert() is for what cannot happen; never for what user space can cause.
 */
#ifndef CORRAL_PANIC_H
#define CORRAL_PANIC_H

#include <corral/types.h>

void panic(const char *fmt, ...) __noreturn __printf(1, 2);
/* Like panic(), but the backtrace starts at the given frame pointer (a trap). */
void panic_at(uintptr_t ebp, uintptr_t eip, const char *fmt, ...) __noreturn __printf(3, 4);
void backtrace_print(uintptr_t ebp);

/* Leave QEMU (status 3) instead of halting: set under selftest or panic=exit. */
extern bool panic_exits_qemu;

#define assert(cond)                                                               \
	do {                                                                       \
		if (unlikely(!(cond)))                                             \
			panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

/* Symbol lookup for backtraces (kernel/ksyms.c). */
void ksyms_init(const char *text, size_t len);
/* Name of the function containing addr, and the offset into it; NULL if unknown. */
const char *ksyms_lookup(uintptr_t addr, uintptr_t *offset, char *name_buf, size_t size);

/* Leave QEMU through the isa-debug-exit device: QEMU exits with code*2+1. */
#define QEMU_EXIT_SUCCESS 0x10 /* status 33 */
#define QEMU_EXIT_FAILURE 0x11 /* status 35 */
#define QEMU_EXIT_PANIC 0x01   /* status 3 */
void qemu_exit(uint8_t code) __noreturn;
void machine_reboot(void) __noreturn;

#endif
