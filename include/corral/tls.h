/*
 * tls.h — thread-local storage slots (arch/x86/tls.c): three GDT data segments
 * per task, set by set_thread_area, as on Linux i386.
 */
#ifndef CORRAL_TLS_H
#define CORRAL_TLS_H

#include <corral/types.h>

#define GDT_TLS_ENTRIES 3

/* Linux's struct user_desc (asm/ldt.h): what set_thread_area takes. */
struct user_desc {
	unsigned int entry_number; /* 6..8, or -1: any free slot (written back) */
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit : 1;
	unsigned int contents : 2; /* 0 data, 1 data expand-down, 2 code */
	unsigned int read_exec_only : 1;
	unsigned int limit_in_pages : 1;
	unsigned int seg_not_present : 1;
	unsigned int useable : 1;
};

struct task;

/* The GDT descriptor a user_desc describes (0 for the "empty" description),
 * and back; pure functions, for the self tests too. */
uint64_t tls_encode(const struct user_desc *d);
void tls_decode(uint64_t desc, unsigned entry, struct user_desc *d);

/* Write t's three slots into the GDT (the scheduler, on every switch). */
void tls_load(const struct task *t);

long sys_set_thread_area(struct user_desc *uinfo);
long sys_get_thread_area(struct user_desc *uinfo);

#endif
