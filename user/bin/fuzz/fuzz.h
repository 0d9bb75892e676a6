/*
 * fuzz.h — the system-call fuzzer's shared pieces (read main.c first).
 *
 *     fuzz [-v] [-b BATCH] CALLS [SEED]
 *
 * The parent (main.c) cuts CALLS into batches and runs each batch in a child
 * it watches (batch.c).  The child (child.c) makes the calls: most come from
 * a table of the system calls Corral implements, each argument made by a
 * generator for its type (calls.c, args.c); some are random numbers with
 * random arguments.  Calls that could hurt something outside the fuzzer go
 * through special code (special.c, sigframe.c, container.c); files are
 * created, changed and removed only in a scratch directory (scratch.c).
 *
 * Everything a child does follows from one number: the batch's seed, made
 * from SEED and the batch number.  So `fuzz CALLS SEED` does the same calls
 * again, and `fuzz -b N CALLS SEED` repeats batch N alone.  Random draws never
 * depend on what a call returned (results are used as values, never to decide
 * how many draws to make), so a replay stays in step with the first run.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <setjmp.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

/* Linux numbers of calls Corral is gaining (the ABI fixes them), for a tree
 * whose <uapi/unistd.h> does not name them yet. */
#ifndef __NR_symlink
#define __NR_gettimeofday 78
#define __NR_settimeofday 79
#define __NR_symlink 83
#define __NR_lchown32 198
#define __NR_clock_settime 264
#define __NR_clock_getres 266
#define __NR_clock_nanosleep 267
#define __NR_fchownat 298
#define __NR_fstatat64 300
#define __NR_symlinkat 304
#define __NR_readlinkat 305
#define __NR_clock_gettime64 403
#define __NR_clock_settime64 404
#define __NR_clock_getres_time64 406
#define __NR_clock_nanosleep_time64 407
#endif

#define FUZZ_BATCH_CALLS 200 /* calls per batch */
#define FUZZ_LOG_FD 63	     /* -v: the console, kept out of every fd generator */
#define FUZZ_PAGE 4096u
#define FUZZ_JUNK_PAGES 16 /* the child's buffer; a PROT_NONE guard page follows it */
#define FUZZ_PATH_MAX 6000 /* room for paths longer than Linux's 4096 */
#define FUZZ_MAX_ERRNO 134
#define FUZZ_FORKS_PER_BATCH 6	     /* per child: each new process exits at once */
#define FUZZ_EXEC_VEC 100	     /* an argv longer than the kernel takes (64) */
#define FUZZ_SHARED_ADDR 0x08000000u /* the parent's page for its children: see main.c */
#define FUZZ_NR_CONTAINER (-2)	     /* the table's pseudo call: an operation on our container */

/* ---- the random numbers (args.c) ---- */

struct fuzz_rng {
	uint32_t state;
};

void rng_seed(struct fuzz_rng *r, uint32_t seed, uint32_t batch);
uint32_t rng_next(struct fuzz_rng *r);
uint32_t rng_below(struct fuzz_rng *r, uint32_t n);    /* 0 .. n-1 */
int rng_percent(struct fuzz_rng *r, uint32_t percent); /* true with that chance */

/* ---- what the parent and its children share: a MAP_SHARED page ---- */

struct fuzz_shared {
	/* Where a new child carries on if this one dies: written by the child
	 * before each call; the parent's watchdog also reads it as progress. */
	uint32_t next_index;
	uint32_t next_rng;
	int32_t current_nr; /* the call being made, for the death report */
	/* Results of the whole run, for the summary. */
	uint32_t nr_returns_ok;
	uint32_t nr_errors[FUZZ_MAX_ERRNO + 2]; /* by errno; the last slot: larger ones */
	uint32_t nr_sigreturns_landed;
};

/* ---- the parent's run (main.c, batch.c) ---- */

struct fuzz_run {
	uint32_t calls, seed;
	long only_batch; /* -b, or -1 */
	int verbose, is_root;
	char scratch[64];   /* /tmp/fuzz.PID */
	char container[64]; /* /configfs/container/fuzzPID */
	struct fuzz_shared *shared;
	uint32_t nr_calls, nr_batches, nr_children;
	uint32_t nr_signal_deaths, nr_watchdog_kills, nr_setup_failures, nr_cleanup_failures;
	uint32_t nr_deaths_by[64];
};

void batch_catch_interrupt(void);
int batch_was_interrupted(void);
void batch_run(struct fuzz_run *run, uint32_t batch);

/* ---- the child's state ---- */

struct fuzz_child {
	struct fuzz_rng rng;
	struct fuzz_shared *shared;
	uint32_t seed, batch;
	uint32_t call_index, calls_end; /* within the run */
	int verbose, is_root;
	pid_t self, parent;
	const char *scratch; /* /tmp/fuzz.PID: the run's scratch directory */
	char batch_dir[96];  /* scratch/bN: the only files this batch changes */
	char container[64];  /* the only container it touches */
	char *junk;	     /* FUZZ_JUNK_PAGES pages of random bytes, then a guard page */
	uintptr_t brk0;	     /* the break when the child started */
	int recent_fds[8];   /* descriptors calls returned: likely-open candidates */
	uint32_t recent_fd_next;
	uintptr_t maps[8]; /* addresses mmap2 returned */
	uint32_t maps_next;
	pid_t grandchildren[FUZZ_FORKS_PER_BATCH];
	int nr_forks;
	uint32_t path_next;
	/* Argument structures the generators fill in. */
	int pipe_fds[2];
	uint32_t sigset[2];
	uint32_t sigact[5];
	uint32_t iov[8][2];
	int32_t timespec[2];
	int32_t timespec64[4]; /* struct __kernel_timespec: 64-bit seconds, nanoseconds */
	int32_t itimerval[4];  /* setitimer: interval then value, each seconds and microseconds */
	int32_t pollfds[16];
	uint32_t fdsets[3][32]; /* select's read, write and except sets: 1024 bits each */
	uint32_t select_args[5];
	uint32_t sigmask_arg[2]; /* pselect6's {sigset pointer, size} */
	const char *exec_vec[FUZZ_EXEC_VEC + 1];
	jmp_buf resume; /* where a sigreturn that landed well continues */
};

/* A call as made and shown by -v: the number, its name (NULL for one picked
 * by number), its arguments, and which of them are paths (shown as text too). */
struct fuzz_call {
	long nr;
	const char *name;
	long arg[6];
	int nr_args;
	uint8_t is_path[6];
	uint8_t with_df; /* made with the direction flag set */
};

/* ---- argument generators (args.c) ---- */

long arg_fd(struct fuzz_child *c);
long arg_bad_fd(struct fuzz_child *c);
long arg_buffer(struct fuzz_child *c);
long arg_bad_pointer(struct fuzz_child *c);
long arg_unreadable_pointer(struct fuzz_child *c);
long arg_length(struct fuzz_child *c);
long arg_offset(struct fuzz_child *c);
long arg_flags(struct fuzz_child *c);
long arg_mode(struct fuzz_child *c);
long arg_pid(struct fuzz_child *c);
long arg_signal(struct fuzz_child *c);
long arg_id(struct fuzz_child *c);
long arg_any(struct fuzz_child *c);
const char *arg_path(struct fuzz_child *c);	    /* any path: for calls that only look */
const char *arg_scratch_path(struct fuzz_child *c); /* a path that may be changed */
int fuzz_is_own_string(const void *p);
void fuzz_remember_fd(struct fuzz_child *c, long fd);
void fuzz_remember_map(struct fuzz_child *c, long addr);

/* ---- making calls (calls.c, special.c, sigframe.c) ---- */

void fuzz_one_call(struct fuzz_child *c);
long fuzz_syscall(struct fuzz_child *c, struct fuzz_call *call);
void fuzz_call_begin(struct fuzz_child *c, const struct fuzz_call *call);
void fuzz_call_end(struct fuzz_child *c, const struct fuzz_call *call, long ret);
void fuzz_log_call(struct fuzz_child *c, const struct fuzz_call *call);
void fuzz_log_result(struct fuzz_child *c, long ret);
void special_call(struct fuzz_child *c, struct fuzz_call *call);
void container_fuzz_one(struct fuzz_child *c);
long special_sigaction_arg(struct fuzz_child *c);
long fork_and_exit(long nr, long a1, long a2, long a3, long a4, long a5);
long syscall_with_df(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long sigframe_return(struct fuzz_child *c, struct fuzz_call *call);
void sigframe_init(struct fuzz_child *c);

/* ---- the child and the scratch directory (child.c, scratch.c) ---- */

_Noreturn void child_run(struct fuzz_child *c);
int scratch_create(char *dir, size_t size);
int scratch_make_batch_dir(const char *dir);
int scratch_remove(const char *dir);
void scratch_container_name(char *out, size_t size, pid_t owner);
int scratch_container_remove(const char *container);

#endif
