/*
 * kmem_charge.c — kernel memory charged to containers: the records, the
 * rule against page_limit, and moving them to the root at rmdir.
 *
 * Policy first.  Kernel memory a task causes is charged to its container in
 * bytes (struct kmem_charge in the object that pays, include/corral/kmem.h);
 * the container shows them as num_kernel_pages, its bytes rounded up to whole
 * 4 KiB pages, and they count against page_limit together with its anonymous
 * and file pages (container_usage).  Kernel memory cannot be reclaimed, so a
 * kernel charge that would pass page_limit is refused in soft and hard mode
 * alike, after reclaiming the container's own user pages has failed to make
 * room: the system call that needed it fails with ENOMEM and the container
 * counts a page-limit hit.  (Soft mode's "run over for a while" works for
 * user pages because the handler can take them back; with kernel memory a
 * forkbomb would simply keep what it got.)
 *
 * Mechanism.  Each container keeps the list of records charged to it
 * (c->kmem_charges) and their sum (c->nr_kernel_bytes); a global sum of all
 * outstanding charges is kept beside them for the audit
 * (mm/container_audit.c), which walks the lists and compares both.  A record
 * holds no reference on its container: rmdir moves every record to the root
 * (container_move_kmem), so the free finds a live container in it.
 * Everything is under container_lock.  Next: mm/kmem_charge_test.c.
 */
#include <corral/container_internal.h>
#include <corral/kmem.h>
#include <corral/task.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>

#define KMEM_RECLAIM_ROUNDS 16 /* rounds of reclaim before a charge gives up */
#define KMEM_RECLAIM_MIN 32u   /* pages asked of reclaim at least, as the hard limit does */

static uint32_t nr_charged_bytes; /* all records' bytes; container_lock */

struct container *kmem_current_container(void)
{
	if (!current || !current->container)
		return &root_container;
	return current->container;
}

uint32_t kmem_nr_charged_bytes_locked(void)
{
	return nr_charged_bytes;
}

uint32_t kmem_nr_charged_bytes(void)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	uint32_t n = nr_charged_bytes;
	spin_unlock_irqrestore(&container_lock, flags);
	return n;
}

/* Pages c's usage grows by if nr_bytes more kernel bytes are charged:
 * objects share pages within one container, so a small object often needs
 * none. */
static uint32_t kmem_new_pages(const struct container *c, uint32_t nr_bytes)
{
	return (c->nr_kernel_bytes + nr_bytes + PAGE_SIZE - 1) / PAGE_SIZE -
	       container_kernel_pages(c);
}

/* How many pages over page_limit c would go with nr_bytes more: 0 = fits.
 * The root, a container being freed and one with no limit have room. */
static uint32_t kmem_excess_locked(const struct container *c, uint32_t nr_bytes)
{
	if (c == &root_container || c->is_freeing || c->page_limit == CONTAINER_NO_LIMIT)
		return 0;
	uint32_t usage = container_usage(c) + kmem_new_pages(c, nr_bytes);
	return usage > c->page_limit ? usage - c->page_limit : 0;
}

/* Where a charge of ch goes: where ch charged before, else c. */
static struct container *kmem_target_locked(const struct kmem_charge *ch, struct container *c)
{
	if (ch->container)
		return ch->container;
	if (!c || c->is_freeing)
		return &root_container;
	return c;
}

static void kmem_add_locked(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	if (!ch->container) {
		ch->container = c;
		list_add_tail(&ch->node, &c->kmem_charges);
	}
	ch->nr_bytes += nr_bytes;
	c->nr_kernel_bytes += nr_bytes;
	nr_charged_bytes += nr_bytes;
}

/* The check and the charge in one hold of the lock, so two charges cannot
 * both take the last room.  A refusal counts a page-limit hit if asked. */
static int kmem_try_charge(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes,
			   bool is_forced, bool counts_hit)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *to = kmem_target_locked(ch, c);
	bool fits = is_forced || kmem_excess_locked(to, nr_bytes) == 0;
	if (fits)
		kmem_add_locked(ch, to, nr_bytes);
	else if (counts_hit)
		to->page_limit_hits++;
	spin_unlock_irqrestore(&container_lock, flags);
	return fits ? 0 : -ENOMEM;
}

int kmem_charge_nowait(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	return kmem_try_charge(ch, c, nr_bytes, false, true);
}

void kmem_charge_force(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	kmem_try_charge(ch, c, nr_bytes, true, false);
}

/* Reclaim c's user pages (never another container's, never by killing: the
 * caller fails instead) until nr_bytes more kernel bytes fit.  c is held. */
static int kmem_reclaim(struct container *c, uint32_t nr_bytes)
{
	for (int round = 0; round < KMEM_RECLAIM_ROUNDS; round++) {
		uint32_t flags = spin_lock_irqsave(&container_lock);
		uint32_t excess = kmem_excess_locked(c, nr_bytes);
		spin_unlock_irqrestore(&container_lock, flags);
		if (!excess)
			return 0;
		if (signal_is_killed(current))
			return -ENOMEM;
		if (reclaim_container_pages(c, MAX(excess, KMEM_RECLAIM_MIN), false) == 0)
			return -ENOMEM; /* nothing left to take: no swap, or all busy */
	}
	return -ENOMEM;
}

/* Make room in ch's target for nr_bytes: 0 if it fits (now, or after
 * reclaim), else -ENOMEM with one page-limit hit counted. */
static int kmem_make_room_for(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *to = kmem_target_locked(ch, c);
	bool fits = kmem_excess_locked(to, nr_bytes) == 0;
	if (!fits) {
		to->page_limit_hits++; /* this charge found it at its limit */
		to->refcount++;        /* held across reclaim's sleeps */
	}
	spin_unlock_irqrestore(&container_lock, flags);
	if (fits)
		return 0;
	int err = kmem_reclaim(to, nr_bytes);
	container_put(to);
	return err;
}

int kmem_make_room(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	return kmem_make_room_for(ch, c, nr_bytes);
}

int kmem_charge(struct kmem_charge *ch, struct container *c, uint32_t nr_bytes)
{
	if (kmem_try_charge(ch, c, nr_bytes, false, false) == 0)
		return 0; /* the common case: it fits */
	int err = kmem_make_room_for(ch, c, nr_bytes);
	if (err)
		return err;
	/* Room was made, but others may have charged meanwhile: one more try. */
	return kmem_try_charge(ch, c, nr_bytes, false, false);
}

void kmem_uncharge(struct kmem_charge *ch)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	struct container *c = ch->container;
	if (c) {
		c->nr_kernel_bytes -= ch->nr_bytes;
		nr_charged_bytes -= ch->nr_bytes;
		list_del(&ch->node);
		ch->container = NULL;
		ch->nr_bytes = 0;
	}
	spin_unlock_irqrestore(&container_lock, flags);
}

void container_move_kmem(struct container *from, struct container *to)
{
	while (!list_is_empty(&from->kmem_charges)) {
		struct kmem_charge *ch =
		    list_first_entry(&from->kmem_charges, struct kmem_charge, node);
		list_del(&ch->node);
		from->nr_kernel_bytes -= ch->nr_bytes;
		to->nr_kernel_bytes += ch->nr_bytes;
		ch->container = to;
		list_add_tail(&ch->node, &to->kmem_charges);
	}
}
