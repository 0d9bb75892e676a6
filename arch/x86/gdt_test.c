/*
 * gdt_test.c — self tests of the segment rules (arch/x86/gdt.c) and of the
 * fixup that turns a bad selector on the way back to user mode into a killed
 * task instead of a panic (arch/x86/trap.c, trap_entry.asm).
 *
 * The fixup tests run a kernel thread that builds a trap frame on its own
 * stack and leaves through trap_return, exactly as a task returning to user
 * mode does.  If the selector loads, the thread lands in
 * thread_left_normally() and exits 0; if it faults, the fixup must kill the
 * thread with SIGSEGV.  Both outcomes are seen by the parent's wait.
 */
#include <corral/gdt.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/signal.h>

KTEST(gdt_no_ldt_is_loaded)
{
	KT_EXPECT_EQ(ctx, gdt_read_ldtr(), 0);
}

KTEST(gdt_user_may_load_only_user_data_selectors)
{
	KT_EXPECT(ctx, gdt_selector_is_user_data(0));
	KT_EXPECT(ctx, gdt_selector_is_user_data(3));         /* null, RPL 3 */
	KT_EXPECT(ctx, gdt_selector_is_user_data(SEL_USER_DATA));
	KT_EXPECT(ctx, !gdt_selector_is_user_data(0x0007));   /* LDT index 0 */
	KT_EXPECT(ctx, !gdt_selector_is_user_data(0x1007));   /* LDT index 512 */
	KT_EXPECT(ctx, !gdt_selector_is_user_data(0x0013));   /* kernel data, RPL 3 */
	KT_EXPECT(ctx, !gdt_selector_is_user_data(SEL_KERNEL_DATA));
	KT_EXPECT(ctx, !gdt_selector_is_user_data(SEL_KERNEL_CODE | 3));
	KT_EXPECT(ctx, !gdt_selector_is_user_data(SEL_TSS | 3));
	KT_EXPECT(ctx, !gdt_selector_is_user_data(SEL_USER_DATA & ~3u)); /* RPL 0 */
	KT_EXPECT(ctx, !gdt_selector_is_user_data((GDT_TLS_FIRST << 3) | 3)); /* empty slot */
	KT_EXPECT(ctx, !gdt_selector_is_user_data((GDT_ENTRIES << 3) | 3));   /* past the end */
	KT_EXPECT(ctx, !gdt_selector_is_user_data(0x10023));  /* not 16 bits */
}

static __attribute__((noreturn)) void thread_left_normally(void)
{
	task_exit(0);
}

/* Leave through trap_return with a frame whose gs (or cs, with a privilege
 * change) is *arg. */
static void thread_return_through(void *arg)
{
	const uint32_t *sel = arg;
	struct trap_frame f;
	memset(&f, 0, sizeof(f));
	f.ds = f.es = f.fs = SEL_KERNEL_DATA;
	f.gs = sel[0];
	f.cs = sel[1];
	f.eip = (uint32_t)(uintptr_t)thread_left_normally;
	f.eflags = 0x202;
	f.user_ss = SEL_USER_DATA;
	f.user_esp = 0;
	__asm__ volatile("movl %0, %%esp\n\tjmp trap_return" ::"r"(&f) : "memory");
}

static int run_and_reap(const uint32_t sel[2])
{
	return ktest_run_thread("ktest-seg", thread_return_through, (void *)sel);
}

KTEST(gdt_bad_selector_on_return_kills_the_task)
{
	static const uint32_t good[2] = {0, SEL_KERNEL_CODE};
	static const uint32_t kernel_data_rpl3[2] = {0x13, SEL_KERNEL_CODE};
	static const uint32_t ldt_selector[2] = {0x07, SEL_KERNEL_CODE};
	static const uint32_t ldt_code_on_iret[2] = {0, 0x0f};
	KT_EXPECT_EQ(ctx, run_and_reap(good), 0); /* the frame itself is sound */
	KT_EXPECT_EQ(ctx, run_and_reap(kernel_data_rpl3), SIGSEGV);
	KT_EXPECT_EQ(ctx, run_and_reap(ldt_selector), SIGSEGV);
	KT_EXPECT_EQ(ctx, run_and_reap(ldt_code_on_iret), SIGSEGV);
}
