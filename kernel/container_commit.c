/*
 * container_commit.c — hard limits may not overcommit memory.
 *
 * Policy: a container in `hard` mode is promised that it can hold page_limit
 * pages; so the hard limits together must fit in the memory the kernel can
 * give to user pages.  That ceiling is fixed at boot as
 *
 *     ceiling = pages free when the kernel is done booting itself
 *               (container_commit_init: after the page allocator, the kernel's
 *               own tables, the initramfs and /configfs are set up, before the
 *               self tests and init)
 *             - the high watermark (mm/vmscan.c: what kswapd keeps free;
 *               read at each check, so a larger min_free_kbytes shrinks it)
 *
 * and committed = the sum of page_limit over the live containers in hard mode,
 * where a hard container whose limit is `max` counts 0: `max` is no promise
 * (the container is bounded by memory as a soft one is), and counting it as
 * the whole ceiling would make the order of two writes matter (limit_mode
 * before page_limit refused, after it accepted).  Soft containers commit
 * nothing: their limits are targets, not promises.
 *
 * A write of page_limit or limit_mode that would make committed pass the
 * ceiling fails with ENOSPC and changes nothing: the setters in
 * kernel/container.c call container_commit_check_locked and make the change
 * under one hold of container_lock.  Lowering a limit or going soft is always
 * allowed (committed only falls), even when a larger min_free_kbytes has put
 * committed over the ceiling.  Next: kernel/container.c (the setters).
 */
#include <corral/container_internal.h>
#include <corral/page.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

static uint32_t boot_free_pages; /* set once at boot */

void container_commit_init(void)
{
	boot_free_pages = page_alloc_nr_free();
}

uint32_t container_commit_ceiling(void)
{
	uint32_t high = vm_watermarks.high;
	return boot_free_pages > high ? boot_free_pages - high : 0;
}

/* What one container commits with this limit and mode. */
static uint64_t commit_of(uint32_t page_limit, enum container_limit_mode mode)
{
	if (mode != CONTAINER_LIMIT_HARD || page_limit == CONTAINER_NO_LIMIT)
		return 0;
	return page_limit;
}

struct commit_sum {
	const struct container *skip; /* the one being changed: counted by the caller */
	uint64_t nr_pages;
};

static int commit_add(struct container *c, void *arg)
{
	struct commit_sum *sum = arg;
	if (c != sum->skip && !c->is_freeing)
		sum->nr_pages += commit_of(c->page_limit, c->limit_mode);
	return 0;
}

static uint64_t committed_locked(const struct container *skip)
{
	struct commit_sum sum = {skip, 0};
	container_for_each_locked(commit_add, &sum);
	return sum.nr_pages;
}

int container_commit_check_locked(const struct container *c, uint32_t page_limit,
				  enum container_limit_mode mode)
{
	uint64_t now = commit_of(c->page_limit, c->limit_mode);
	uint64_t wanted = commit_of(page_limit, mode);
	if (wanted <= now)
		return 0; /* committing less (or the same) is always allowed */
	uint64_t others = committed_locked(c);
	return others + wanted > container_commit_ceiling() ? -ENOSPC : 0;
}

void container_get_committed(uint32_t *nr_hard_pages, uint32_t *nr_ceiling_pages)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint64_t sum = committed_locked(NULL);
	spin_unlock_irqrestore(&container_lock, flags);
	*nr_hard_pages = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
	*nr_ceiling_pages = container_commit_ceiling();
}
