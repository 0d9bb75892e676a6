/*
 * fault.c — do something a user program must not, and let the kernel kill it:
 *
 *     fault null     write to address 0                     SIGSEGV  (exit 139 in sh)
 *     fault kernel   write to 0xc0100000, kernel memory     SIGSEGV  (139)
 *     fault priv     execute cli, a ring-0 instruction      SIGSEGV  (139)
 *     fault div      divide by zero                         SIGFPE   (136)
 *     fault ud       execute ud2, an undefined instruction  SIGILL   (132)
 *     fault stack    recurse without end                    SIGSEGV  (139)
 *     fault all      run each of the above in a child and check the signal
 *
 * Each fault is written in assembly so the compiler can neither remove it nor
 * replace it with something else (GCC turns a plain NULL store into ud2).  The
 * program says what it is about to do first, so a log shows which step died.
 * If it survives, it says so and exits 1.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct fault {
	const char *name;
	const char *what;
	int signal; /* what the kernel should kill us with */
	void (*run)(void);
};

static void fault_null(void)
{
	__asm__ volatile("movl $1, 0" ::: "memory");
}

static void fault_kernel(void)
{
	__asm__ volatile("movl $1, 0xc0100000" ::: "memory");
}

static void fault_priv(void)
{
	__asm__ volatile("cli");
}

static void fault_div(void)
{
	__asm__ volatile("movl $1, %%eax\n\t"
			 "xorl %%edx, %%edx\n\t"
			 "xorl %%ecx, %%ecx\n\t"
			 "divl %%ecx" ::
			     : "eax", "ecx", "edx");
}

static void fault_ud(void)
{
	__asm__ volatile("ud2");
}

static volatile int stack_never = -1; /* hides the endlessness from the compiler */

static __attribute__((noinline)) int recurse(int depth)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	if (depth == stack_never)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void fault_stack(void)
{
	recurse(0);
}

static const struct fault faults[] = {
    {"null", "writing to address 0", SIGSEGV, fault_null},
    {"kernel", "writing to kernel memory at 0xc0100000", SIGSEGV, fault_kernel},
    {"priv", "executing cli, a privileged instruction", SIGSEGV, fault_priv},
    {"div", "dividing by zero", SIGFPE, fault_div},
    {"ud", "executing ud2, an undefined instruction", SIGILL, fault_ud},
    {"stack", "recursing until the stack runs out", SIGSEGV, fault_stack},
};

#define NR_FAULTS (int)(sizeof(faults) / sizeof(faults[0]))

static int run_fault(const struct fault *f)
{
	printf("fault: %s (expect %s)\n", f->what, strsignal(f->signal));
	fflush(stdout);
	f->run();
	printf("fault: %s: survived!\n", f->name);
	return 1;
}

/* Run every fault in a child; report each child's end. */
static int run_all(void)
{
	int failed = 0;
	for (int i = 0; i < NR_FAULTS; i++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0) {
			perror("fault: fork");
			return 1;
		}
		if (pid == 0)
			_exit(run_fault(&faults[i]));
		int status;
		if (waitpid(pid, &status, 0) < 0) {
			perror("fault: waitpid");
			return 1;
		}
		int ok = WIFSIGNALED(status) && WTERMSIG(status) == faults[i].signal;
		printf("fault %s: %s (%s)\n", faults[i].name, ok ? "OK" : "FAILED",
		       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "not killed");
		failed += !ok;
	}
	return failed ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: fault null|kernel|priv|div|ud|stack|all\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	if (strcmp(argv[1], "all") == 0)
		return run_all();
	for (int i = 0; i < NR_FAULTS; i++)
		if (strcmp(argv[1], faults[i].name) == 0)
			return run_fault(&faults[i]);
	return usage();
}
