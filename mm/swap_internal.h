/*
 * swap_internal.h — what the swap device files of mm/ share and nobody else
 * calls: swapfile.c (devices, the header, swapon/swapoff), swap_slots.c (the
 * slot maps), swap_io.c (page I/O) and their self tests.
 *
 * A device's slot map, one uint16_t per page of the device:
 *
 *     map[0]         SWAP_MAP_BAD (the header)
 *     map[offset]    0: free | SWAP_HAS_CACHE | count (15 bits, PTEs holding it)
 *                    SWAP_MAP_BAD: a bad page named by the header, never used
 *
 * and beside it owners[offset], the container charged for the slot.  A slot
 * is in use while its count or its cache bit is set.  Clusters of
 * SWAP_CLUSTER_SLOTS slots keep a count of their free slots, so allocation
 * skips full ones instead of reading the whole map.
 */
#ifndef CORRAL_MM_SWAP_INTERNAL_H
#define CORRAL_MM_SWAP_INTERNAL_H

#include <corral/spinlock.h>
#include <corral/swap.h>
#include <corral/types.h>
#include <corral/wait.h>

struct block_device;
struct container;
struct inode;

#define SWAP_HAS_CACHE 0x8000u
#define SWAP_COUNT_MASK 0x7fffu
#define SWAP_MAP_BAD 0x7fffu   /* a count nobody reaches: the slot is unusable */
#define SWAP_MAP_MAX 0x7ffeu   /* the largest real count */
#define SWAP_CLUSTER_SLOTS 256 /* 1 MiB of device */
#define SWAP_PATH_MAX 128

/* ---- the on-disk header (swapfile.c) --------------------------------------
 * Linux's swap header, version 1 (mkswap), in the device's first page:
 *
 *     0     boot bits (1024 bytes, ignored)
 *     1024  u32 version (1)        1028 u32 last_page     1032 u32 nr_badpages
 *     1036  u8 uuid[16]            1052 char volume label[16]
 *     1536  u32 badpages[nr_badpages]
 *     4086  "SWAPSPACE2"
 */
#define SWAP_HEADER_VERSION_OFFSET 1024
#define SWAP_HEADER_LAST_PAGE_OFFSET 1028
#define SWAP_HEADER_NR_BAD_OFFSET 1032
#define SWAP_HEADER_UUID_OFFSET 1036
#define SWAP_HEADER_LABEL_OFFSET 1052
#define SWAP_HEADER_BADPAGES_OFFSET 1536
#define SWAP_HEADER_MAGIC "SWAPSPACE2"
#define SWAP_HEADER_MAGIC_LEN 10
#define SWAP_HEADER_MAX_BADPAGES                                                                   \
	((PAGE_SIZE - SWAP_HEADER_BADPAGES_OFFSET - SWAP_HEADER_MAGIC_LEN) / 4)

static inline uint32_t swap_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct swap_header_info {
	uint32_t last_page; /* as the header says */
	uint32_t max_pages; /* slots are 1..max_pages-1: last_page + 1, capped by
			     * the device's size and SWAP_OFFSET_BITS */
	uint32_t nr_badpages;
	const uint8_t *badpages; /* into the page: nr_badpages little-endian u32s */
	uint8_t uuid[16];
	char label[17];
};

/* Check a header page (PAGE_SIZE bytes) read from a device of device_pages
 * pages; 0 with *info filled, or -EINVAL with a reason in *why.  Trusts
 * nothing in the page. */
int swap_header_parse(const uint8_t *page, uint64_t device_pages, struct swap_header_info *info,
		      const char **why);

/* ---- devices (swapfile.c) ------------------------------------------------ */

#define SWAP_DEV_USED 0x1    /* this table entry holds a device */
#define SWAP_DEV_WRITEOK 0x2 /* slots may be allocated on it (not during swapoff) */

struct swap_device {
	/* Set by swapon before the device is published, constant until swapoff. */
	struct block_device *bdev;
	struct inode *inode; /* the device file, referenced while active */
	char path[SWAP_PATH_MAX];
	int priority;	    /* higher first; swapon order by default */
	uint32_t max_pages; /* map entries: slots 1..max_pages-1 */
	uint32_t nr_pages;  /* usable slots (neither the header nor bad) */
	uint32_t nr_clusters;

	/* Under swap_lock. */
	unsigned flags;		   /* SWAP_DEV_* */
	uint16_t *map;		   /* max_pages entries, see above */
	struct container **owners; /* max_pages entries: charged to, for slots in use */
	uint16_t *cluster_free;	   /* nr_clusters entries: free slots in each */
	uint32_t nr_inuse;	   /* slots with a count or the cache bit */
	uint32_t next;		   /* the allocation cursor: the slot after the last one */
	uint32_t nr_io_in_flight;  /* swap_io.c's requests on it (swapoff waits) */
};

extern struct spinlock swap_lock;
extern struct swap_device swap_devices[MAX_SWAPFILES];

/* Make bdev a swap device named path (its inode's reference passes to the
 * device on success).  Caller holds swap_mutex.  Self tests call it with a
 * fake disk and no inode. */
int swap_activate(struct block_device *bdev, struct inode *inode, const char *path, int priority);
/* Take the device of type out of service: swap_unuse if slots are in use,
 * then wait for its I/O and free its maps.  -ENOMEM: nothing changed.
 * Caller holds swap_mutex. */
int swap_deactivate(unsigned type);
extern struct mutex swap_mutex;

/* ---- slot maps (swap_slots.c), under swap_lock --------------------------- */

/* Allocate the maps of a device whose max_pages is set; mark slot 0 and the
 * bad pages; fill nr_pages, nr_clusters, cluster_free.  -ENOMEM, or -EINVAL
 * when no usable slot is left. */
int swap_map_create(struct swap_device *dev, const struct swap_header_info *info);
void swap_map_destroy(struct swap_device *dev);
/* Is offset a slot in use on the active device of type?  Under swap_lock. */
struct swap_device *swap_device_of_locked(swp_entry_t e);

/* ---- I/O (swap_io.c) ----------------------------------------------------- */

void swap_io_init(void);
/* Pages read and written since boot (pswpin, pswpout). */
void swap_io_get_counts(uint64_t *nr_in, uint64_t *nr_out);
/* Wait until the device has no request in flight (swapoff). */
void swap_io_wait_idle(struct swap_device *dev);

#endif
