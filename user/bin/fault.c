/*
 * fault.c — do something a user program must not, and let the kernel kill it:
 *
 *     fault null     write to address 0                     SIGSEGV  (exit 139 in sh)
 *     fault kernel   write to 0xc0100000, kernel memory     SIGSEGV  (139)
 *     fault priv     execute cli, a ring-0 instruction      SIGSEGV  (139)
 *     fault div      divide by zero                         SIGFPE   (136)
 *     fault ud       execute ud2, an undefined instruction  SIGILL   (132)
 *     fault stack    recurse without end                    SIGSEGV  (139)
 *     fault ldt      load an LDT selector (TI=1) into %fs    SIGSEGV  (139)
 *     fault kseg     load the kernel's data segment (0x13)   SIGSEGV  (139)
 *     fault callgate map page 0x1000, build a call gate there
 *                    and lcall through it into ring 0        SIGSEGV  (139)
 *     fault sigreturn  return from a signal frame whose %fs
 *                    is the kernel's data segment           SIGSEGV  (139)
 *     fault all      run each of the above in a child and check the signal
 *
 * ldt, kseg, callgate and sigreturn are the attacks of docs/security.md: each
 * once got a user program into ring 0 or panicked the kernel.
 *
 * Each fault is written in assembly so the compiler can neither remove it nor
 * replace it with something else (GCC turns a plain NULL store into ud2).  The
 * program says what it is about to do first, so a log shows which step died.
 * If it survives, it says so and exits 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usage.h>

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

static void fault_ldt(void)
{
	/* Index 0 of the LDT, RPL 3.  With no LDT loaded: #GP. */
	__asm__ volatile("movw $0x0007, %%ax\n\tmovw %%ax, %%fs" ::: "eax");
}

static void fault_kseg(void)
{
	__asm__ volatile("movw $0x0013, %%ax\n\tmovw %%ax, %%ds" ::: "eax");
}

/* The attack that once worked: the CPU's reset LDT (base 0, limit 0xffff)
 * read descriptors from user memory, so a call gate written at 0x1000 made
 * selector 0x1007 a door into the kernel's code segment. */
static void fault_callgate(void)
{
	void *low = mmap((void *)0x1000, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (low == MAP_FAILED) {
		printf("fault: mmap at 0x1000: %s (as it should be)\n", strerror(errno));
	} else {
		printf("fault: mmap at 0x1000 succeeded: it must not\n");
		uint32_t target = 0xc0100000; /* somewhere in the kernel's code */
		uint32_t *gate = low;
		gate[0] = (target & 0xffff) | (0x08u << 16);       /* kernel code selector */
		gate[1] = (target & 0xffff0000u) | 0xec00;         /* present, DPL 3, call gate */
	}
	fflush(stdout);
	static const uint16_t far_pointer[3] = {0, 0, 0x1007}; /* offset 0, selector 0x1007 */
	__asm__ volatile("lcall *%0" ::"m"(far_pointer) : "memory");
}

static void sigreturn_survived(void)
{
	printf("fault: sigreturn: survived!\n");
	fflush(stdout);
	_exit(1);
}

/* Call rt_sigreturn on a hand-made frame: every register sane except %fs,
 * which holds 0x13, the kernel's data segment with RPL 3.  Loading it in ring 0
 * on the way out used to panic the kernel. */
static void fault_sigreturn(void)
{
	static uint32_t frame[128];
	static uint32_t stack[256];
	uint32_t *sc = &frame[40]; /* rt_sigframe.uc.uc_mcontext, relative to esp */
	sc[0] = 0;                 /* gs */
	sc[1] = 0x13;              /* fs: the kernel's data segment */
	sc[2] = sc[3] = 0x23;      /* es, ds */
	sc[7] = (uint32_t)(uintptr_t)&stack[200];             /* esp */
	sc[14] = (uint32_t)(uintptr_t)sigreturn_survived;     /* eip */
	sc[16] = 0x202;                                       /* eflags */
	__asm__ volatile("movl %0, %%esp\n\t"
			 "movl $173, %%eax\n\t"
			 "int $0x80" ::"r"(frame)
			 : "eax", "memory");
}

static const struct fault faults[] = {
    {"null", "writing to address 0", SIGSEGV, fault_null},
    {"kernel", "writing to kernel memory at 0xc0100000", SIGSEGV, fault_kernel},
    {"priv", "executing cli, a privileged instruction", SIGSEGV, fault_priv},
    {"div", "dividing by zero", SIGFPE, fault_div},
    {"ud", "executing ud2, an undefined instruction", SIGILL, fault_ud},
    {"stack", "recursing until the stack runs out", SIGSEGV, fault_stack},
    {"ldt", "loading an LDT selector into fs", SIGSEGV, fault_ldt},
    {"kseg", "loading the kernel's data segment into ds", SIGSEGV, fault_kseg},
    {"callgate", "calling into ring 0 through an LDT call gate", SIGSEGV, fault_callgate},
    {"sigreturn", "returning from a signal with the kernel's data segment in fs", SIGSEGV,
     fault_sigreturn},
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

static const char usage[] =
    "usage: fault null|kernel|priv|div|ud|stack|ldt|kseg|callgate|sigreturn|all\n";

int main(int argc, char **argv)
{
	while (usage_getopt(argc, argv, "", usage) != -1)
		continue; /* no options but --help */
	if (optind == argc)
		usage_error("missing fault name");
	if (argc - optind > 1)
		usage_error("extra operand '%s'", argv[optind + 1]);
	const char *name = argv[optind];
	if (strcmp(name, "all") == 0)
		return run_all();
	for (int i = 0; i < NR_FAULTS; i++)
		if (strcmp(name, faults[i].name) == 0)
			return run_fault(&faults[i]);
	usage_error("no fault named '%s'", name);
}
