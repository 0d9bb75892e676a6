/*
 * sigframe.c — the fuzzer's hand-made trips into the kernel: sigreturn with
 * a forged frame, fork that never returns to C in the new process, and any
 * call made with the direction flag set.
 *
 * sigreturn (119) and rt_sigreturn (173) take no arguments: they read a
 * signal frame from the stack and load every register from it.  So the
 * fuzzer builds a frame of random words, lays a sigcontext into it where
 * each call looks, points esp at it and traps:
 *
 *     frame + 0     pretcode   <- rt_sigreturn: frame = esp - 4
 *     frame + 4     sigcontext for sigreturn (Linux: esp - 8 + 8)
 *     frame + 144   ucontext: flags, link, stack (20 bytes), then
 *     frame + 164   sigcontext for rt_sigreturn (88 bytes), then
 *     frame + 252   the signal mask (8 bytes)
 *
 * The registers are random, with the values kernels mishandle: selectors
 * that are not user data segments (0x0007 TI=1, 0x000f, 0x0013 the kernel's
 * data segment with RPL 3, 0x001b user code, 0x002b the TSS, empty TLS
 * slots, random 16-bit values), eip in the kernel or at 0, TF set, an FPU
 * state pointer to random bytes.  The kernel must kill the child (SIGSEGV)
 * or let it go on; it must never fall over on the way back to user mode.
 *
 * Half the frames are good enough to come back: user selectors and eip at
 * sigframe_landing, which reloads the data segments, takes a stack of its
 * own and longjmps into the child's loop, so the batch goes on in whatever
 * state (signal mask, flags, FPU) the frame left behind.
 *
 * The direction flag belongs to user space, which may set it (std) and trap
 * at once: the kernel must clear it on entry, as the C ABI it is compiled for
 * assumes, or its string copies run backwards through memory.
 * syscall_with_df() makes a call that way.
 */
#include <string.h>
#include <sys/syscall.h>

#include "fuzz.h"

#define FRAME_WORDS 160 /* 640 bytes: all of both layouts, and random words around */
#define SC_OLD 1	/* word offsets of the two sigcontexts and the mask */
#define SC_RT 41
#define MASK_RT 63

/* The sigcontext, in the order Linux i386 lays it out. */
enum sc_word {
	SC_GS,
	SC_FS,
	SC_ES,
	SC_DS,
	SC_EDI,
	SC_ESI,
	SC_EBP,
	SC_ESP,
	SC_EBX,
	SC_EDX,
	SC_ECX,
	SC_EAX,
	SC_TRAPNO,
	SC_ERR,
	SC_EIP,
	SC_CS,
	SC_EFLAGS,
	SC_ESP_AT_SIGNAL,
	SC_SS,
	SC_FPSTATE,
	SC_OLDMASK,
	SC_CR2,
	SC_WORDS
};

static uint32_t frame[FRAME_WORDS] __attribute__((aligned(64)));
static struct fuzz_child *landing_child;
uint32_t sigframe_user_ds; /* read by sigframe_landing through %cs */
uint32_t sigframe_saved_esp;

long sigframe_enter(long nr, uint32_t esp);
void sigframe_landing(void);

/*
 * long sigframe_enter(long nr, uint32_t esp): trap with esp pointing at the
 * forged frame.  A sigreturn that works does not come back here; one that
 * fails without killing the task returns -errno with the stack restored.
 *
 * sigframe_landing: where good frames send eip.  Data segments and the
 * direction flag back to what C expects, a stack of its own, then C.
 *
 * long fork_and_exit(long nr, long a1 ... a5): fork, vfork or clone; the
 * new process calls exit(0) at once, using no stack and no memory, which is
 * right even for a vfork or a clone that shares the address space.
 *
 * long syscall_with_df(long nr, long a1 ... a6): __syscall with DF set
 * across the trap (and cleared after it, for our own C code).
 */
__asm__(".text\n"
	".globl sigframe_enter\n"
	"sigframe_enter:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 20(%esp), %eax\n"
	"	movl 24(%esp), %ecx\n"
	"	movl %esp, sigframe_saved_esp\n"
	"	movl %ecx, %esp\n"
	"	int $0x80\n"
	"	movl sigframe_saved_esp, %esp\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n"
	".globl sigframe_landing\n"
	"sigframe_landing:\n"
	"	movl %cs:sigframe_user_ds, %eax\n"
	"	movw %ax, %ds\n"
	"	movw %ax, %es\n"
	"	cld\n"
	"	movl $sigframe_stack_top, %esp\n"
	"	xorl %ebp, %ebp\n"
	"	call sigframe_landed\n"
	"	hlt\n"
	".globl fork_and_exit\n"
	"fork_and_exit:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 20(%esp), %eax\n"
	"	movl 24(%esp), %ebx\n"
	"	movl 28(%esp), %ecx\n"
	"	movl 32(%esp), %edx\n"
	"	movl 36(%esp), %esi\n"
	"	movl 40(%esp), %edi\n"
	"	int $0x80\n"
	"	testl %eax, %eax\n"
	"	jnz 1f\n"
	"	movl $1, %eax\n" /* __NR_exit */
	"	xorl %ebx, %ebx\n"
	"	int $0x80\n"
	"1:	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n"
	".globl syscall_with_df\n"
	"syscall_with_df:\n"
	"	pushl %ebp\n"
	"	pushl %ebx\n"
	"	pushl %esi\n"
	"	pushl %edi\n"
	"	movl 20(%esp), %eax\n"
	"	movl 24(%esp), %ebx\n"
	"	movl 28(%esp), %ecx\n"
	"	movl 32(%esp), %edx\n"
	"	movl 36(%esp), %esi\n"
	"	movl 40(%esp), %edi\n"
	"	movl 44(%esp), %ebp\n"
	"	std\n"
	"	int $0x80\n"
	"	cld\n"
	"	popl %edi\n"
	"	popl %esi\n"
	"	popl %ebx\n"
	"	popl %ebp\n"
	"	ret\n"
	".bss\n"
	".align 16\n"
	"sigframe_stack:\n"
	"	.skip 16384\n"
	"sigframe_stack_top:\n"
	".text\n");

void sigframe_landed(void);
void sigframe_landed(void)
{
	longjmp(landing_child->resume, 1);
}

void sigframe_init(struct fuzz_child *c)
{
	uint32_t ds;
	__asm__ volatile("movl %%ds, %0" : "=r"(ds));
	sigframe_user_ds = ds & 0xffff;
	landing_child = c;
}

#define PICK(c, table) ((table)[rng_below(&(c)->rng, sizeof(table) / sizeof((table)[0]))])

static uint32_t good_selector(struct fuzz_child *c)
{
	static const uint32_t good[] = {0, 0x23, 0x23, 0x23, 1, 3};
	return PICK(c, good);
}

static uint32_t any_selector(struct fuzz_child *c)
{
	static const uint32_t odd[] = {0x0007, 0x000f, 0x0013, 0x002b, 0x001b, 0x0008, 0x0010,
				       0x0033, 0x003b, 0x0043, 0x004b, 0xffff, 0x0004, 0x0028};
	uint32_t kind = rng_below(&c->rng, 10);
	if (kind < 3)
		return good_selector(c);
	if (kind < 8)
		return PICK(c, odd);
	if (kind == 8)
		return rng_next(&c->rng) & 0xffff;
	return rng_next(&c->rng); /* garbage in the padding half too */
}

static uint32_t frame_eip(struct fuzz_child *c, int lands)
{
	static const uint32_t odd[] = {0, 0xc0100000, 0xbffff000, 0xfffffff0, 0x10000};
	uint32_t kind = rng_below(&c->rng, 4);
	uint32_t r = rng_next(&c->rng);
	if (lands)
		return (uint32_t)(uintptr_t)sigframe_landing;
	if (kind == 0)
		return (uint32_t)(uintptr_t)sigframe_landing;
	if (kind == 1)
		return r;
	if (kind == 2)
		return (uint32_t)(uintptr_t)&rng_next + r % 4096; /* the middle of our code */
	return PICK(c, odd);
}

static uint32_t frame_fpstate(struct fuzz_child *c)
{
	uint32_t kind = rng_below(&c->rng, 6);
	uint32_t r = rng_next(&c->rng);
	if (kind < 2)
		return 0; /* no FPU state: a clean FPU */
	if (kind < 4)
		return (uint32_t)(uintptr_t)c->junk + (r % 60) * 64; /* random bytes, aligned */
	if (kind == 4)
		return (uint32_t)(uintptr_t)c->junk + r % 8192;
	return (uint32_t)arg_bad_pointer(c);
}

static void frame_fill_context(struct fuzz_child *c, uint32_t *sc)
{
	int lands = rng_percent(&c->rng, 50);
	for (int i = 0; i < SC_WORDS; i++)
		sc[i] = rng_next(&c->rng);
	sc[SC_GS] = lands ? good_selector(c) : any_selector(c);
	sc[SC_FS] = lands ? good_selector(c) : any_selector(c);
	sc[SC_ES] = lands ? 0x23 : any_selector(c);
	sc[SC_DS] = lands ? 0x23 : any_selector(c);
	sc[SC_CS] = rng_percent(&c->rng, 60) ? 0x1b : any_selector(c);
	sc[SC_SS] = rng_percent(&c->rng, 60) ? 0x23 : any_selector(c);
	sc[SC_EIP] = frame_eip(c, lands);
	if (rng_percent(&c->rng, 85))
		sc[SC_EFLAGS] &= ~0x100u; /* single-stepping would end the child at once */
	sc[SC_FPSTATE] = frame_fpstate(c);
}

long sigframe_return(struct fuzz_child *c, struct fuzz_call *call)
{
	for (int i = 0; i < FRAME_WORDS; i++)
		frame[i] = rng_next(&c->rng);
	frame_fill_context(c, &frame[SC_OLD]);
	frame_fill_context(c, &frame[SC_RT]);
	if (rng_percent(&c->rng, 50))
		frame[MASK_RT] = frame[MASK_RT + 1] = 0; /* block nothing */
	uint32_t esp = (uint32_t)(uintptr_t)&frame[1];
	if (rng_percent(&c->rng, 10))
		esp = (uint32_t)arg_bad_pointer(c); /* the frame itself is unreadable */
	call->nr_args = 1;
	call->arg[0] = (long)esp; /* shown as the argument: where the frame is */
	fuzz_call_begin(c, call);
	long ret = sigframe_enter(call->nr, esp);
	fuzz_call_end(c, call, ret);
	return ret;
}
