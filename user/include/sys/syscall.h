/*
 * sys/syscall.h — the raw system-call entry (int $0x80, Linux i386 convention).
 *
 * __syscall() returns what the kernel left in eax: a result, or -errno in
 * -4095..-1.  __syscall_ret() turns that into the C convention (-1 and errno).
 * The numbers come from <uapi/unistd.h>.  Implemented in lib/syscall.S.
 */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#include <uapi/unistd.h>

long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long __syscall_ret(long raw);

#define __sc0(n) __syscall((n), 0, 0, 0, 0, 0, 0)
#define __sc1(n, a) __syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define __sc2(n, a, b) __syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define __sc3(n, a, b, c) __syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __sc4(n, a, b, c, d) __syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __sc5(n, a, b, c, d, e)                                                                    \
	__syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define __sc6(n, a, b, c, d, e, f)                                                                 \
	__syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* The usual case: a call whose failure is reported through errno. */
#define syscall0(n) __syscall_ret(__sc0(n))
#define syscall1(n, a) __syscall_ret(__sc1(n, a))
#define syscall2(n, a, b) __syscall_ret(__sc2(n, a, b))
#define syscall3(n, a, b, c) __syscall_ret(__sc3(n, a, b, c))
#define syscall4(n, a, b, c, d) __syscall_ret(__sc4(n, a, b, c, d))
#define syscall5(n, a, b, c, d, e) __syscall_ret(__sc5(n, a, b, c, d, e))
#define syscall6(n, a, b, c, d, e, f) __syscall_ret(__sc6(n, a, b, c, d, e, f))

#endif
