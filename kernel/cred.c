/*
 * cred.c — supplementary groups: setgroups and getgroups, in their 32-bit
 * (206, 205) and old 16-bit (81, 80) forms, and the membership test that
 * inode_permission() uses.
 *
 * Policy, as Linux's kernel/groups.c: only root (euid 0, Linux's
 * CAP_SETGID) may set the list; it holds at most CRED_NGROUPS_MAX ids
 * (Linux: NGROUPS_MAX, 65536); it is kept sorted, so getgroups gives the
 * ids in ascending order whatever order setgroups used; duplicates stay.
 * The list lives in struct cred (include/corral/task.h): fork copies it,
 * exec keeps it.
 *
 * The 16-bit forms are i386's old ABI (old_gid_t is an unsigned short): a
 * 16-bit 0xffff means -1 going in (refused, as -1 is in the 32-bit form),
 * and an id that does not fit in 16 bits
 * comes out as the overflow gid 65534, as Linux's high2lowgid does.
 *
 * Read next: fs/inode.c (inode_permission).
 */
#include <corral/string.h>
#include <corral/syscalls.h>
#include <corral/task.h>
#include <corral/uaccess.h>
#include <uapi/errno.h>

#define CRED_OVERFLOW_GID 65534 /* Linux's default /proc/sys/kernel/overflowgid */
#define CRED_GID16_NONE 0xffffu

bool cred_is_in_group(const struct cred *c, uint32_t gid)
{
	if (c->egid == gid)
		return true;
	for (uint32_t i = 0; i < c->nr_groups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/* Insertion sort: at most CRED_NGROUPS_MAX ids. */
static void cred_sort_groups(uint32_t *groups, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		uint32_t g = groups[i], j = i;
		for (; j > 0 && groups[j - 1] > g; j--)
			groups[j] = groups[j - 1];
		groups[j] = g;
	}
}

/* The checks every form shares, in Linux's order: EPERM before EINVAL. */
static long setgroups_check(int size)
{
	if (current->cred.euid != 0)
		return -EPERM;
	if (size < 0 || size > CRED_NGROUPS_MAX)
		return -EINVAL;
	return 0;
}

/* Install a new list: sorted first, so the task never holds it unsorted.
 * The id -1 is "no id" and cannot be a group (Linux: EINVAL). */
static long setgroups_install(uint32_t *groups, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (groups[i] == (uint32_t)-1)
			return -EINVAL;
	cred_sort_groups(groups, n);
	memcpy(current->cred.groups, groups, n * sizeof(groups[0]));
	current->cred.nr_groups = n;
	return 0;
}

long sys_setgroups32(int size, const uint32_t *ulist)
{
	long err = setgroups_check(size);
	if (err)
		return err;
	uint32_t groups[CRED_NGROUPS_MAX];
	if (size && copy_from_user(groups, ulist, (size_t)size * sizeof(groups[0])))
		return -EFAULT;
	return setgroups_install(groups, (uint32_t)size);
}

long sys_setgroups16(int size, const uint16_t *ulist)
{
	long err = setgroups_check(size);
	if (err)
		return err;
	uint16_t groups16[CRED_NGROUPS_MAX];
	uint32_t groups[CRED_NGROUPS_MAX];
	if (size && copy_from_user(groups16, ulist, (size_t)size * sizeof(groups16[0])))
		return -EFAULT;
	for (int i = 0; i < size; i++)
		groups[i] = groups16[i] == CRED_GID16_NONE ? (uint32_t)-1 : groups16[i];
	return setgroups_install(groups, (uint32_t)size);
}

/* getgroups' size rules (Linux): negative is EINVAL; 0 asks for the count and
 * copies nothing; a list smaller than the count is EINVAL.  Returns the count
 * to copy out, or -errno. */
static long getgroups_check(int size)
{
	if (size < 0)
		return -EINVAL;
	uint32_t n = current->cred.nr_groups;
	if (size != 0 && (uint32_t)size < n)
		return -EINVAL;
	return n;
}

long sys_getgroups32(int size, uint32_t *ulist)
{
	long n = getgroups_check(size);
	if (n <= 0 || size == 0)
		return n;
	size_t bytes = (size_t)n * sizeof(current->cred.groups[0]);
	return copy_to_user(ulist, current->cred.groups, bytes) ? -EFAULT : n;
}

long sys_getgroups16(int size, uint16_t *ulist)
{
	long n = getgroups_check(size);
	if (n <= 0 || size == 0)
		return n;
	uint16_t groups16[CRED_NGROUPS_MAX];
	for (long i = 0; i < n; i++) {
		uint32_t g = current->cred.groups[i];
		groups16[i] = g > 0xffffu ? CRED_OVERFLOW_GID : (uint16_t)g;
	}
	return copy_to_user(ulist, groups16, (size_t)n * sizeof(groups16[0])) ? -EFAULT : n;
}
