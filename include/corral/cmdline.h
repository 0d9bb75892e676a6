/*
 * cmdline.h — the kernel command line from GRUB: words "key" or "key=value".
 *
 * Known keys: selftest (run the self tests and leave QEMU), panic=exit,
 * init=PATH, loglevel=N, ktest=PREFIX (run only matching self tests),
 * kmalloc.poison=0|1, fail_alloc=RATE[,SEED] (fault injection, mm/fail_alloc.c).
 * The first word is GRUB's path of the kernel image and is skipped when it
 * starts with '/'.
 */
#ifndef CORRAL_CMDLINE_H
#define CORRAL_CMDLINE_H

#include <corral/types.h>

#define CMDLINE_MAX 256
#define CMDLINE_MAX_PARAMS 16

struct cmdline {
	char text[CMDLINE_MAX]; /* the words, NUL-separated in place */
	struct {
		const char *key;
		const char *value; /* "" for a bare word */
	} params[CMDLINE_MAX_PARAMS];
	int nr_params;
};

/* Parse into cl; returns 0, or -E2BIG when the line is too long or has too many words
 * (what fits is kept). */
int cmdline_parse(struct cmdline *cl, const char *line);
bool cmdline_has(const struct cmdline *cl, const char *key);
const char *cmdline_get(const struct cmdline *cl, const char *key); /* NULL if absent */

/* The boot command line, parsed once by kmain. */
extern struct cmdline boot_cmdline;

#endif
