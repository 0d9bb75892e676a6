/*
 * args.c — the fuzzer's random numbers and its argument generators.
 *
 * A generator returns one argument of a kind (a descriptor, a buffer, a
 * length, a path ...).  Each mixes plausible values, which get a call past
 * its first checks, with the values kernels get wrong: NULL, kernel addresses
 * (>= 0xC0000000), unmapped pages, buffers that run off the end of a mapping
 * or straddle the user/kernel boundary, lengths near 2^31 and 2^32,
 * descriptors just past the table (FILES_MAX is 64), paths past PATH_MAX.
 *
 * Two kinds of path: arg_path() for calls that only look (stat, open for
 * reading, chdir) may name anything -- /proc, /configfs, the ext2 disk at
 * /mnt, odd and long paths;
 * arg_scratch_path() for calls that change the tree names only the batch's
 * own directory (and, for root, the fuzzer's own container), so a run never
 * harms the system it runs on.  Neither ever names /dev/console: a child that
 * held the console could steal the shell's input or its ^C (TIOCSPGRP).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

/* ---- random numbers: splitmix32, seeded from (SEED, batch) ---- */

static uint32_t rng_mix(uint32_t z)
{
	z = (z ^ (z >> 16)) * 0x85ebca6bu;
	z = (z ^ (z >> 13)) * 0xc2b2ae35u;
	return z ^ (z >> 16);
}

void rng_seed(struct fuzz_rng *r, uint32_t seed, uint32_t batch)
{
	r->state = rng_mix(seed * 0x9e3779b9u) ^ rng_mix(batch + 0x632be5abu);
}

uint32_t rng_next(struct fuzz_rng *r)
{
	r->state += 0x9e3779b9u;
	return rng_mix(r->state);
}

uint32_t rng_below(struct fuzz_rng *r, uint32_t n)
{
	return n ? rng_next(r) % n : 0;
}

int rng_percent(struct fuzz_rng *r, uint32_t percent)
{
	return rng_below(r, 100) < percent;
}

#define PICK(c, table) ((table)[rng_below(&(c)->rng, sizeof(table) / sizeof((table)[0]))])

/* ---- memory ---- */

static char *junk_end(struct fuzz_child *c)
{
	return c->junk + FUZZ_JUNK_PAGES * FUZZ_PAGE; /* the PROT_NONE guard page */
}

long arg_bad_pointer(struct fuzz_child *c)
{
	static const uint32_t bad[] = {
	    0,		1,	    0xfff,	0x10000,    0x40000000, 0xbfffeff0, /* stack top */
	    0xbfffeffc, 0xbffff000, 0xbffffff0, 0xbfffffff, 0xc0000000, 0xc0100000, 0xc0000000 - 4,
	    0xf0000000, 0xfffff000, 0xfffffff0, 0xffffffff,
	};
	switch (rng_below(&c->rng, 8)) {
	case 0:
		return (long)(uintptr_t)junk_end(c); /* PROT_NONE */
	case 1:
		return (long)(uintptr_t)&rng_next; /* our text: readable, never writable */
	case 2:
		return (long)rng_next(&c->rng);
	default:
		return (long)PICK(c, bad);
	}
}

/* A pointer no call can read: for paths of calls that change things.  (Our
 * text and the top of the stack are readable: the stack's top holds the
 * program's own path, which unlink must never be handed.) */
long arg_unreadable_pointer(struct fuzz_child *c)
{
	static const uint32_t bad[] = {0,	   1,	       0xfff,	   0xbffff000, 0xbffffff0,
				       0xc0000000, 0xc0100000, 0xfffff000, 0xffffffff};
	if (rng_percent(&c->rng, 20))
		return (long)(uintptr_t)junk_end(c);
	return (long)PICK(c, bad);
}

long arg_buffer(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 10);
	uint32_t r = rng_next(&c->rng);
	if (kind < 5)
		return (long)(uintptr_t)(c->junk + r % ((FUZZ_JUNK_PAGES - 1) * FUZZ_PAGE));
	if (kind == 5)
		return (long)(uintptr_t)(junk_end(c) - 1 - r % 64); /* runs into the guard */
	if (kind == 6) /* a mapping a call made, or junk if there is none: no extra draw */
		return (long)(c->maps[r % 8] ? c->maps[r % 8] + (r >> 8) % FUZZ_PAGE
					     : (uintptr_t)c->junk + (r >> 8) % FUZZ_PAGE);
	return arg_bad_pointer(c);
}

long arg_length(struct fuzz_child *c)
{
	static const uint32_t lengths[] = {
	    0,		1,	    2,		7,	    8,		16,	   64,
	    255,	256,	    4095,	4096,	    4097,	8192,	   65536,
	    0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff, 0x40000000, 0x1000000,
	};
	uint32_t kind = rng_below(&c->rng, 4);
	if (kind == 0)
		return (long)rng_below(&c->rng, 1024);
	if (kind == 1 && rng_percent(&c->rng, 20))
		return (long)rng_next(&c->rng);
	return (long)PICK(c, lengths);
}

long arg_offset(struct fuzz_child *c)
{
	static const uint32_t offsets[] = {0,	       1,	   4095,       4096,
					   0x7fffffff, 0x80000000, 0xffffffff, 0x100000};
	if (rng_percent(&c->rng, 30))
		return (long)rng_below(&c->rng, 20000);
	return (long)PICK(c, offsets);
}

long arg_flags(struct fuzz_child *c)
{
	switch (rng_below(&c->rng, 5)) {
	case 0:
		return 0;
	case 1:
		return (long)(1u << rng_below(&c->rng, 32));
	case 2:
		return (long)(rng_next(&c->rng) & 0xffff);
	case 3:
		return -1;
	default:
		return (long)rng_next(&c->rng);
	}
}

long arg_mode(struct fuzz_child *c)
{
	static const uint32_t modes[] = {0,    0777, 0755,  0644,  0600,       0400,
					 0200, 0111, 07777, 04755, 0xffffffff, 0170777};
	if (rng_percent(&c->rng, 20))
		return (long)rng_next(&c->rng);
	return (long)PICK(c, modes);
}

long arg_id(struct fuzz_child *c)
{
	static const uint32_t ids[] = {0, 1, 1000, 1001, 65534, 65535, 0xffffffff, 0x7fffffff};
	if (rng_percent(&c->rng, 15))
		return (long)rng_next(&c->rng);
	return (long)PICK(c, ids);
}

long arg_signal(struct fuzz_child *c)
{
	static const int32_t odd[] = {0, -1, 65, 128, INT_MIN, 32, 33, 64};
	if (rng_percent(&c->rng, 75))
		return 1 + (long)rng_below(&c->rng, 31);
	if (rng_percent(&c->rng, 20))
		return (long)rng_next(&c->rng);
	return PICK(c, odd);
}

/* A pid for calls that only ask or wait (kill has its own, in special.c). */
long arg_pid(struct fuzz_child *c)
{
	uint32_t r = rng_below(&c->rng, 10);
	uint32_t i = rng_next(&c->rng); /* drawn whether or not there are children */
	int g = c->nr_forks ? c->grandchildren[i % (uint32_t)c->nr_forks] : 0;
	switch (r) {
	case 0:
		return 0;
	case 1:
		return -1;
	case 2:
	case 3:
		return c->self;
	case 4:
		return c->parent;
	case 5:
		return 1;
	case 6:
		return g;
	case 7:
		return 0x7ffffff0; /* no such process */
	case 8:
		return INT_MIN;
	default:
		return (long)rng_next(&c->rng) & 0x7fff;
	}
}

/* ---- descriptors ---- */

long arg_bad_fd(struct fuzz_child *c)
{
	static const int32_t bad[] = {-1, -2,  AT_FDCWD, INT_MIN,    62,     64,
				      65, 255, 1024,	 0x7fffffff, 0x10000};
	return PICK(c, bad);
}

long arg_fd(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 10);
	uint32_t r = rng_next(&c->rng);
	if (kind < 5 && c->recent_fds[r % 8] >= 0)
		return c->recent_fds[r % 8];
	if (kind < 6)
		return (long)(r % 3); /* standard descriptors: /dev/null in the child */
	if (kind < 8)
		return 3 + (long)(r % 20);
	return arg_bad_fd(c);
}

void fuzz_remember_fd(struct fuzz_child *c, long fd)
{
	if (fd < 0 || fd >= 64 || fd == FUZZ_LOG_FD)
		return;
	c->recent_fds[c->recent_fd_next++ % 8] = (int)fd;
}

void fuzz_remember_map(struct fuzz_child *c, long addr)
{
	if ((unsigned long)addr >= 0x10000 && (unsigned long)addr < 0xc0000000u)
		c->maps[c->maps_next++ % 8] = (uintptr_t)addr;
}

/* ---- anything: for system calls picked by number ---- */

long arg_any(struct fuzz_child *c)
{
	switch (rng_below(&c->rng, 8)) {
	case 0: {
		long small = (long)rng_below(&c->rng, 70);
		return small == FUZZ_LOG_FD ? 0 : small;
	}
	case 1:
		return -1;
	case 2:
		return arg_buffer(c);
	case 3:
		return arg_bad_pointer(c);
	case 4:
		return arg_length(c);
	case 5:
		return arg_flags(c);
	default:
		return (long)rng_next(&c->rng);
	}
}

/* ---- paths ---- */

/* Is p one of the generators' own strings (in the program's image), which
 * may be read, rather than a bad pointer made to fault? */
int fuzz_is_own_string(const void *p)
{
	extern char _end[];
	uintptr_t a = (uintptr_t)p;
	return a >= 0x08048000u && a < (uintptr_t)_end;
}

/* A call uses at most three paths: each gets its own buffer. */
static char *path_buffer(struct fuzz_child *c)
{
	static char buffers[3][FUZZ_PATH_MAX];
	return buffers[c->path_next++ % 3];
}

/* "prefix" then `unit` repeated up to `len` characters. */
static const char *path_repeat(struct fuzz_child *c, const char *prefix, const char *unit,
			       size_t len)
{
	char *p = path_buffer(c);
	size_t n = strlen(prefix), u = strlen(unit);
	memcpy(p, prefix, n);
	while (n + u < len && n + u < FUZZ_PATH_MAX - 1) {
		memcpy(p + n, unit, u);
		n += u;
	}
	while (n < len && n < FUZZ_PATH_MAX - 1)
		p[n++] = 'x';
	p[n] = '\0';
	return p;
}

/* Lengths at the kernel's limits: NAME_MAX 255, PATH_MAX 1024, Linux's 4096. */
static const char *path_long(struct fuzz_child *c, const char *prefix)
{
	static const uint32_t lengths[] = {254,	 255,  256,  257,  1022, 1023,
					   1024, 1025, 4095, 4096, 4097, 5000};
	size_t len = PICK(c, lengths);
	switch (rng_below(&c->rng, 3)) {
	case 0:
		return path_repeat(c, prefix, "n", len + strlen(prefix)); /* one long name */
	case 1:
		return path_repeat(c, prefix, "./", len);
	default:
		return path_repeat(c, prefix, "d0/", len);
	}
}

/* Paths for calls that only look.  No /dev/console here, on purpose. */
static const char *const look_paths[] = {
    "/",
    "//",
    "/.",
    "/..",
    "",
    ".",
    "..",
    "nope",
    "/nope/deeper",
    "/proc",
    "/proc/",
    "/proc/self",
    "/proc/self/status",
    "/proc/self/maps",
    "/proc/self/cmdline",
    "/proc/self/container",
    "/proc/self/../..",
    "/proc/self/nope",
    "/proc/self/status/",
    "/proc/1/status",
    "/proc/1/maps",
    "/proc/0/status",
    "/proc/99999/status",
    "/proc/-1/status",
    "/proc/meminfo",
    "/proc/vmstat",
    "/proc/mounts",
    "/proc/container_audit",
    "/proc/./self/../1/cmdline",
    "/configfs",
    "/configfs/container",
    "/configfs/container/description",
    "/configfs/container/../container/description",
    "/configfs/container/nope/stat",
    "/configfs/nope",
    "/dev",
    "/dev/",
    "/dev/null",
    "/dev/zero",
    "/dev/nope",
    "/bin",
    "/bin/sh",
    "/bin/true",
    "/bin/sh/",
    "/bin/sh/x",
    "/etc/rc",
    "/etc",
    "/etc/mtab",     /* a symbolic link: ../proc/mounts */
    "/bin/poweroff", /* ... to halt (looked at, never run) */
    "/tmp",
    "/tmp/",
    "/mnt",	   /* ext2, when the data disk is there; its small files only: */
    "/mnt/README", /* test_fuzz.py reads them before it measures memory */
    "/mnt/hello.txt",
    "/mnt/fastlink",
    "/mnt/slowlink",
    "/mnt/deep",
    "/mnt/many",
    "/mnt/lost+found",
    "/mnt/nope",
    "/mnt/hello.txt/x",
    "/\xff\xfe",
    "/tmp/\xc3\xa9t\xc3\xa9",
    "/proc/self/\x80",
    "/\t/\n",
};

/* The fuzzer's own container and its attributes.  Not addtask, rmtask,
 * addfile or rmfile: what is written to those is chosen in special.c, never
 * random bytes that might name another process or file.  No "/..": that is
 * /configfs/container itself. */
static const char *const container_attrs[] = {
    "",		  "/",		 "/.",		"/id",
    "/num_tasks", "/page_limit", "/task_limit", "/limit_mode",
    "/stat",	  "/showtasks",	 "/freeing",	"/oom_kills",
    "/nope",
};

static const char *path_in_container(struct fuzz_child *c)
{
	char *p = path_buffer(c);
	snprintf(p, FUZZ_PATH_MAX, "%s%s", c->container, PICK(c, container_attrs));
	return p;
}

const char *arg_path(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 20);
	if (kind < 10)
		return PICK(c, look_paths);
	if (kind < 13)
		return arg_scratch_path(c);
	if (kind < 15)
		return path_in_container(c);
	if (kind < 17)
		return path_long(c, rng_percent(&c->rng, 50) ? "/proc/" : "/tmp/");
	return (const char *)arg_bad_pointer(c);
}

/* Names inside the batch directory.  Never "..": d0 may be a symbolic link
 * (to ".", say), and "d0/.." would then be the scratch directory above, and
 * a chain of links could climb to /tmp.  Without ".." in any path or link
 * target a destructive call makes, every lookup only descends from the
 * batch directory (or from the cwd, which is kept inside it). */
static const char *const scratch_names[] = {
    "f0",   "f1",  "f2", "d0", "d1",	   "d0/f0",    "d0/d1",	 "d0/d1/f0", "d1/f1",	"f0/",
    "f0/x", "d0/", ".",	 "",   "\xff\xfe", "\xc3\xa9", "sp ace", "d0/d1/",   "d0/./f1",
};

const char *arg_scratch_path(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 20);
	const char *name = PICK(c, scratch_names);
	if (kind < 11) {
		char *p = path_buffer(c);
		snprintf(p, FUZZ_PATH_MAX, "%s/%s", c->batch_dir, name);
		return p;
	}
	if (kind < 16 && *name)
		return name; /* relative: the child's cwd is always inside the batch directory */
	if (kind < 18) {
		char prefix[128];
		snprintf(prefix, sizeof(prefix), "%s/", c->batch_dir);
		return path_long(c, prefix);
	}
	if (kind == 18 && c->is_root)
		return path_in_container(c);
	return (const char *)arg_unreadable_pointer(c); /* EFAULT */
}
