/*
 * uaccess.c — system calls reach user memory only through these functions.
 *
 * The range check keeps user pointers out of the kernel half; the copy itself
 * (arch/x86/usercopy.asm) may fault, and the fault handler either brings the
 * page in (demand zero, copy on write, stack growth — exactly as for the user
 * program itself) or makes the copy stop early, which becomes -EFAULT.
 */
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/task.h>
#include <corral/string.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>

uint32_t user_copy_bytes(void *dst, const void *src, size_t n);

/* No mapped VMA may forbid the access.  Addresses in no VMA are left to the
 * fault handler (it may grow the stack into them, or refuse: -EFAULT).  This
 * catches what the copy itself cannot: a PROT_NONE page is still present for
 * ring 0, which would otherwise read it on the program's behalf. */
static bool user_vmas_allow(uintptr_t start, size_t n, bool is_write)
{
	if (!current || !current->mm)
		return true;
	for (uintptr_t a = ALIGN_DOWN(start, PAGE_SIZE); a < start + n;) {
		struct vma *v = vma_find(current->mm, a);
		if (!v) {
			a += PAGE_SIZE;
			continue;
		}
		uint32_t need = is_write ? VM_WRITE : VM_READ;
		if (!(v->flags & need))
			return false;
		a = v->end;
	}
	return true;
}

bool user_range_is_ok(const void *user_ptr, size_t n, bool is_write)
{
	uintptr_t a = (uintptr_t)user_ptr;
	if (a < PAGE_SIZE || a > KERNEL_BASE || n > KERNEL_BASE - a)
		return false;
	return user_vmas_allow(a, n, is_write);
}

int copy_from_user(void *dst, const void *user_src, size_t n)
{
	if (!user_range_is_ok(user_src, n, false))
		return -EFAULT;
	return user_copy_bytes(dst, user_src, n) ? -EFAULT : 0;
}

int copy_to_user(void *user_dst, const void *src, size_t n)
{
	if (!user_range_is_ok(user_dst, n, true))
		return -EFAULT;
	return user_copy_bytes(user_dst, src, n) ? -EFAULT : 0;
}

int strncpy_from_user(char *dst, const char *user_src, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (!user_range_is_ok(user_src + i, 1, false) ||
		    user_copy_bytes(&dst[i], user_src + i, 1))
			return -EFAULT;
		if (dst[i] == '\0')
			return (int)i;
	}
	return -ENAMETOOLONG;
}

int user_buffer_prepare(void *user_ptr, size_t n, bool is_write)
{
	if (!user_range_is_ok(user_ptr, n, is_write) || !current->mm)
		return -EFAULT;
	int err = fault_in_range(current->mm, (uintptr_t)user_ptr, n, is_write);
	return err == -ENXIO ? -EFAULT : err; /* past a mapped file's end: EFAULT; ENOMEM too */
}
