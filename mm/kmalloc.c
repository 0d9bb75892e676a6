/*
 * kmalloc.c — small kernel allocations: size-class slabs over the buddy allocator.
 *
 * Policy first.  A request of up to KMALLOC_MAX_SLAB_SIZE bytes is rounded up
 * to a power of two (16, 32, ... 2048) and served from that size class's cache
 * of slabs; anything larger is a buddy block of its own (the first page has
 * PG_KMALLOC_LARGE, private = order).  Every mistake a caller can make with
 * kfree() — double free, a pointer kmalloc never returned, a pointer into the
 * middle of an object — is caught, reported and counted, and memory is left as
 * it was: a teaching kernel should explain its bugs, not scribble over itself.
 * Fault injection (mm/fail_alloc.c) may make a kmalloc() fail on purpose.
 *
 * Mechanism.  A slab is one naturally aligned block of 2^order pages:
 *
 *   +-------------+-------+-------+-----+---------+-------+
 *   | struct slab | obj 0 | obj 1 | ... | obj n-1 | slack |
 *   +-------------+-------+-------+-----+---------+-------+
 *   ^ every page of the block has PG_SLAB and page->private = this address,
 *     so kfree() finds the header from any object with virt_to_page().
 *
 * The header's in-use bitmap is the slab's free list: allocation takes the
 * lowest clear bit.  Nothing is stored inside a free object, so the whole
 * object can carry poison, and a stray write into a freed object cannot derail
 * the allocator.  A second bitmap remembers which free objects were poisoned
 * (poisoning can be switched at run time), and only those are checked when
 * handed out again.
 *
 * A cache keeps its slabs on two lists, partial and full, plus at most one
 * spare empty slab, so that an alloc/free pair at a slab boundary does not go
 * to the buddy allocator every time; kmalloc_shrink() gives the spares back.
 *
 * Read mm/page_alloc.c first (where the blocks come from); next,
 * mm/kmalloc_test.c shows each caught bug in action.
 */
#include <corral/fail_alloc.h>
#include <corral/kmalloc.h>
#include <corral/list.h>
#include <corral/page.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/spinlock.h>
#include <corral/string.h>

#define KMALLOC_NR_CLASSES 8 /* 16 << 7 == 2048 */
#define SLAB_MAGIC 0x51ab0c0du
#define SLAB_MIN_OBJECTS 8   /* pick the slab order so at least this many fit */
#define SLAB_MAX_OBJECTS 256 /* bitmap capacity; 16-byte objects in one page fit */
#define SLAB_BITMAP_WORDS (SLAB_MAX_OBJECTS / 32)

_Static_assert((KMALLOC_MIN_SIZE << (KMALLOC_NR_CLASSES - 1)) == KMALLOC_MAX_SLAB_SIZE,
	       "size classes must end at KMALLOC_MAX_SLAB_SIZE");

struct kmalloc_cache;

/* The header at the start of every slab.  All fields: kmalloc_lock. */
struct slab {
	uint32_t magic;				/* SLAB_MAGIC while the block is a slab */
	struct kmalloc_cache *cache;		/* the size class that owns it */
	struct list_head list;			/* on cache->partial or ->full; alone when spare */
	uint16_t order;				/* the block is 2^order pages */
	uint16_t nr_objects;			/* objects that fit after the header */
	uint16_t nr_inuse;			/* == bits set in inuse_bits */
	uint32_t inuse_bits[SLAB_BITMAP_WORDS]; /* set: handed out by kmalloc */
	uint32_t poisoned_bits[SLAB_BITMAP_WORDS]; /* set: free and full of poison */
};

/* Objects start here; 16 keeps every object 16-byte aligned (sizes are powers
 * of two from 16 up). */
#define SLAB_HEADER_SIZE ALIGN_UP(sizeof(struct slab), KMALLOC_MIN_SIZE)

_Static_assert((PAGE_SIZE - SLAB_HEADER_SIZE) / KMALLOC_MIN_SIZE <= SLAB_MAX_OBJECTS,
	       "the slab bitmaps must cover a page of the smallest objects");

/* One size class.  object_size is fixed; the rest: kmalloc_lock. */
struct kmalloc_cache {
	uint32_t object_size;	  /* a power of two, 16 .. 2048 */
	struct list_head partial; /* slabs with a free object: allocate from these */
	struct list_head full;	  /* slabs with every object in use */
	struct slab *spare;	  /* one empty slab kept back, or NULL */
};

#define KMALLOC_CACHE_INIT(i)                                                                      \
	{                                                                                          \
		.object_size = KMALLOC_MIN_SIZE << (i),                                            \
		.partial = LIST_HEAD_INIT(kmalloc_caches[i].partial),                              \
		.full = LIST_HEAD_INIT(kmalloc_caches[i].full), .spare = NULL,                     \
	}

/*
 * kmalloc_lock protects every cache and slab header, the counters below, the
 * poisoning switch, and the flags and private field of every page kmalloc owns
 * (PG_SLAB, PG_KMALLOC_LARGE).  Interrupt handlers may kmalloc, hence irqsave.
 * Lock order: kmalloc_lock, then the page allocator's lock (page_alloc never
 * calls kmalloc).  Messages are printed after the lock is dropped.
 */
static struct spinlock kmalloc_lock = SPINLOCK_INIT("kmalloc");
static struct kmalloc_cache kmalloc_caches[KMALLOC_NR_CLASSES] = {
    KMALLOC_CACHE_INIT(0), KMALLOC_CACHE_INIT(1), KMALLOC_CACHE_INIT(2), KMALLOC_CACHE_INIT(3),
    KMALLOC_CACHE_INIT(4), KMALLOC_CACHE_INIT(5), KMALLOC_CACHE_INIT(6), KMALLOC_CACHE_INIT(7),
};
static struct kmalloc_stats kmalloc_counts;
static bool poisoning_is_on = true;

/* Why a kfree() was refused; the text is what the report says. */
enum kfree_verdict {
	KFREE_OK,
	KFREE_NOT_DIRECT_MAPPED,
	KFREE_NOT_KMALLOC_PAGE,
	KFREE_BAD_SLAB_HEADER,
	KFREE_NOT_OBJECT_START,
	KFREE_NOT_BLOCK_START,
	KFREE_DOUBLE_FREE,
};

static const char *const kfree_verdict_text[] = {
    [KFREE_OK] = "ok",
    [KFREE_NOT_DIRECT_MAPPED] = "not a direct-mapped kernel address",
    [KFREE_NOT_KMALLOC_PAGE] = "not in a page kmalloc owns",
    [KFREE_BAD_SLAB_HEADER] = "the slab header is corrupt",
    [KFREE_NOT_OBJECT_START] = "not the start of a slab object",
    [KFREE_NOT_BLOCK_START] = "not the start of a large allocation",
    [KFREE_DOUBLE_FREE] = "double free (object is already free)",
};

/* ---- bitmaps ------------------------------------------------------------- */

static bool slab_bit_test(const uint32_t *bits, unsigned i)
{
	return (bits[i / 32] >> (i % 32)) & 1;
}

static void slab_bit_set(uint32_t *bits, unsigned i)
{
	bits[i / 32] |= 1u << (i % 32);
}

static void slab_bit_clear(uint32_t *bits, unsigned i)
{
	bits[i / 32] &= ~(1u << (i % 32));
}

/* ---- slabs --------------------------------------------------------------- */

static unsigned kmalloc_class_index(size_t size)
{
	unsigned idx = 0;
	while ((size_t)(KMALLOC_MIN_SIZE << idx) < size)
		idx++;
	return idx;
}

static uint32_t slab_capacity(unsigned order, uint32_t object_size)
{
	return ((PAGE_SIZE << order) - SLAB_HEADER_SIZE) / object_size;
}

static unsigned slab_order_for_size(uint32_t object_size)
{
	unsigned order = 0;
	while (slab_capacity(order, object_size) < SLAB_MIN_OBJECTS)
		order++;
	return order;
}

static void *slab_object(struct slab *slab, unsigned idx)
{
	return (char *)slab + SLAB_HEADER_SIZE + idx * slab->cache->object_size;
}

/* Index of the object that starts exactly at ptr, or -1. */
static int slab_object_index(const struct slab *slab, const void *ptr)
{
	uintptr_t first = (uintptr_t)slab + SLAB_HEADER_SIZE;
	uintptr_t addr = (uintptr_t)ptr;
	uint32_t size = slab->cache->object_size;

	if (addr < first || (addr - first) % size != 0)
		return -1;
	if ((addr - first) / size >= slab->nr_objects)
		return -1;
	return (int)((addr - first) / size);
}

/* Mark (or unmark, owner == NULL) every page of the block as this slab's. */
static void slab_mark_pages(struct page *first, unsigned order, struct slab *owner)
{
	for (uint32_t i = 0; i < (1u << order); i++) {
		if (owner)
			first[i].flags |= PG_SLAB;
		else
			first[i].flags &= ~PG_SLAB;
		first[i].private = (uintptr_t)owner;
	}
}

static struct slab *slab_create(struct kmalloc_cache *cache)
{
	unsigned order = slab_order_for_size(cache->object_size);
	struct page *first = alloc_pages(order);
	if (!first)
		return NULL;

	struct slab *slab = page_to_virt(first);
	memset(slab, 0, sizeof(*slab));
	slab->magic = SLAB_MAGIC;
	slab->cache = cache;
	list_init(&slab->list);
	slab->order = (uint16_t)order;
	slab->nr_objects = (uint16_t)slab_capacity(order, cache->object_size);
	slab_mark_pages(first, order, slab);
	kmalloc_counts.nr_slab_pages += 1u << order;
	return slab;
}

static void slab_destroy(struct slab *slab)
{
	struct page *first = virt_to_page(slab);
	unsigned order = slab->order;

	assert(slab->nr_inuse == 0);
	list_del(&slab->list);
	/* A stale pointer into this block must no longer look like a slab. */
	slab->magic = 0;
	slab_mark_pages(first, order, NULL);
	kmalloc_counts.nr_slab_pages -= 1u << order;
	free_pages(first, order);
}

/* Take the lowest free object of a slab on the partial list. */
static void *slab_take_object(struct slab *slab, bool *was_poisoned)
{
	unsigned w = 0;
	while (slab->inuse_bits[w] == ~0u)
		w++;
	unsigned idx = w * 32 + (unsigned)__builtin_ctz(~slab->inuse_bits[w]);
	assert(idx < slab->nr_objects);

	slab_bit_set(slab->inuse_bits, idx);
	*was_poisoned = slab_bit_test(slab->poisoned_bits, idx);
	slab_bit_clear(slab->poisoned_bits, idx);
	slab->nr_inuse++;
	kmalloc_counts.nr_objects_inuse++;
	if (slab->nr_inuse == slab->nr_objects)
		list_move_tail(&slab->list, &slab->cache->full);
	return slab_object(slab, idx);
}

/* ---- caches -------------------------------------------------------------- */

/* A slab with a free object, on the partial list: an existing partial one
 * first (keeps slabs full), then the spare, then a new block. */
static struct slab *cache_find_slab(struct kmalloc_cache *cache)
{
	if (!list_is_empty(&cache->partial))
		return list_first_entry(&cache->partial, struct slab, list);

	struct slab *slab = cache->spare;
	if (slab)
		cache->spare = NULL;
	else
		slab = slab_create(cache);
	if (slab)
		list_add(&slab->list, &cache->partial);
	return slab;
}

/* After an object of this slab was freed: fix up which list the slab is on. */
static void cache_settle_slab(struct kmalloc_cache *cache, struct slab *slab)
{
	if (slab->nr_inuse == slab->nr_objects - 1) { /* was full */
		list_del(&slab->list);
		list_add(&slab->list, &cache->partial);
	}
	if (slab->nr_inuse != 0)
		return;
	if (cache->spare) {
		slab_destroy(slab);
	} else {
		list_del(&slab->list);
		cache->spare = slab;
	}
}

/* ---- poison -------------------------------------------------------------- */

static void kmalloc_count_error(uint32_t *counter)
{
	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	(*counter)++;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
}

/* obj was freed with poison and has just been handed out again: anything but
 * poison in it was written by someone still using the old pointer. */
static void kmalloc_check_poison(const uint8_t *obj, uint32_t size)
{
	/* Objects are 16-byte aligned powers of two: compare words, then find
	 * the byte in the first word that differs. */
	typedef uint32_t __attribute__((may_alias)) word_t;
	const word_t poison = 0x01010101u * KMALLOC_POISON_FREE;
	const word_t *words = (const word_t *)obj;
	uint32_t w = 0;
	while (w < size / sizeof(word_t) && words[w] == poison)
		w++;
	uint32_t i = w * sizeof(word_t);
	while (i < size && obj[i] == KMALLOC_POISON_FREE)
		i++;
	if (i == size)
		return;
	kmalloc_count_error(&kmalloc_counts.nr_poison_errors);
	pr_err("kmalloc: write after free in object %p (size %u): byte %u at %p is "
	       "0x%02x, not poison 0x%02x\n",
	       (const void *)obj, size, i, (const void *)(obj + i), obj[i], KMALLOC_POISON_FREE);
}

/* ---- allocation ---------------------------------------------------------- */

static void *kmalloc_small(size_t size)
{
	struct kmalloc_cache *cache = &kmalloc_caches[kmalloc_class_index(size)];
	bool was_poisoned = false, must_fill;
	void *obj = NULL;

	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	struct slab *slab = cache_find_slab(cache);
	if (slab)
		obj = slab_take_object(slab, &was_poisoned);
	must_fill = poisoning_is_on;
	spin_unlock_irqrestore(&kmalloc_lock, flags);

	/* The object is ours now: checking it needs no lock. */
	if (!obj)
		return NULL;
	if (was_poisoned)
		kmalloc_check_poison(obj, cache->object_size);
	if (must_fill)
		memset(obj, KMALLOC_POISON_ALLOC, cache->object_size);
	return obj;
}

static unsigned kmalloc_large_order(size_t size)
{
	unsigned order = 0;
	while (order <= PAGE_MAX_ORDER && (size_t)(PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void *kmalloc_large(size_t size)
{
	unsigned order = kmalloc_large_order(size);
	if (order > PAGE_MAX_ORDER)
		return NULL;

	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	struct page *page = alloc_pages(order);
	if (page) {
		page->flags |= PG_KMALLOC_LARGE;
		page->private = order;
		kmalloc_counts.nr_large_pages += 1u << order;
	}
	bool must_fill = poisoning_is_on;
	spin_unlock_irqrestore(&kmalloc_lock, flags);

	if (!page)
		return NULL;
	void *ptr = page_to_virt(page);
	if (must_fill)
		memset(ptr, KMALLOC_POISON_ALLOC, size);
	return ptr;
}

/* Self tests: the nth kmalloc from now returns NULL (0: none).  Boot-time
 * tests run alone, so "from now" means their own next allocations. */
static uint32_t fail_countdown;

void kmalloc_fail_next(uint32_t nth)
{
	fail_countdown = nth;
}

/* caller: who asked, for fault injection's report. */
static void *kmalloc_for(size_t size, const void *caller)
{
	if (fail_countdown && --fail_countdown == 0)
		return NULL;
	if (size == 0)
		return NULL;
	if (fail_alloc_should_fail(FAIL_ALLOC_KMALLOC, caller))
		return NULL; /* fault injection (mm/fail_alloc.c): a test of the caller */
	if (size <= KMALLOC_MAX_SLAB_SIZE)
		return kmalloc_small(size);
	return kmalloc_large(size);
}

void *kmalloc(size_t size)
{
	return kmalloc_for(size, __builtin_return_address(0));
}

void *kzalloc(size_t size)
{
	void *ptr = kmalloc_for(size, __builtin_return_address(0));
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

/* ---- freeing ------------------------------------------------------------- */

static enum kfree_verdict slab_free_object(struct slab *slab, void *ptr)
{
	if (slab->magic != SLAB_MAGIC)
		return KFREE_BAD_SLAB_HEADER;
	int idx = slab_object_index(slab, ptr);
	if (idx < 0)
		return KFREE_NOT_OBJECT_START;
	if (!slab_bit_test(slab->inuse_bits, (unsigned)idx))
		return KFREE_DOUBLE_FREE;

	/* Poison before the object is free: from then on it is not ours. */
	if (poisoning_is_on) {
		memset(ptr, KMALLOC_POISON_FREE, slab->cache->object_size);
		slab_bit_set(slab->poisoned_bits, (unsigned)idx);
	}
	slab_bit_clear(slab->inuse_bits, (unsigned)idx);
	slab->nr_inuse--;
	kmalloc_counts.nr_objects_inuse--;
	cache_settle_slab(slab->cache, slab);
	return KFREE_OK;
}

static enum kfree_verdict large_free_block(struct page *page, void *ptr)
{
	if (ptr != page_to_virt(page))
		return KFREE_NOT_BLOCK_START;
	unsigned order = (unsigned)page->private;
	page->flags &= ~PG_KMALLOC_LARGE;
	page->private = 0;
	kmalloc_counts.nr_large_pages -= 1u << order;
	free_pages(page, order);
	return KFREE_OK;
}

static enum kfree_verdict kfree_locked(void *ptr)
{
	/* Check the address before virt_to_page(): outside the direct map there
	 * is no struct page to look at. */
	if (!virt_has_page(ptr))
		return KFREE_NOT_DIRECT_MAPPED;
	struct page *page = virt_to_page(ptr);
	if (page->flags & PG_SLAB)
		return slab_free_object((struct slab *)page->private, ptr);
	if (page->flags & PG_KMALLOC_LARGE)
		return large_free_block(page, ptr);
	return KFREE_NOT_KMALLOC_PAGE;
}

void kfree(void *ptr)
{
	if (!ptr)
		return;

	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	enum kfree_verdict verdict = kfree_locked(ptr);
	if (verdict != KFREE_OK)
		kmalloc_counts.nr_bad_frees++;
	spin_unlock_irqrestore(&kmalloc_lock, flags);

	if (verdict != KFREE_OK)
		pr_err("kmalloc: bad kfree(%p) from %p: %s; ignored\n", ptr,
		       __builtin_return_address(0), kfree_verdict_text[verdict]);
}

/* ---- control and statistics ---------------------------------------------- */

void kmalloc_get_stats(struct kmalloc_stats *stats)
{
	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	*stats = kmalloc_counts;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
}

void kmalloc_set_poisoning(bool is_on)
{
	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	poisoning_is_on = is_on;
	spin_unlock_irqrestore(&kmalloc_lock, flags);
}

/* A snapshot: one aligned word, read without the lock. */
bool kmalloc_poisoning_is_on(void)
{
	return poisoning_is_on;
}

uint32_t kmalloc_shrink(void)
{
	uint32_t nr_pages = 0;
	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	for (unsigned i = 0; i < KMALLOC_NR_CLASSES; i++) {
		struct slab *slab = kmalloc_caches[i].spare;
		if (!slab)
			continue;
		kmalloc_caches[i].spare = NULL;
		nr_pages += 1u << slab->order;
		slab_destroy(slab);
	}
	spin_unlock_irqrestore(&kmalloc_lock, flags);
	return nr_pages;
}

/* ---- audit --------------------------------------------------------------- */

/* What the audit walk found: totals to compare with the counters, and the
 * first inconsistency (printed once the lock is dropped). */
struct kmalloc_audit_state {
	uint32_t nr_pages;
	uint32_t nr_objects;
	uint32_t nr_problems;
	char first_problem[128];
};

static void audit_note(struct kmalloc_audit_state *st, const struct slab *slab, const char *what)
{
	if (st->nr_problems++ != 0)
		return;
	if (slab)
		snprintf(st->first_problem, sizeof(st->first_problem), "slab %p: %s",
			 (const void *)slab, what);
	else
		strlcpy(st->first_problem, what, sizeof(st->first_problem));
}

static uint32_t audit_count_bits(const uint32_t *bits)
{
	uint32_t n = 0;
	for (unsigned w = 0; w < SLAB_BITMAP_WORDS; w++)
		for (uint32_t x = bits[w]; x; x &= x - 1) /* clears the lowest set bit */
			n++;
	return n;
}

static void audit_check_pages(struct kmalloc_audit_state *st, const struct slab *slab)
{
	const struct page *first = virt_to_page(slab);
	for (uint32_t i = 0; i < (1u << slab->order); i++) {
		if (!(first[i].flags & PG_SLAB) || first[i].private != (uintptr_t)slab) {
			audit_note(st, slab, "a page lacks PG_SLAB or points elsewhere");
			return;
		}
	}
}

/* nr_inuse_lo..nr_inuse_hi: what the list the slab is on allows. */
static void audit_check_slab(struct kmalloc_audit_state *st, const struct slab *slab,
			     const struct kmalloc_cache *cache, uint32_t nr_inuse_lo,
			     uint32_t nr_inuse_hi)
{
	if (slab->magic != SLAB_MAGIC || slab->cache != cache) {
		audit_note(st, slab, "bad magic or owning cache");
		return;
	}
	if (slab->nr_inuse < nr_inuse_lo || slab->nr_inuse > nr_inuse_hi)
		audit_note(st, slab, "in-use count does not match its list");
	if (audit_count_bits(slab->inuse_bits) != slab->nr_inuse)
		audit_note(st, slab, "in-use bitmap disagrees with nr_inuse");
	for (unsigned w = 0; w < SLAB_BITMAP_WORDS; w++)
		if (slab->inuse_bits[w] & slab->poisoned_bits[w])
			audit_note(st, slab, "an object in use is marked poisoned");
	audit_check_pages(st, slab);
	st->nr_pages += 1u << slab->order;
	st->nr_objects += slab->nr_inuse;
}

static void audit_check_cache(struct kmalloc_audit_state *st, const struct kmalloc_cache *cache)
{
	const struct list_head *pos;
	list_for_each(pos, &cache->partial)
	{
		const struct slab *slab = list_entry(pos, struct slab, list);
		audit_check_slab(st, slab, cache, 1, slab->nr_objects - 1u);
	}
	list_for_each(pos, &cache->full)
	{
		const struct slab *slab = list_entry(pos, struct slab, list);
		audit_check_slab(st, slab, cache, slab->nr_objects, slab->nr_objects);
	}
	if (cache->spare)
		audit_check_slab(st, cache->spare, cache, 0, 0);
}

/*
 * Walk every slab and check that headers, bitmaps, lists, page flags and the
 * counters agree.  Returns the number of problems found (0 = consistent) and
 * reports the first.  Large blocks are on no list, so only slabs are walked.
 */
uint32_t kmalloc_audit(void)
{
	struct kmalloc_audit_state st = {0};

	uint32_t flags = spin_lock_irqsave(&kmalloc_lock);
	for (unsigned i = 0; i < KMALLOC_NR_CLASSES; i++)
		audit_check_cache(&st, &kmalloc_caches[i]);
	if (st.nr_pages != kmalloc_counts.nr_slab_pages)
		audit_note(&st, NULL, "nr_slab_pages differs from the slabs found");
	if (st.nr_objects != kmalloc_counts.nr_objects_inuse)
		audit_note(&st, NULL, "nr_objects_inuse differs from the bitmaps");
	spin_unlock_irqrestore(&kmalloc_lock, flags);

	if (st.nr_problems)
		pr_err("kmalloc: audit found %u problem(s); first: %s\n", st.nr_problems,
		       st.first_problem);
	return st.nr_problems;
}
