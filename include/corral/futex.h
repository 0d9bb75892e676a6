/*
 * futex.h — futex WAIT/WAKE and the thread-id words of clone and
 * set_tid_address (kernel/futex.c).
 */
#ifndef CORRAL_FUTEX_H
#define CORRAL_FUTEX_H

#include <corral/types.h>
#include <uapi/futex.h>
#include <uapi/time.h>

struct mm;
struct task;

/* Wake up to n tasks sleeping in FUTEX_WAIT on uaddr of mm; how many. */
int futex_wake(struct mm *mm, uintptr_t uaddr, int n);
/* At exit, with the address space still there: clear the task's
 * clear_child_tid word (CLONE_CHILD_CLEARTID, set_tid_address) and wake one
 * waiter on it. */
void futex_exit_release(struct task *t);
/* A forked child's first step (arch/x86/switch.asm): write its tid at
 * set_child_tid (CLONE_CHILD_SETTID), in its own address space. */
void futex_fork_child_start(void);

/* A futex's identity (exposed for the self tests, kernel/futex_test.c): in
 * a shared file mapping the inode and the offset in the file, so that every
 * process mapping the file meets there; anywhere else mm and the address. */
struct futex_key {
	const void *object; /* the inode of a shared mapping, else the mm */
	uint64_t offset;    /* in the file, else the address */
};
struct futex_key futex_key_of(struct mm *mm, uintptr_t uaddr);

long sys_futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *utimeout);
long sys_set_tid_address(int *uptr);
long sys_set_robust_list(void *uhead, size_t len);
long sys_get_robust_list(int pid, void **uhead_ptr, size_t *ulen);

#endif
