/*
 * fpu.c — floating point and SSE belong to each process: the x87 and SSE
 * registers, control word and MXCSR survive switches to other processes,
 * forks, exec (which resets them) and signal handlers (which start clean and
 * give the interrupted code its registers back).
 *
 * The values live in registers the compiler never uses here (XMM0..7: the
 * programs are built for i686 without SSE; the x87 control word and MXCSR
 * rounding modes), loaded and read with inline assembly, plus an x87
 * computation whose result depends on the rounding mode.  Each process uses
 * its own values, so a state that leaked from another process shows.
 * Next: clock.c.
 */
#include "usertests.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PINGPONG_ROUNDS 300
#define SIGNAL_ROUNDS 50

struct fpu_values {
	uint32_t xmm[8];   /* one word in the low lane of each XMM register */
	uint16_t fcw;      /* x87 control word */
	uint32_t mxcsr;
};

/* Two distinct states: different rounding modes everywhere. */
static const struct fpu_values state_a = {
    {0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555, 0x66666666, 0x77777777, 0x1234},
    0x037f, /* round to nearest */
    0x1f80,
};
static const struct fpu_values state_b = {
    {0xa1a1a1a1, 0xb2b2b2b2, 0xc3c3c3c3, 0xd4d4d4d4, 0xe5e5e5e5, 0xf6f6f6f6, 0x07070707, 0x4321},
    0x0f7f, /* round toward zero */
    0x7f80, /* round toward zero */
};

#define LOAD_XMM(n, v) __asm__ volatile("movd %0, %%xmm" #n ::"r"(v))
#define STORE_XMM(n, v) __asm__ volatile("movd %%xmm" #n ", %0" : "=r"(v))

static void fpu_load(const struct fpu_values *v)
{
	LOAD_XMM(0, v->xmm[0]);
	LOAD_XMM(1, v->xmm[1]);
	LOAD_XMM(2, v->xmm[2]);
	LOAD_XMM(3, v->xmm[3]);
	LOAD_XMM(4, v->xmm[4]);
	LOAD_XMM(5, v->xmm[5]);
	LOAD_XMM(6, v->xmm[6]);
	LOAD_XMM(7, v->xmm[7]);
	__asm__ volatile("fldcw %0\n\tldmxcsr %1" ::"m"(v->fcw), "m"(v->mxcsr));
}

static void fpu_read(struct fpu_values *v)
{
	STORE_XMM(0, v->xmm[0]);
	STORE_XMM(1, v->xmm[1]);
	STORE_XMM(2, v->xmm[2]);
	STORE_XMM(3, v->xmm[3]);
	STORE_XMM(4, v->xmm[4]);
	STORE_XMM(5, v->xmm[5]);
	STORE_XMM(6, v->xmm[6]);
	STORE_XMM(7, v->xmm[7]);
	__asm__ volatile("fnstcw %0\n\tstmxcsr %1" : "=m"(v->fcw), "=m"(v->mxcsr));
}

static int fpu_matches(const struct fpu_values *want)
{
	struct fpu_values now;
	memset(&now, 0, sizeof(now));
	fpu_read(&now);
	/* MXCSR's low six bits are sticky exception flags that arithmetic sets. */
	return memcmp(now.xmm, want->xmm, sizeof(now.xmm)) == 0 && now.fcw == want->fcw &&
	       (now.mxcsr & ~0x3fu) == want->mxcsr;
}

/* 5/3 in the x87's current rounding mode: the last bit differs between
 * round-to-nearest (up, for 1.1010...) and round-toward-zero. */
static uint64_t x87_five_thirds(void)
{
	uint64_t bits;
	const int32_t five = 5, three = 3;
	__asm__ volatile("fildl %1\n\tfidivl %2\n\tfstpl %0" : "=m"(bits) : "m"(five), "m"(three));
	return bits;
}

/* SSE2 arithmetic: sqrt(2) * sqrt(2) with the operands in memory. */
static uint64_t sse_sqrt2_squared(void)
{
	static const double two = 2.0;
	uint64_t bits;
	__asm__ volatile("sqrtsd %1, %%xmm7\n\tmulsd %%xmm7, %%xmm7\n\tmovsd %%xmm7, %0"
			 : "=m"(bits)
			 : "m"(two));
	return bits;
}

/* Each process checks its own state and arithmetic after every switch. */
static void pingpong_player(const struct fpu_values *mine, int in, int out, int first)
{
	struct fpu_values v = *mine;
	fpu_load(&v);
	uint64_t thirds = x87_five_thirds(), sse = sse_sqrt2_squared();
	STORE_XMM(7, v.xmm[7]); /* sse_sqrt2_squared used XMM7 */
	char token = 'x';
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		if (!first || i > 0)
			ut_read_all(in, &token, 1);
		if (!fpu_matches(&v) || x87_five_thirds() != thirds || sse_sqrt2_squared() != sse)
			ut_fail("round %d: FPU/SSE state changed across a switch", i);
		ut_write_all(out, &token, 1);
	}
}

static void test_fpupingpong(void)
{
	int to_child[2], to_parent[2];
	ut_pipe(to_child);
	ut_pipe(to_parent);
	pid_t pid = ut_fork();
	if (pid == 0) {
		pingpong_player(&state_b, to_child[0], to_parent[1], 0);
		_exit(0);
	}
	pingpong_player(&state_a, to_parent[0], to_child[1], 1);
	ut_expect_exit(pid, 0);
	/* The two rounding modes must really give different results, or the
	 * arithmetic check above could not see a mix-up. */
	fpu_load(&state_a);
	uint64_t nearest = x87_five_thirds();
	fpu_load(&state_b);
	UT_CHECK(x87_five_thirds() != nearest);
}

static void test_fpufork(void)
{
	fpu_load(&state_a);
	pid_t pid = ut_fork();
	if (pid == 0) {
		if (!fpu_matches(&state_a))
			ut_fail("the child did not inherit its parent's FPU state");
		fpu_load(&state_b);
		_exit(fpu_matches(&state_b) ? 0 : 1);
	}
	ut_expect_exit(pid, 0);
	UT_CHECK(fpu_matches(&state_a));
}

/* The exec side: "usertests -x fpu" (exec.c) calls this. */
int ut_fpu_check_default(void)
{
	struct fpu_values now;
	fpu_read(&now);
	for (int i = 0; i < 8; i++)
		if (now.xmm[i] != 0)
			return 1;
	return now.fcw == 0x037f && now.mxcsr == 0x1f80 ? 0 : 1;
}

static void test_fpuexec(void)
{
	pid_t pid = ut_fork();
	if (pid == 0) {
		fpu_load(&state_b);
		char *argv[] = {(char *)ut_self, "-x", "fpu", NULL};
		char *envp[] = {NULL};
		execve(ut_self, argv, envp);
		ut_fail("execve(%s): %s", ut_self, ut_errno_name(errno));
	}
	ut_expect_exit(pid, 0);
}

static volatile int nr_handled, handler_saw_clean_fpu = 1;
static int ack_fd = -1;

/* A handler starts with a clean FPU (Linux's rule), and may scribble on it. */
static void on_usr1(int sig)
{
	(void)sig;
	struct fpu_values now;
	fpu_read(&now);
	if (now.fcw != 0x037f || now.mxcsr != 0x1f80)
		handler_saw_clean_fpu = 0;
	fpu_load(&state_a);
	nr_handled++;
	write(ack_fd, "k", 1);
}

/* The child computes with x87 and SSE in state B while the parent signals it;
 * each handler loads state A, and sigreturn must bring B back. */
static void fpusignal_child(int ready_fd)
{
	ut_catch_signal(SIGUSR1, on_usr1);
	struct fpu_values v = state_b;
	fpu_load(&v);
	uint64_t thirds = x87_five_thirds(), sse = sse_sqrt2_squared();
	STORE_XMM(7, v.xmm[7]); /* sse_sqrt2_squared used XMM7 */
	write(ready_fd, "r", 1);
	while (nr_handled < SIGNAL_ROUNDS) { /* x87 and SSE arithmetic, interrupted */
		if (!fpu_matches(&v) || x87_five_thirds() != thirds || sse_sqrt2_squared() != sse)
			_exit(2);
	}
	_exit(handler_saw_clean_fpu ? 0 : 3);
}

static void test_fpusignal(void)
{
	int acks[2];
	ut_pipe(acks);
	ack_fd = acks[1];
	pid_t pid = ut_fork();
	if (pid == 0)
		fpusignal_child(acks[1]);
	char c;
	ut_read_all(acks[0], &c, 1); /* ready */
	for (int i = 0; i < SIGNAL_ROUNDS; i++) {
		UT_CHECK_OK(kill(pid, SIGUSR1));
		ut_read_all(acks[0], &c, 1); /* handled */
	}
	int status = ut_wait(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char what[64];
		ut_describe_status(status, what, sizeof(what));
		ut_fail("the child %s (2: state lost in a handler, 3: handler saw a dirty FPU)",
			what);
	}
}

const struct ut_test ut_fpu_tests[] = {
    {"fpupingpong", test_fpupingpong},
    {"fpufork", test_fpufork},
    {"fpuexec", test_fpuexec},
    {"fpusignal", test_fpusignal},
    {NULL, NULL},
};
