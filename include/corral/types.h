/*
 * types.h — fixed-width integers and the few basic types every file uses.
 *
 * The kernel is freestanding: it may include only the compiler's own headers
 * (<stdint.h>, <stddef.h>, <stdbool.h>, <stdarg.h>), which carry no code.
 */
#ifndef CORRAL_TYPES_H
#define CORRAL_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t ssize_t;
typedef uint32_t phys_addr_t; /* a physical address (no PAE: 32 bits) */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __unused __attribute__((unused))
#define __noinline __attribute__((noinline))
#define __section(s) __attribute__((section(s)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#endif
