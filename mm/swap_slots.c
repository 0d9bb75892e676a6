/*
 * swap_slots.c — the slot maps: which page of which swap device holds what.
 *
 * Policy: a slot is handed out with count 1 (the PTE that will hold its
 * entry) and charged to a container; fork adds counts (swap_slot_dup), each
 * PTE that goes drops one (swap_slot_put); the swap cache holds the slot with
 * its own bit (SWAP_HAS_CACHE) so a page shared by several address spaces is
 * read and written once.  The slot is free, and uncharged, when the count is
 * 0 and the bit is clear.  Slots come from the device of highest priority
 * with any free, one after the other, so pages written out together land
 * next to each other and the block queue merges their writes.
 *
 *     map:      [BAD | 1 | 1 | 2 | C|0 | 0 | 0 | BAD | 1 | 0 ...]   (header, counts)
 *     clusters:  [ 256 slots: 3 free ][ 256 slots: 0 free ][ ... ]
 *                                       ^ skipped without reading it
 *     next:      the slot after the last one handed out: the scan starts there
 *
 * Allocation reads the cursor's cluster from the cursor on, then jumps from
 * cluster to cluster by their free counts, so it costs O(1) while slots are
 * taken in order and O(clusters + 256) at worst, never O(device).
 *
 * Charging: owners[] says which container a slot in use is charged to, and
 * the container's nr_swap_pages counts its slots.  owners[] changes under
 * swap_lock, the counter under container_lock; the two locks are never held
 * together.  Each function changes owners[] first, drops swap_lock and takes
 * container_lock with no sleep in between, so on this one-CPU kernel without
 * preemption no task can see one changed and not the other (interrupt
 * handlers do not look at either).  Read next: mm/swap_io.c.
 */
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "swap_internal.h"

static uint32_t nr_bad_entry_reports; /* swap_lock */

/* ---- maps ----------------------------------------------------------------- */

int swap_map_create(struct swap_device *dev, const struct swap_header_info *info)
{
	uint32_t n = dev->max_pages;
	uint32_t nr_clusters = (n + SWAP_CLUSTER_SLOTS - 1) / SWAP_CLUSTER_SLOTS;
	uint16_t *map = kzalloc(n * sizeof(*map));
	struct container **owners = kzalloc(n * sizeof(*owners));
	uint16_t *cluster_free = kzalloc(nr_clusters * sizeof(*cluster_free));
	uint32_t nr_pages = 0;
	int err = -ENOMEM;
	if (map && owners && cluster_free) {
		map[0] = SWAP_MAP_BAD; /* the header */
		for (uint32_t i = 0; i < info->nr_badpages; i++) {
			uint32_t bad = swap_get_le32(info->badpages + 4 * i);
			if (bad < n)
				map[bad] = SWAP_MAP_BAD;
		}
		for (uint32_t off = 1; off < n; off++) {
			if (map[off] == 0) {
				nr_pages++;
				cluster_free[off / SWAP_CLUSTER_SLOTS]++;
			}
		}
		err = nr_pages ? 0 : -EINVAL;
	}
	if (err) {
		kfree(map);
		kfree(owners);
		kfree(cluster_free);
		return err;
	}
	dev->map = map;
	dev->owners = owners;
	dev->cluster_free = cluster_free;
	dev->nr_clusters = nr_clusters;
	dev->nr_pages = nr_pages;
	return 0;
}

void swap_map_destroy(struct swap_device *dev)
{
	kfree(dev->map);
	kfree(dev->owners);
	kfree(dev->cluster_free);
	dev->map = NULL;
	dev->owners = NULL;
	dev->cluster_free = NULL;
}

struct swap_device *swap_device_of_locked(swp_entry_t e)
{
	unsigned type = swp_type(e);
	uint32_t off = swp_offset(e);
	if (type >= MAX_SWAPFILES)
		return NULL;
	struct swap_device *dev = &swap_devices[type];
	if (!(dev->flags & SWAP_DEV_USED) || off == 0 || off >= dev->max_pages ||
	    dev->map[off] == SWAP_MAP_BAD)
		return NULL;
	return dev;
}

/* The device holding e when e's slot is in use; NULL otherwise (and, when
 * what is given, a complaint: an entry nobody allocated is a kernel bug). */
static struct swap_device *swap_slot_in_use(swp_entry_t e, const char *what)
{
	struct swap_device *dev = swap_device_of_locked(e);
	if (dev && dev->map[swp_offset(e)] != 0)
		return dev;
	if (what && nr_bad_entry_reports < 10) {
		nr_bad_entry_reports++;
		pr_err("swap: %s of entry %08x, which is not in use\n", what, e.val);
	}
	return NULL;
}

/* ---- charging ------------------------------------------------------------- */

/* Called with swap_lock dropped (see the top of the file). */
static void swap_charge(struct container *c, int delta)
{
	if (!c)
		return;
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->nr_swap_pages += (uint32_t)delta;
	spin_unlock_irqrestore(&container_lock, flags);
}

/* The slot is free again; the container to uncharge. */
static struct container *swap_slot_free_locked(struct swap_device *dev, uint32_t off)
{
	struct container *owner = dev->owners[off];
	dev->map[off] = 0;
	dev->owners[off] = NULL;
	dev->nr_inuse--;
	dev->cluster_free[off / SWAP_CLUSTER_SLOTS]++;
	return owner;
}

/* ---- allocation ----------------------------------------------------------- */

/* The allocating device of highest priority with a free slot (the lowest
 * type among equals), or NULL. */
static struct swap_device *swap_pick_device(void)
{
	struct swap_device *best = NULL;
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_device *dev = &swap_devices[i];
		if ((dev->flags & SWAP_DEV_WRITEOK) && dev->nr_inuse < dev->nr_pages &&
		    (!best || dev->priority > best->priority))
			best = dev;
	}
	return best;
}

/* A free slot at or after the cursor, wrapping around; 0 if none. */
static uint32_t swap_map_find_free(struct swap_device *dev)
{
	uint32_t off = dev->next;
	if (off == 0 || off >= dev->max_pages)
		off = 1;
	for (uint32_t n = 0; n <= dev->nr_clusters; n++) {
		uint32_t cluster = off / SWAP_CLUSTER_SLOTS;
		if (dev->cluster_free[cluster]) {
			uint32_t end = MIN((cluster + 1) * SWAP_CLUSTER_SLOTS, dev->max_pages);
			for (; off < end; off++)
				if (dev->map[off] == 0)
					return off;
		}
		cluster = (cluster + 1) % dev->nr_clusters;
		off = cluster ? cluster * SWAP_CLUSTER_SLOTS : 1;
	}
	return 0;
}

swp_entry_t swap_slot_alloc(struct container *owner)
{
	if (!owner)
		owner = &root_container;
	swp_entry_t e = {0};
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_pick_device();
	uint32_t off = dev ? swap_map_find_free(dev) : 0;
	if (off) {
		dev->map[off] = 1;
		dev->owners[off] = owner;
		dev->nr_inuse++;
		dev->cluster_free[off / SWAP_CLUSTER_SLOTS]--;
		dev->next = off + 1;
		e = swp_entry((unsigned)(dev - swap_devices), off);
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	if (e.val)
		swap_charge(owner, 1);
	return e;
}

/* ---- counts and the cache bit ------------------------------------------- */

int swap_slot_dup(swp_entry_t e)
{
	int err = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_slot_in_use(e, "dup");
	if (!dev)
		err = -EINVAL;
	else if ((dev->map[swp_offset(e)] & SWAP_COUNT_MASK) >= SWAP_MAP_MAX)
		err = -ENOMEM;
	else
		dev->map[swp_offset(e)]++;
	spin_unlock_irqrestore(&swap_lock, flags);
	return err;
}

uint32_t swap_slot_put(swp_entry_t e)
{
	struct container *uncharge = NULL;
	uint32_t count = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_slot_in_use(e, "put");
	uint32_t off = swp_offset(e);
	if (dev && (dev->map[off] & SWAP_COUNT_MASK) == 0) {
		if (nr_bad_entry_reports++ < 10)
			pr_err("swap: put of entry %08x, whose count is 0\n", e.val);
	} else if (dev) {
		count = (dev->map[off] & SWAP_COUNT_MASK) - 1u;
		dev->map[off]--;
		if (dev->map[off] == 0)
			uncharge = swap_slot_free_locked(dev, off);
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	swap_charge(uncharge, -1);
	return count;
}

uint32_t swap_slot_count(swp_entry_t e)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_device_of_locked(e);
	uint32_t count = dev ? dev->map[swp_offset(e)] & SWAP_COUNT_MASK : 0;
	spin_unlock_irqrestore(&swap_lock, flags);
	return count;
}

bool swap_slot_cache_get(swp_entry_t e)
{
	bool is_taken = false;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_slot_in_use(e, "cache_get");
	if (dev && !(dev->map[swp_offset(e)] & SWAP_HAS_CACHE)) {
		dev->map[swp_offset(e)] |= SWAP_HAS_CACHE;
		is_taken = true;
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	return is_taken;
}

void swap_slot_cache_put(swp_entry_t e)
{
	struct container *uncharge = NULL;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_slot_in_use(e, "cache_put");
	uint32_t off = swp_offset(e);
	if (dev && !(dev->map[off] & SWAP_HAS_CACHE)) {
		if (nr_bad_entry_reports++ < 10)
			pr_err("swap: cache_put of entry %08x, which is not cached\n", e.val);
	} else if (dev) {
		dev->map[off] &= ~SWAP_HAS_CACHE;
		if (dev->map[off] == 0)
			uncharge = swap_slot_free_locked(dev, off);
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	swap_charge(uncharge, -1);
}

bool swap_slot_is_cached(swp_entry_t e)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_device_of_locked(e);
	bool is_cached = dev && (dev->map[swp_offset(e)] & SWAP_HAS_CACHE);
	spin_unlock_irqrestore(&swap_lock, flags);
	return is_cached;
}

struct container *swap_slot_owner(swp_entry_t e)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	struct swap_device *dev = swap_slot_in_use(e, NULL);
	struct container *owner = dev ? dev->owners[swp_offset(e)] : NULL;
	spin_unlock_irqrestore(&swap_lock, flags);
	return owner;
}

bool swap_entry_is_valid(swp_entry_t e)
{
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	bool is_valid = swap_slot_in_use(e, NULL) != NULL;
	spin_unlock_irqrestore(&swap_lock, flags);
	return is_valid;
}

void swap_recharge(struct container *from, struct container *to)
{
	uint32_t nr_moved = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_device *dev = &swap_devices[i];
		if (!(dev->flags & SWAP_DEV_USED))
			continue;
		for (uint32_t off = 1; off < dev->max_pages; off++) {
			if (dev->owners[off] == from) {
				dev->owners[off] = to;
				nr_moved++;
			}
		}
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	if (nr_moved == 0 || from == to)
		return;
	flags = spin_lock_irqsave(&container_lock);
	from->nr_swap_pages -= nr_moved;
	to->nr_swap_pages += nr_moved;
	spin_unlock_irqrestore(&container_lock, flags);
}

/* ---- audit ---------------------------------------------------------------- */

/* Recount one device's map against its counters; the number of faults. */
static int swap_audit_device(struct swap_device *dev, unsigned type)
{
	int nr_faults = 0;
	uint32_t nr_usable = 0, nr_inuse = 0;
	for (uint32_t c = 0; c < dev->nr_clusters; c++) {
		uint32_t first = c ? c * SWAP_CLUSTER_SLOTS : 1;
		uint32_t end = MIN((c + 1) * SWAP_CLUSTER_SLOTS, dev->max_pages);
		uint32_t nr_free = 0;
		for (uint32_t off = first; off < end; off++) {
			uint16_t v = dev->map[off];
			bool is_inuse = v != 0 && v != SWAP_MAP_BAD;
			nr_usable += v != SWAP_MAP_BAD;
			nr_inuse += is_inuse;
			nr_free += v == 0;
			if (is_inuse != (dev->owners[off] != NULL) && nr_faults++ < 5)
				pr_err("swap audit: type %u slot %u: map %04x but owner %p\n", type,
				       off, v, (void *)dev->owners[off]);
		}
		if (nr_free != dev->cluster_free[c] && nr_faults++ < 5)
			pr_err("swap audit: type %u cluster %u: %u free, counted %u\n", type, c,
			       nr_free, dev->cluster_free[c]);
	}
	if (nr_usable != dev->nr_pages) {
		nr_faults++;
		pr_err("swap audit: type %u: %u usable slots, counted %u\n", type, nr_usable,
		       dev->nr_pages);
	}
	if (nr_inuse != dev->nr_inuse) {
		nr_faults++;
		pr_err("swap audit: type %u: %u slots in use, counted %u\n", type, nr_inuse,
		       dev->nr_inuse);
	}
	return nr_faults;
}

int swap_audit(void)
{
	int nr_faults = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (unsigned type = 0; type < MAX_SWAPFILES; type++)
		if (swap_devices[type].flags & SWAP_DEV_USED)
			nr_faults += swap_audit_device(&swap_devices[type], type);
	spin_unlock_irqrestore(&swap_lock, flags);
	return nr_faults;
}

uint32_t swap_slot_count_total(void)
{
	uint32_t n = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_device *dev = &swap_devices[i];
		if (!(dev->flags & SWAP_DEV_USED))
			continue;
		for (uint32_t off = 1; off < dev->max_pages; off++)
			if (dev->map[off] != SWAP_MAP_BAD)
				n += dev->map[off] & SWAP_COUNT_MASK;
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	return n;
}

uint32_t swap_count_owned(const struct container *c)
{
	uint32_t n = 0;
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_device *dev = &swap_devices[i];
		if (!(dev->flags & SWAP_DEV_USED))
			continue;
		for (uint32_t off = 1; off < dev->max_pages; off++)
			n += dev->owners[off] == c;
	}
	spin_unlock_irqrestore(&swap_lock, flags);
	return n;
}
