/*
 * container.c — the fuzzer's operations on its own container (root only:
 * others get EACCES, which is tested too).
 *
 * The container is /configfs/container/fuzzPID, named after the parent;
 * the parent removes it after each batch (scratch.c).  One operation is a
 * mkdir or rmdir of it, a mkdir of a name the kernel must refuse beside or
 * below it, or a write of one attribute: open, write, close, each a logged
 * call.  What is written is chosen here, never random bytes: addtask and
 * rmtask get 0 or the child's own pid (never another process: the shell in
 * a container the fuzzer limits would be a poor shell), addfile and rmfile a
 * scratch path; the limits every odd number and word.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "fuzz.h"

#define PICK(c, table) ((table)[rng_below(&(c)->rng, sizeof(table) / sizeof((table)[0]))])

static void call_set3(struct fuzz_call *call, int nr_args, long a0, long a1, long a2)
{
	call->nr_args = nr_args;
	call->arg[0] = a0, call->arg[1] = a1, call->arg[2] = a2;
}

static const char *container_value(struct fuzz_child *c, const char *attr, char *buf)
{
	static const char *const limits[] = {
	    "max",   "0",    "1",    "100", "4294967295", "4294967296",		  "-1",	  "abc",
	    " 5 \n", "hard", "soft", "",    "max\n",	  "18446744073709551616", "0x10", "1 2"};
	static const char *const pids[] = {"0", "-1",	      "2147483632", "abc",
					   "",	"4294967296", " 0 \n",	    "0 0"};
	uint32_t r = rng_next(&c->rng);
	const char *scratch_file = arg_scratch_path(c);
	if (strcmp(attr, "addtask") == 0 || strcmp(attr, "rmtask") == 0) {
		if (r % 4 == 0) {
			snprintf(buf, 32, "%d\n", (int)c->self);
			return buf;
		}
		return pids[(r >> 8) % (sizeof(pids) / sizeof(pids[0]))];
	}
	if (strcmp(attr, "addfile") == 0 || strcmp(attr, "rmfile") == 0)
		return fuzz_is_own_string(scratch_file) ? scratch_file : "/nope";
	if (r % 5 == 0) {
		snprintf(buf, 32, "%u", rng_next(&c->rng) >> (r % 32));
		return buf;
	}
	return limits[(r >> 8) % (sizeof(limits) / sizeof(limits[0]))];
}

/* Write one attribute: open, write, close, each a logged call. */
static void container_write(struct fuzz_child *c, const char *path, const char *value, long flags)
{
	struct fuzz_call call = {.nr = __NR_open, .name = "open"};
	call_set3(&call, 3, (long)(uintptr_t)path, flags, 0);
	call.is_path[0] = 1;
	long fd = fuzz_syscall(c, &call);
	call = (struct fuzz_call){.nr = __NR_write, .name = "write"};
	call_set3(&call, 3, fd, (long)(uintptr_t)value, (long)strlen(value));
	call.is_path[1] = 1;
	fuzz_syscall(c, &call);
	if (fd >= 0)
		__sc1(__NR_close, fd);
}

static void container_mkdir_rmdir(struct fuzz_child *c, long nr, const char *path, long mode)
{
	struct fuzz_call call = {.nr = nr, .name = nr == __NR_mkdir ? "mkdir" : "rmdir"};
	call_set3(&call, nr == __NR_mkdir ? 2 : 1, (long)(uintptr_t)path, mode, 0);
	call.is_path[0] = 1;
	fuzz_syscall(c, &call);
}

void container_fuzz_one(struct fuzz_child *c)
{
	static const char *const attrs[] = {"page_limit", "task_limit", "limit_mode", "addtask",
					    "rmtask",	  "addfile",	"rmfile",     "id",
					    "stat",	  "nope",	"addtask",    "page_limit"};
	static const char *const odd_names[] = {"!", "/sub", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
						"/.."};
	static const long write_flags[] = {O_WRONLY, O_WRONLY | O_TRUNC, O_RDWR,
					   O_WRONLY | O_APPEND, O_RDONLY};
	uint32_t op = rng_below(&c->rng, 10);
	const char *attr = PICK(c, attrs);
	const char *odd = PICK(c, odd_names);
	long mode = arg_mode(c), flags = PICK(c, write_flags);
	static char value_buf[32], path[128]; /* static: -v prints what is in the image */
	const char *value = container_value(c, attr, value_buf);
	if (op < 3) {
		container_mkdir_rmdir(c, __NR_mkdir, c->container, mode);
	} else if (op < 4) {
		container_mkdir_rmdir(c, __NR_rmdir, c->container, 0);
	} else if (op < 5) {
		/* Names the kernel must refuse (or, for "/..", is not ours to remove:
		 * only mkdir is tried with it).  scratch_container_remove cleans up
		 * any it wrongly accepted. */
		snprintf(path, sizeof(path), "%s%s", c->container, odd);
		container_mkdir_rmdir(c, __NR_mkdir, path, mode);
	} else {
		snprintf(path, sizeof(path), "%s/%s", c->container, attr);
		container_write(c, path, value, flags);
	}
}
