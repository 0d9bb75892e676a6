/*
 * swapfile_test.c — self tests of swap devices (mm/swapfile.c, swap_slots.c,
 * swap_io.c): headers good and hostile, parsed from memory; the slot map on
 * a swap device made on a fake disk in memory (allocation order around bad
 * pages, counts, the cache bit, charges, exhaustion, priorities, swapoff
 * refusing while slots are in use, the audit catching broken counters); page
 * I/O through the pool, with consecutive slots merged into one disk command,
 * and a writer waiting for the pool while the watchdog aborts a stuck disk;
 * and swapon/swapoff of the real /dev/hdb with their errors.
 *
 * The fake disk finishes each command as it starts it, or in deferred mode
 * keeps it until fake_finish(), so a test can queue requests behind it.
 */
#include <corral/block.h>
#include <corral/container.h>
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <uapi/errno.h>

#include "swap_internal.h"

#define FAKE_PAGES 64
#define FAKE_SECTORS (FAKE_PAGES * (PAGE_SIZE / BLOCK_SECTOR_SIZE))
#define TEST_PRIORITY 1000 /* above any real device: its slots come first */

/* ---- headers -------------------------------------------------------------- */

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* What mkswap writes: version 1, last_page, the bad pages, the magic. */
static void make_header(uint8_t *page, uint32_t last_page, const uint32_t *bad, uint32_t nr_bad)
{
	memset(page, 0, PAGE_SIZE);
	put_le32(page + SWAP_HEADER_VERSION_OFFSET, 1);
	put_le32(page + SWAP_HEADER_LAST_PAGE_OFFSET, last_page);
	put_le32(page + SWAP_HEADER_NR_BAD_OFFSET, nr_bad);
	for (uint32_t i = 0; i < nr_bad; i++)
		put_le32(page + SWAP_HEADER_BADPAGES_OFFSET + 4 * i, bad[i]);
	memcpy(page + SWAP_HEADER_LABEL_OFFSET, "corral-test", 11);
	memcpy(page + PAGE_SIZE - SWAP_HEADER_MAGIC_LEN, SWAP_HEADER_MAGIC, SWAP_HEADER_MAGIC_LEN);
}

static int parse(const uint8_t *page, uint64_t device_pages, struct swap_header_info *info)
{
	const char *why = NULL;
	int err = swap_header_parse(page, device_pages, info, &why);
	return err && !why ? -1 : err; /* a refusal always says why */
}

KTEST(swap_header_parses_mkswap_output)
{
	uint8_t *page = kmalloc(PAGE_SIZE);
	KT_ASSERT(ctx, page);
	struct swap_header_info info;
	static const uint32_t bad[] = {5, 99};
	make_header(page, 99, bad, 2);
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), 0);
	KT_EXPECT_EQ(ctx, info.last_page, 99);
	KT_EXPECT_EQ(ctx, info.max_pages, 100);
	KT_EXPECT_EQ(ctx, info.nr_badpages, 2);
	KT_EXPECT_EQ(ctx, swap_get_le32(info.badpages + 4), 99);
	KT_EXPECT_STREQ(ctx, info.label, "corral-test");
	/* A header bigger than its disk (an image copied to a smaller one): capped. */
	KT_EXPECT_EQ(ctx, parse(page, 50, &info), 0);
	KT_EXPECT_EQ(ctx, info.max_pages, 50);
	/* ... and by what a swap entry can name. */
	make_header(page, 0xffffffffu, NULL, 0);
	KT_EXPECT_EQ(ctx, parse(page, (uint64_t)1 << 32, &info), 0);
	KT_EXPECT_EQ(ctx, info.max_pages, 1u << SWAP_OFFSET_BITS);
	kfree(page);
}

KTEST(swap_header_refuses_garbage)
{
	uint8_t *page = kmalloc(PAGE_SIZE);
	KT_ASSERT(ctx, page);
	struct swap_header_info info;
	uint32_t bad[SWAP_HEADER_MAX_BADPAGES];
	for (uint32_t i = 0; i < SWAP_HEADER_MAX_BADPAGES; i++)
		bad[i] = i + 1;

	memset(page, 0, PAGE_SIZE); /* a blank disk */
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	make_header(page, 99, NULL, 0); /* the old format's magic */
	memcpy(page + PAGE_SIZE - SWAP_HEADER_MAGIC_LEN, "SWAP-SPACE", 10);
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	make_header(page, 99, NULL, 0);
	put_le32(page + SWAP_HEADER_VERSION_OFFSET, 2);
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	put_le32(page + SWAP_HEADER_VERSION_OFFSET, 0x01000000); /* the other byte order */
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	make_header(page, 0, NULL, 0); /* empty */
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	make_header(page, 99, NULL, 0);
	KT_EXPECT_EQ(ctx, parse(page, 1, &info), -EINVAL); /* a disk of one page */
	make_header(page, 99, NULL, 0);
	put_le32(page + SWAP_HEADER_NR_BAD_OFFSET, 0xffffffffu); /* would read past the page */
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	make_header(page, 1000, bad, SWAP_HEADER_MAX_BADPAGES); /* the most there is room for */
	KT_EXPECT_EQ(ctx, parse(page, 1001, &info), 0);
	put_le32(page + SWAP_HEADER_NR_BAD_OFFSET, SWAP_HEADER_MAX_BADPAGES + 1);
	KT_EXPECT_EQ(ctx, parse(page, 1001, &info), -EINVAL);
	bad[0] = 0; /* the header itself */
	make_header(page, 99, bad, 1);
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	bad[0] = 100; /* past last_page */
	make_header(page, 99, bad, 1);
	KT_EXPECT_EQ(ctx, parse(page, 100, &info), -EINVAL);
	/* Noise with a valid magic: refused, whatever the noise. */
	uint32_t seed = 12345;
	for (int round = 0; round < 64; round++) {
		for (uint32_t i = 0; i < PAGE_SIZE; i++) {
			seed = seed * 1103515245u + 12345u;
			page[i] = (uint8_t)(seed >> 16);
		}
		memcpy(page + PAGE_SIZE - SWAP_HEADER_MAGIC_LEN, SWAP_HEADER_MAGIC, 10);
		int err = parse(page, 100, &info);
		KT_EXPECT(ctx, err == -EINVAL || (err == 0 && info.max_pages <= 100));
	}
	kfree(page);
}

/* ---- a swap device on a fake disk ------------------------------------------ */

struct fake_swap {
	struct block_device bdev;
	uint8_t *data; /* FAKE_PAGES pages */
	bool is_deferred;
	struct block_command *held;
	int nr_commands;
	unsigned type; /* its swap type once active */
};

static void fake_run(struct fake_swap *f, struct block_command *cmd)
{
	for (uint32_t i = 0; i < cmd->nr_sectors; i++) {
		uint8_t *disk = f->data + (cmd->sector + i) * BLOCK_SECTOR_SIZE;
		void *mem = block_command_next_sector(cmd);
		if (cmd->op == BLOCK_READ)
			memcpy(mem, disk, BLOCK_SECTOR_SIZE);
		else if (cmd->op == BLOCK_WRITE)
			memcpy(disk, mem, BLOCK_SECTOR_SIZE);
	}
	block_command_done(&f->bdev, cmd->nr_sectors, 0);
}

static void fake_start(struct block_device *bdev, struct block_command *cmd)
{
	struct fake_swap *f = bdev->private;
	f->nr_commands++;
	if (f->is_deferred)
		f->held = cmd;
	else
		fake_run(f, cmd);
}

static void fake_abort(struct block_device *bdev)
{
	struct fake_swap *f = bdev->private;
	f->held = NULL;
	block_command_done(bdev, 0, -EIO);
}

static const struct block_device_ops fake_ops = {.start = fake_start, .abort = fake_abort};

static void fake_finish(struct fake_swap *f)
{
	struct block_command *cmd = f->held;
	f->held = NULL;
	if (cmd)
		fake_run(f, cmd);
}

/* A fake disk with a swap header naming the given bad pages, turned on. */
static struct fake_swap *fake_swapon(const uint32_t *bad, uint32_t nr_bad, int priority)
{
	struct fake_swap *f = kzalloc(sizeof(*f));
	if (!f)
		return NULL;
	f->data = kzalloc(FAKE_PAGES * PAGE_SIZE);
	if (!f->data) {
		kfree(f);
		return NULL;
	}
	make_header(f->data, FAKE_PAGES - 1, bad, nr_bad);
	strlcpy(f->bdev.name, "fakeswap", sizeof(f->bdev.name));
	f->bdev.nr_sectors = FAKE_SECTORS;
	f->bdev.max_sectors = 64;
	f->bdev.ops = &fake_ops;
	f->bdev.private = f;
	block_device_init(&f->bdev);
	mutex_lock(&swap_mutex);
	int err = swap_activate(&f->bdev, NULL, "/fake", priority);
	for (unsigned t = 0; !err && t < MAX_SWAPFILES; t++)
		if ((swap_devices[t].flags & SWAP_DEV_USED) && swap_devices[t].bdev == &f->bdev)
			f->type = t;
	mutex_unlock(&swap_mutex);
	if (err) {
		kfree(f->data);
		kfree(f);
		return NULL;
	}
	return f;
}

static int fake_swapoff(struct fake_swap *f)
{
	mutex_lock(&swap_mutex);
	int err = swap_deactivate(f->type);
	mutex_unlock(&swap_mutex);
	if (!err) {
		kfree(f->data);
		kfree(f);
	}
	return err;
}

static uint32_t totals_free(void)
{
	struct swap_totals t;
	swap_get_totals(&t);
	return t.nr_free;
}

static const uint32_t bad_5_6[] = {5, 6};

KTEST(swap_slots_alloc_in_order_around_bad_pages)
{
	struct swap_totals before, on;
	swap_get_totals(&before);
	struct fake_swap *f = fake_swapon(bad_5_6, 2, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	swap_get_totals(&on);
	KT_EXPECT_EQ(ctx, on.nr_pages - before.nr_pages, FAKE_PAGES - 1 - 2);
	KT_EXPECT_EQ(ctx, on.nr_free - before.nr_free, FAKE_PAGES - 1 - 2);
	KT_EXPECT_EQ(ctx, on.nr_devices, before.nr_devices + 1);
	static const uint32_t want[] = {1, 2, 3, 4, 7, 8};
	swp_entry_t e[6];
	for (int i = 0; i < 6; i++) {
		e[i] = swap_slot_alloc(&root_container);
		KT_EXPECT_EQ(ctx, swp_type(e[i]), f->type);
		KT_EXPECT_EQ(ctx, swp_offset(e[i]), want[i]);
		KT_EXPECT_EQ(ctx, swap_slot_count(e[i]), 1);
		KT_EXPECT(ctx, swap_entry_is_valid(e[i]));
	}
	KT_EXPECT_EQ(ctx, totals_free(), on.nr_free - 6);
	/* A freed slot is not reused at once: the cursor goes on. */
	KT_EXPECT_EQ(ctx, swap_slot_put(e[1]), 0);
	swp_entry_t next = swap_slot_alloc(&root_container);
	KT_EXPECT_EQ(ctx, swp_offset(next), 9);
	swap_slot_put(next);
	for (int i = 0; i < 6; i++)
		if (i != 1)
			KT_EXPECT_EQ(ctx, swap_slot_put(e[i]), 0);
	KT_EXPECT_EQ(ctx, totals_free(), on.nr_free);
	/* Entries that name nothing in use. */
	KT_EXPECT(ctx, !swap_entry_is_valid(e[0]));
	KT_EXPECT(ctx, !swap_entry_is_valid(swp_entry(f->type, 5)));	      /* bad */
	KT_EXPECT(ctx, !swap_entry_is_valid(swp_entry(f->type, 0)));	      /* header */
	KT_EXPECT(ctx, !swap_entry_is_valid(swp_entry(f->type, FAKE_PAGES))); /* past the end */
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
	swap_get_totals(&on);
	KT_EXPECT_EQ(ctx, on.nr_pages, before.nr_pages);
	KT_EXPECT_EQ(ctx, on.nr_devices, before.nr_devices);
}

KTEST(swap_slots_counts_and_cache_bit)
{
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	uint32_t free0 = totals_free();
	swp_entry_t e = swap_slot_alloc(NULL);
	KT_ASSERT(ctx, e.val != 0);
	uint32_t total0 = swap_slot_count_total();
	KT_EXPECT_EQ(ctx, swap_slot_dup(e), 0); /* fork: two PTEs */
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 2);
	KT_EXPECT_EQ(ctx, swap_slot_count_total(), total0 + 1);
	KT_EXPECT(ctx, !swap_slot_is_cached(e));
	KT_EXPECT(ctx, swap_slot_cache_get(e));
	KT_EXPECT(ctx, !swap_slot_cache_get(e)); /* somebody has it already */
	KT_EXPECT(ctx, swap_slot_is_cached(e));
	KT_EXPECT_EQ(ctx, swap_slot_count(e), 2); /* the bit is not a count */
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 1);
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 0);
	/* Count 0 but cached: still in use, and a fault may dup it again. */
	KT_EXPECT(ctx, swap_entry_is_valid(e));
	KT_EXPECT_EQ(ctx, totals_free(), free0 - 1);
	KT_EXPECT_EQ(ctx, swap_slot_dup(e), 0);
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 0);
	swap_slot_cache_put(e); /* the last claim: free */
	KT_EXPECT(ctx, !swap_entry_is_valid(e));
	KT_EXPECT_EQ(ctx, totals_free(), free0);
	/* The other order: cache bit dropped first, then the last PTE. */
	e = swap_slot_alloc(NULL);
	KT_EXPECT(ctx, swap_slot_cache_get(e));
	swap_slot_cache_put(e);
	KT_EXPECT(ctx, swap_entry_is_valid(e));
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 0);
	KT_EXPECT(ctx, !swap_entry_is_valid(e));
	/* Using a free slot is refused (and reported), never a crash. */
	KT_EXPECT_EQ(ctx, swap_slot_dup(e), -EINVAL);
	KT_EXPECT_EQ(ctx, swap_slot_put(e), 0);
	KT_EXPECT(ctx, !swap_slot_cache_get(e));
	KT_EXPECT_EQ(ctx, swap_slot_count(swp_entry(MAX_SWAPFILES - 1, 3)), 0);
	KT_EXPECT_EQ(ctx, totals_free(), free0);
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

KTEST(swap_slots_count_overflow_is_refused)
{
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	swp_entry_t e = swap_slot_alloc(NULL);
	KT_ASSERT(ctx, e.val != 0);
	uint32_t n = 1;
	while (n < SWAP_MAP_MAX && swap_slot_dup(e) == 0)
		n++;
	KT_EXPECT_EQ(ctx, n, SWAP_MAP_MAX);
	KT_EXPECT_EQ(ctx, swap_slot_dup(e), -ENOMEM);
	KT_EXPECT(ctx, swap_slot_cache_get(e)); /* the bit still fits */
	KT_EXPECT_EQ(ctx, swap_slot_count(e), SWAP_MAP_MAX);
	while (n > 0)
		KT_EXPECT_EQ(ctx, swap_slot_put(e), --n);
	swap_slot_cache_put(e);
	KT_EXPECT(ctx, !swap_entry_is_valid(e));
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

KTEST(swap_slots_charge_their_container)
{
	static struct container owner, heir; /* only their counters are used */
	owner.nr_swap_pages = heir.nr_swap_pages = 0;
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	swp_entry_t a = swap_slot_alloc(&owner), b = swap_slot_alloc(&owner);
	KT_ASSERT(ctx, a.val && b.val);
	KT_EXPECT_EQ(ctx, owner.nr_swap_pages, 2);
	KT_EXPECT(ctx, swap_slot_owner(a) == &owner);
	KT_EXPECT_EQ(ctx, swap_slot_dup(a), 0); /* more PTEs, no more charge */
	KT_EXPECT_EQ(ctx, owner.nr_swap_pages, 2);
	swap_recharge(&owner, &heir); /* rmdir */
	KT_EXPECT_EQ(ctx, owner.nr_swap_pages, 0);
	KT_EXPECT_EQ(ctx, heir.nr_swap_pages, 2);
	KT_EXPECT(ctx, swap_slot_owner(b) == &heir);
	swap_slot_put(a);
	KT_EXPECT_EQ(ctx, heir.nr_swap_pages, 2);
	swap_slot_put(a);
	swap_slot_put(b);
	KT_EXPECT_EQ(ctx, heir.nr_swap_pages, 0);
	KT_EXPECT(ctx, swap_slot_owner(b) == NULL);
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

KTEST(swap_slots_run_out_and_come_back)
{
	struct fake_swap *f = fake_swapon(bad_5_6, 2, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	const uint32_t n = FAKE_PAGES - 1 - 2;
	uint32_t free0 = totals_free();
	swp_entry_t *e = kmalloc(n * sizeof(*e));
	KT_ASSERT(ctx, e);
	for (uint32_t i = 0; i < n; i++) {
		e[i] = swap_slot_alloc(NULL);
		KT_EXPECT_EQ(ctx, swp_type(e[i]), f->type);
	}
	/* Full: nothing more here (another active device may still have room). */
	swp_entry_t more = swap_slot_alloc(NULL);
	KT_EXPECT(ctx, more.val == 0 || swp_type(more) != f->type);
	if (more.val)
		swap_slot_put(more);
	/* Free every other slot; allocation finds them, wrapping around. */
	for (uint32_t i = 0; i < n; i += 2)
		swap_slot_put(e[i]);
	for (uint32_t i = 0; i < n; i += 2) {
		swp_entry_t again = swap_slot_alloc(NULL);
		KT_EXPECT_EQ(ctx, swp_type(again), f->type);
		KT_EXPECT(ctx, swp_offset(again) != 5 && swp_offset(again) != 6);
		e[i] = again;
	}
	more = swap_slot_alloc(NULL);
	KT_EXPECT(ctx, more.val == 0 || swp_type(more) != f->type);
	if (more.val)
		swap_slot_put(more);
	/* Swapoff with slots in use: ENOMEM, and the device goes on allocating. */
	KT_EXPECT_EQ(ctx, fake_swapoff(f), -ENOMEM);
	KT_EXPECT(ctx, swap_entry_is_valid(e[0]));
	swap_slot_put(e[0]);
	e[0] = swap_slot_alloc(NULL);
	KT_EXPECT_EQ(ctx, swp_type(e[0]), f->type);
	for (uint32_t i = 0; i < n; i++)
		swap_slot_put(e[i]);
	KT_EXPECT_EQ(ctx, totals_free(), free0);
	kfree(e);
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

KTEST(swap_slots_come_from_the_highest_priority)
{
	struct fake_swap *low = fake_swapon(NULL, 0, TEST_PRIORITY);
	struct fake_swap *high = fake_swapon(NULL, 0, TEST_PRIORITY + 1);
	KT_ASSERT(ctx, low && high);
	swp_entry_t e = swap_slot_alloc(NULL);
	KT_EXPECT_EQ(ctx, swp_type(e), high->type);
	swap_slot_put(e);
	KT_EXPECT_EQ(ctx, fake_swapoff(high), 0);
	e = swap_slot_alloc(NULL);
	KT_EXPECT_EQ(ctx, swp_type(e), low->type);
	swap_slot_put(e);
	KT_EXPECT_EQ(ctx, fake_swapoff(low), 0);
}

KTEST(swap_audit_finds_a_broken_counter)
{
	static struct container owner;
	owner.nr_swap_pages = 0;
	struct fake_swap *f = fake_swapon(bad_5_6, 2, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	swp_entry_t a = swap_slot_alloc(&owner), b = swap_slot_alloc(NULL);
	KT_EXPECT_EQ(ctx, swap_audit(), 0);
	KT_EXPECT_EQ(ctx, swap_count_owned(&owner), 1);
	KT_EXPECT_EQ(ctx, swap_count_owned(&owner), owner.nr_swap_pages);
	struct swap_device *dev = &swap_devices[f->type];
	uint32_t flags = spin_lock_irqsave(&swap_lock);
	dev->cluster_free[0]++; /* a free slot that is not there */
	spin_unlock_irqrestore(&swap_lock, flags);
	KT_EXPECT_EQ(ctx, swap_audit(), 1);
	flags = spin_lock_irqsave(&swap_lock);
	dev->cluster_free[0]--;
	dev->owners[swp_offset(b)] = NULL; /* a slot in use charged to nobody */
	dev->nr_inuse++;		   /* and a count that is off */
	spin_unlock_irqrestore(&swap_lock, flags);
	KT_EXPECT_EQ(ctx, swap_audit(), 2);
	flags = spin_lock_irqsave(&swap_lock);
	dev->owners[swp_offset(b)] = &root_container;
	dev->nr_inuse--;
	spin_unlock_irqrestore(&swap_lock, flags);
	KT_EXPECT_EQ(ctx, swap_audit(), 0);
	swap_slot_put(a);
	swap_slot_put(b);
	KT_EXPECT_EQ(ctx, owner.nr_swap_pages, 0);
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

/* ---- page I/O --------------------------------------------------------------- */

static void fill_page(struct page *page, uint32_t seed)
{
	uint32_t *words = page_to_virt(page);
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		words[i] = seed * 2654435761u + i;
}

static bool page_holds(const void *data, uint32_t seed)
{
	const uint32_t *words = data;
	for (uint32_t i = 0; i < PAGE_SIZE / 4; i++)
		if (words[i] != seed * 2654435761u + i)
			return false;
	return true;
}

KTEST(swap_pages_written_and_read_back)
{
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	struct page *page = alloc_page();
	KT_ASSERT(ctx, page);
	struct swap_totals before, after;
	swap_get_totals(&before);
	swp_entry_t e = swap_slot_alloc(NULL);
	KT_EXPECT(ctx, swap_slot_cache_get(e));
	fill_page(page, 42);
	page_lock(page);
	page_flag_set(page, PG_WRITEBACK);
	KT_EXPECT_EQ(ctx, swap_write_page(page, e), 0);
	page_unlock(page);
	page_wait_writeback(page);
	KT_EXPECT(ctx, !page_flag_is_set(page, PG_WRITEBACK | PG_ERROR));
	KT_EXPECT(ctx, page_holds(f->data + swp_offset(e) * PAGE_SIZE, 42));
	memset(page_to_virt(page), 0, PAGE_SIZE);
	page_lock(page);
	KT_EXPECT_EQ(ctx, swap_read_page(page, e), 0);
	page_wait_unlocked(page);
	KT_EXPECT(ctx, page_flag_is_set(page, PG_UPTODATE));
	KT_EXPECT(ctx, page_holds(page_to_virt(page), 42));
	swap_get_totals(&after);
	KT_EXPECT_EQ(ctx, after.nr_pages_out - before.nr_pages_out, 1);
	KT_EXPECT_EQ(ctx, after.nr_pages_in - before.nr_pages_in, 1);
	/* A slot not in use is nobody's to write. */
	swap_slot_cache_put(e);
	swap_slot_put(e);
	page_lock(page);
	KT_EXPECT_EQ(ctx, swap_read_page(page, e), -EINVAL);
	page_unlock(page);
	page_flag_clear(page, PG_UPTODATE);
	put_page(page);
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

/* Pages written to slots allocated one after another reach the disk as one
 * command: the queue merges them while the first is in flight. */
KTEST(swap_consecutive_slots_merge_into_one_write)
{
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	enum { N = 4 };
	struct page *pages[N];
	swp_entry_t e[N];
	for (int i = 0; i < N; i++) {
		pages[i] = alloc_page();
		KT_ASSERT(ctx, pages[i]);
		e[i] = swap_slot_alloc(NULL);
		fill_page(pages[i], (uint32_t)i + 7);
	}
	f->is_deferred = true;
	int nr_commands = f->nr_commands;
	for (int i = 0; i < N; i++) {
		page_flag_set(pages[i], PG_WRITEBACK);
		KT_EXPECT_EQ(ctx, swap_write_page(pages[i], e[i]), 0);
	}
	f->is_deferred = false;
	while (f->held)
		fake_finish(f);
	KT_EXPECT_EQ(ctx, f->nr_commands - nr_commands, 2); /* the first, then 3 merged */
	for (int i = 0; i < N; i++) {
		page_wait_writeback(pages[i]);
		KT_EXPECT(ctx, page_holds(f->data + swp_offset(e[i]) * PAGE_SIZE, (uint32_t)i + 7));
		swap_slot_put(e[i]);
		put_page(pages[i]);
	}
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

/* With every request of the pool in flight on a disk that never answers, the
 * next writer sleeps; the watchdog in that wait aborts the stuck command
 * (its page gets PG_ERROR), which gives a request back, and the writer goes
 * on.  Then the disk answers again and every other page lands. */
KTEST(swap_io_pool_waits_and_a_stuck_disk_is_aborted)
{
	enum { N = 33 }; /* one more than the pool */
	struct fake_swap *f = fake_swapon(NULL, 0, TEST_PRIORITY);
	KT_ASSERT(ctx, f);
	f->bdev.timeout_ticks = 2;
	struct page *pages[N];
	swp_entry_t e[N];
	for (int i = 0; i < N; i++) {
		pages[i] = alloc_page();
		KT_ASSERT(ctx, pages[i]);
		e[i] = swap_slot_alloc(NULL);
		fill_page(pages[i], (uint32_t)i + 100);
	}
	f->is_deferred = true;
	for (int i = 0; i < N; i++) {
		page_flag_set(pages[i], PG_WRITEBACK);
		KT_EXPECT_EQ(ctx, swap_write_page(pages[i], e[i]), 0);
	}
	KT_EXPECT(ctx, page_flag_is_set(pages[0], PG_ERROR)); /* the aborted command */
	KT_EXPECT(ctx, !page_flag_is_set(pages[0], PG_WRITEBACK));
	f->is_deferred = false;
	while (f->held)
		fake_finish(f);
	for (int i = 0; i < N; i++) {
		page_wait_writeback(pages[i]);
		if (i > 0) {
			KT_EXPECT(ctx, !page_flag_is_set(pages[i], PG_ERROR));
			KT_EXPECT(ctx, page_holds(f->data + swp_offset(e[i]) * PAGE_SIZE,
						  (uint32_t)i + 100));
		}
		page_flag_clear(pages[i], PG_ERROR);
		swap_slot_put(e[i]);
		put_page(pages[i]);
	}
	KT_EXPECT_EQ(ctx, fake_swapoff(f), 0);
}

/* ---- the real thing --------------------------------------------------------- */

KTEST(swap_on_hdb_and_its_errors)
{
	if (!block_find_by_name("hdb"))
		KT_SKIP(ctx, "no hdb");
	int err = swap_on("/dev/hdb", 0);
	if (err == -EBUSY)
		KT_SKIP(ctx, "hdb is in use already");
	if (err == -EINVAL)
		KT_SKIP(ctx, "hdb carries no swap signature");
	KT_ASSERT(ctx, err == 0);
	KT_EXPECT_EQ(ctx, swap_on("/dev/hdb", 0), -EBUSY);
	KT_EXPECT_EQ(ctx, swap_on("/dev/hda", 0), -EINVAL); /* ext2 */
	/* Not /dev/null: devfs makes its inode at the first lookup, which the
	 * runner's page count would take for a leak.  The root is always there. */
	KT_EXPECT_EQ(ctx, swap_on("/", 0), -ENOTBLK);
	KT_EXPECT_EQ(ctx, swap_on("/nonexistent", 0), -ENOENT);
	KT_EXPECT_EQ(ctx, swap_on("/dev/hdb", 0x7fffffff), -EINVAL); /* unknown flags */
	KT_EXPECT_EQ(ctx, swap_off("/dev/hda"), -EINVAL);
	KT_EXPECT_EQ(ctx, swap_off("/"), -EINVAL);
	KT_EXPECT_EQ(ctx, swap_off("/dev/hdb"), 0);
	KT_EXPECT_EQ(ctx, swap_off("/dev/hdb"), -EINVAL);
}
