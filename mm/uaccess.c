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

bool user_range_is_ok(const void *user_ptr, size_t n, bool is_write)
{
	(void)is_write; /* the fault handler checks the VMA's permissions */
	uintptr_t a = (uintptr_t)user_ptr;
	return a >= PAGE_SIZE && a <= KERNEL_BASE && n <= KERNEL_BASE - a;
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
	return fault_in_range(current->mm, (uintptr_t)user_ptr, n, is_write) ? -EFAULT : 0;
}
