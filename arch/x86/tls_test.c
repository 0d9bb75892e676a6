/*
 * tls_test.c — self tests of thread-local storage (arch/x86/tls.c): the
 * descriptor encoding both ways, which descriptions clear a slot, and that a
 * task's slots are its own across switches (the scheduler loads the next
 * task's into the GDT).  usertests' `tls` tests the same from user space,
 * with %gs.
 */
#include <corral/gdt.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/tls.h>

static struct user_desc glibc_desc(unsigned entry, uint32_t base)
{
	return (struct user_desc){.entry_number = entry, .base_addr = base, .limit = 0xfffff,
				  .seg_32bit = 1, .limit_in_pages = 1, .useable = 1};
}

KTEST(tls_encode_decode_round_trip)
{
	struct user_desc in = glibc_desc(6, 0x0804c0d0), out;
	uint64_t desc = tls_encode(&in);
	/* base 0x0804c0d0, limit 0xfffff, P, DPL 3, data RW, AVL, 32-bit, 4 KiB */
	KT_EXPECT(ctx, desc == 0x08dff204c0d0ffffull);
	tls_decode(desc, 6, &out);
	KT_EXPECT(ctx, memcmp(&in, &out, sizeof(in)) == 0);
	struct user_desc ro = {.entry_number = 7, .base_addr = 0x1000, .limit = 0x10, .seg_32bit = 1,
			       .contents = 1, .read_exec_only = 1};
	tls_decode(tls_encode(&ro), 7, &out);
	KT_EXPECT(ctx, memcmp(&ro, &out, sizeof(ro)) == 0);
}

KTEST(tls_empty_descriptions_clear_the_slot)
{
	struct user_desc old_empty = {.read_exec_only = 1, .seg_not_present = 1};
	struct user_desc zero = {0}, out;
	KT_EXPECT(ctx, tls_encode(&old_empty) == 0);
	KT_EXPECT(ctx, tls_encode(&zero) == 0);
	tls_decode(0, 8, &out);
	KT_EXPECT(ctx, out.entry_number == 8 && out.seg_not_present && out.read_exec_only);
}

static volatile int thread_saw_slot; /* 1: its own slot was in the GDT */

static void thread_check_slot(void *arg)
{
	(void)arg;
	current->tls[0] = 0; /* a kernel thread's slots: empty, as a new task's */
	tls_load(current);
	thread_saw_slot = !gdt_selector_is_user_data(0x33);
}

/* The test's task fills slot 6; a kernel thread with an empty slot 6 runs
 * (its switch loads its own slots), then ours must be back. */
KTEST(tls_slots_follow_the_task_across_switches)
{
	uint64_t saved[GDT_TLS_ENTRIES];
	memcpy(saved, current->tls, sizeof(saved));
	struct user_desc d = glibc_desc(6, 0x1000);
	current->tls[0] = tls_encode(&d);
	tls_load(current);
	KT_EXPECT(ctx, gdt_selector_is_user_data(0x33));
	thread_saw_slot = 0;
	struct task *t = kthread_create("ktest-tls", thread_check_slot, NULL);
	KT_ASSERT(ctx, t != NULL);
	int pid = t->pid, status, got;
	KT_EXPECT(ctx, task_wait(pid, &status, 0, &got) == 0 && got == pid);
	KT_EXPECT(ctx, thread_saw_slot == 1);
	KT_EXPECT(ctx, gdt_selector_is_user_data(0x33)); /* ours again */
	memcpy(current->tls, saved, sizeof(saved));
	tls_load(current);
}
