/*
 * kmalloc_test.c — self tests for mm/kmalloc.c: round trips, page accounting,
 * and every caller bug the allocator promises to catch.
 *
 * Each test puts the allocator back as it found it: what it allocates it frees,
 * and the poisoning switch is restored.  The bug tests make real mistakes on
 * purpose (double free, interior pointers, writes after free), so their
 * "kmalloc: ..." error lines on the console are expected.  The tests only use
 * the public API plus kmalloc_audit(); they deliberately do not peek at slab
 * headers, so they also document what a caller can rely on.
 * Next: mm/page_alloc_test.c for the layer below.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/string.h>

#define KT_OBJECTS_PER_CLASS 20 /* more than one slab of the big classes */
#define KT_MIXED_ALLOCS 300
#define KT_REUSE_LIMIT 512 /* allocations to wait for a freed object to return */

/* Big pointer tables live here, not on the (small) kernel stack; tests run
 * one at a time. */
static void *kt_ptrs[KT_MIXED_ALLOCS];
static void *kt_reuse[KT_REUSE_LIMIT];

static bool kt_bytes_are(const void *p, uint8_t value, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != value)
			return false;
	return true;
}

static size_t kt_class_size(size_t size)
{
	size_t class_size = KMALLOC_MIN_SIZE;
	while (class_size < size)
		class_size <<= 1;
	return class_size;
}

static uint32_t kt_bad_frees(void)
{
	struct kmalloc_stats st;
	kmalloc_get_stats(&st);
	return st.nr_bad_frees;
}

static uint32_t kt_poison_errors(void)
{
	struct kmalloc_stats st;
	kmalloc_get_stats(&st);
	return st.nr_poison_errors;
}

KTEST(kmalloc_zero_size_returns_null)
{
	uint32_t bad_before = kt_bad_frees();
	KT_EXPECT(ctx, kmalloc(0) == NULL);
	KT_EXPECT(ctx, kzalloc(0) == NULL);
	kfree(NULL); /* a no-op, not a bad free */
	KT_EXPECT_EQ(ctx, kt_bad_frees(), bad_before);
}

/* Allocate n objects of `size`, fill each with its own byte, check none was
 * overwritten by a neighbour and no two ranges overlap, free them. */
static void kt_round_trip(struct ktest_ctx *ctx, size_t size, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		kt_ptrs[i] = kmalloc(size);
		KT_EXPECT(ctx, kt_ptrs[i] != NULL);
		if (kt_ptrs[i])
			memset(kt_ptrs[i], (int)(i + 1), size);
	}
	for (unsigned i = 0; i < n; i++) {
		uintptr_t a = (uintptr_t)kt_ptrs[i];
		if (!a)
			continue;
		KT_EXPECT(ctx, kt_bytes_are(kt_ptrs[i], (uint8_t)(i + 1), size));
		for (unsigned j = i + 1; j < n; j++) {
			uintptr_t b = (uintptr_t)kt_ptrs[j];
			KT_EXPECT(ctx, !b || a + size <= b || b + size <= a);
		}
	}
	for (unsigned i = 0; i < n; i++)
		kfree(kt_ptrs[i]);
}

KTEST(kmalloc_every_class_round_trips)
{
	struct kmalloc_stats before, after;
	kmalloc_get_stats(&before);
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_SLAB_SIZE; size *= 2) {
		kt_round_trip(ctx, size, KT_OBJECTS_PER_CLASS);
		kt_round_trip(ctx, size / 2 + 1, KT_OBJECTS_PER_CLASS); /* rounds up */
	}
	kmalloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_objects_inuse, before.nr_objects_inuse);
	KT_EXPECT_EQ(ctx, after.nr_bad_frees, before.nr_bad_frees);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

KTEST(kmalloc_objects_are_aligned)
{
	static const size_t sizes[] = {1,   7,	  15,	16,   17,   33,	  100,	255,
				       513, 1000, 2047, 2048, 2049, 3000, 20000};
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t align = sizes[i] > KMALLOC_MAX_SLAB_SIZE ? PAGE_SIZE
								: MIN(kt_class_size(sizes[i]), 16u);
		/* Two in a row, so the second is not just a slab's first object. */
		void *a = kmalloc(sizes[i]), *b = kmalloc(sizes[i]);
		KT_EXPECT(ctx, a && b);
		KT_EXPECT_EQ(ctx, (uintptr_t)a % align, 0);
		KT_EXPECT_EQ(ctx, (uintptr_t)b % align, 0);
		kfree(a);
		kfree(b);
	}
}

/* Sizes cycled through by the page-accounting test: every class and two large. */
static const size_t kt_mixed_sizes[] = {8, 24, 40, 100, 200, 300, 700, 1500, 2048, 3000, 9000};

KTEST(kmalloc_frees_return_pages_after_shrink)
{
	kmalloc_shrink(); /* spares left by earlier users would skew the count */
	uint32_t nr_free_before = page_alloc_nr_free();
	struct kmalloc_stats before, during, after;
	kmalloc_get_stats(&before);

	for (unsigned i = 0; i < KT_MIXED_ALLOCS; i++)
		kt_ptrs[i] = kmalloc(kt_mixed_sizes[i % ARRAY_SIZE(kt_mixed_sizes)]);
	kmalloc_get_stats(&during);
	for (unsigned i = 0; i < KT_MIXED_ALLOCS; i++) {
		KT_EXPECT(ctx, kt_ptrs[i] != NULL);
		kfree(kt_ptrs[i]);
	}
	KT_EXPECT(ctx, during.nr_slab_pages > before.nr_slab_pages);
	KT_EXPECT(ctx, during.nr_large_pages > before.nr_large_pages);

	kmalloc_shrink();
	kmalloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), nr_free_before);
	KT_EXPECT_EQ(ctx, after.nr_slab_pages, before.nr_slab_pages);
	KT_EXPECT_EQ(ctx, after.nr_large_pages, before.nr_large_pages);
	KT_EXPECT_EQ(ctx, after.nr_objects_inuse, before.nr_objects_inuse);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

KTEST(kmalloc_large_round_trips)
{
	uint32_t nr_free_before = page_alloc_nr_free();
	struct kmalloc_stats before, during;
	kmalloc_get_stats(&before);

	uint8_t *small = kmalloc(3000), *big = kmalloc(20000);
	KT_ASSERT(ctx, small && big);
	kmalloc_get_stats(&during);
	KT_EXPECT_EQ(ctx, during.nr_large_pages, before.nr_large_pages + 1 + 8);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), nr_free_before - 1 - 8);
	KT_EXPECT(ctx, virt_to_page(big)->flags & PG_KMALLOC_LARGE);

	memset(small, 0x11, 3000);
	memset(big, 0x22, 20000);
	KT_EXPECT(ctx, kt_bytes_are(small, 0x11, 3000));
	KT_EXPECT(ctx, kt_bytes_are(big, 0x22, 20000));
	kfree(small);
	kfree(big);

	kmalloc_get_stats(&during);
	KT_EXPECT_EQ(ctx, during.nr_large_pages, before.nr_large_pages);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), nr_free_before);
	KT_EXPECT_EQ(ctx, during.nr_bad_frees, before.nr_bad_frees);
}

KTEST(kmalloc_kzalloc_zeroes)
{
	bool was_poisoning = kmalloc_poisoning_is_on();
	kmalloc_set_poisoning(true); /* so a reused object is full of 0x6b first */

	uint8_t *dirty = kmalloc(200);
	KT_ASSERT(ctx, dirty != NULL);
	memset(dirty, 0xff, 200);
	kfree(dirty);
	uint8_t *small = kzalloc(200), *big = kzalloc(5000);
	KT_EXPECT(ctx, small && kt_bytes_are(small, 0, 200));
	KT_EXPECT(ctx, big && kt_bytes_are(big, 0, 5000));
	kfree(small);
	kfree(big);

	kmalloc_set_poisoning(was_poisoning);
}

KTEST(kmalloc_double_free_is_caught)
{
	uint32_t bad_before = kt_bad_frees();
	uint8_t *a = kmalloc(48), *b = kmalloc(48), *large = kmalloc(10000);
	KT_ASSERT(ctx, a && b && large);

	kfree(a);
	kfree(a);
	KT_EXPECT_EQ(ctx, kt_bad_frees(), bad_before + 1);
	kfree(large);
	kfree(large);
	KT_EXPECT_EQ(ctx, kt_bad_frees(), bad_before + 2);

	/* The allocator is still sound: the next objects are usable and distinct. */
	uint8_t *c = kmalloc(48), *d = kmalloc(48);
	KT_EXPECT(ctx, c && d && c != d && c != b && d != b);
	if (c && d) {
		memset(c, 0x33, 48);
		memset(d, 0x44, 48);
		KT_EXPECT(ctx, kt_bytes_are(c, 0x33, 48) && kt_bytes_are(d, 0x44, 48));
	}
	kfree(b);
	kfree(c);
	kfree(d);
	KT_EXPECT_EQ(ctx, kt_bad_frees(), bad_before + 2);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

/* kfree(ptr) must be refused, counted once, and leave the n bytes at check
 * (which holds `value`) alone. */
static void kt_expect_refused(struct ktest_ctx *ctx, void *ptr, const void *check, uint8_t value,
			      size_t n)
{
	uint32_t bad_before = kt_bad_frees();
	kfree(ptr);
	KT_EXPECT_EQ(ctx, kt_bad_frees(), bad_before + 1);
	if (check)
		KT_EXPECT(ctx, kt_bytes_are(check, value, n));
}

KTEST(kmalloc_bad_pointers_are_caught)
{
	uint8_t *obj = kmalloc(64), *large = kmalloc(3 * PAGE_SIZE);
	struct page *plain = alloc_page();
	KT_ASSERT(ctx, obj && large && plain);
	uint8_t *plain_va = page_to_virt(plain);
	uint8_t on_stack[32];
	memset(obj, 0x55, 64);
	memset(large, 0x66, 3 * PAGE_SIZE);
	memset(plain_va, 0x77, PAGE_SIZE);
	memset(on_stack, 0x88, sizeof(on_stack));

	kt_expect_refused(ctx, obj + 1, obj, 0x55, 64);	 /* interior, unaligned */
	kt_expect_refused(ctx, obj + 16, obj, 0x55, 64); /* interior, aligned */
	kt_expect_refused(ctx, large + 100, large, 0x66, 3 * PAGE_SIZE);
	kt_expect_refused(ctx, large + PAGE_SIZE, large, 0x66, 3 * PAGE_SIZE);
	kt_expect_refused(ctx, on_stack, on_stack, 0x88, sizeof(on_stack));
	kt_expect_refused(ctx, plain_va, plain_va, 0x77, PAGE_SIZE);
	kt_expect_refused(ctx, (void *)0x1000, NULL, 0, 0);	/* user space */
	kt_expect_refused(ctx, (void *)0xfffff000, NULL, 0, 0); /* past the direct map */

	free_page(plain);
	kfree(obj);
	kfree(large);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

/* Keep allocating `size` until `target` comes back (or give up); what was
 * allocated on the way is in kt_reuse[0..*nr).  Returns whether it came back. */
static bool kt_alloc_until(size_t size, const void *target, unsigned *nr)
{
	for (*nr = 0; *nr < KT_REUSE_LIMIT; (*nr)++) {
		kt_reuse[*nr] = kmalloc(size);
		if (kt_reuse[*nr] == target) {
			(*nr)++;
			return true;
		}
	}
	return false;
}

static void kt_free_reuse(unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		kfree(kt_reuse[i]);
}

/* Among kt_ptrs[0..n), one whose page holds another of them: freeing it
 * cannot empty its slab, so the slab stays and the object will come back.
 * Works for sizes whose slab is one page (up to 256). */
static int kt_pick_object_with_neighbour(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++)
			if (i != j && ((uintptr_t)kt_ptrs[i] ^ (uintptr_t)kt_ptrs[j]) < PAGE_SIZE)
				return (int)i;
	return -1;
}

/* Allocate 8 objects of `size`, free one that shares its slab with another;
 * returns it (the other 7 stay in kt_ptrs[] until kt_free_others()). */
static uint8_t *kt_free_one_of_eight(size_t size, int *victim)
{
	for (unsigned i = 0; i < 8; i++)
		kt_ptrs[i] = kmalloc(size);
	*victim = kt_pick_object_with_neighbour(8);
	if (*victim < 0)
		return NULL;
	kfree(kt_ptrs[*victim]);
	return kt_ptrs[*victim];
}

static void kt_free_others(int victim)
{
	for (int i = 0; i < 8; i++)
		if (i != victim)
			kfree(kt_ptrs[i]);
}

KTEST(kmalloc_write_after_free_is_caught)
{
	bool was_poisoning = kmalloc_poisoning_is_on();
	kmalloc_set_poisoning(true);
	uint32_t errors_before = kt_poison_errors();
	int victim;
	unsigned nr;

	uint8_t *freed = kt_free_one_of_eight(96, &victim);
	KT_EXPECT(ctx, freed != NULL);
	if (freed) {
		KT_EXPECT(ctx, kt_bytes_are(freed, KMALLOC_POISON_FREE, 96));
		freed[40] = 0; /* the bug */
		KT_EXPECT(ctx, kt_alloc_until(96, freed, &nr));
		KT_EXPECT_EQ(ctx, kt_poison_errors(), errors_before + 1);
		/* Still handed out, freshly filled. */
		KT_EXPECT(ctx, kt_bytes_are(freed, KMALLOC_POISON_ALLOC, 96));
		kt_free_reuse(nr);
	}
	kt_free_others(victim);
	kmalloc_set_poisoning(was_poisoning);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

/* An object freed while poisoning was off carries no poison: turning
 * poisoning on must not report it as written after free. */
KTEST(kmalloc_poisoning_toggle_no_false_alarm)
{
	bool was_poisoning = kmalloc_poisoning_is_on();
	uint32_t errors_before = kt_poison_errors();
	int victim;
	unsigned nr;

	kmalloc_set_poisoning(false);
	KT_EXPECT(ctx, !kmalloc_poisoning_is_on());
	uint8_t *freed = kt_free_one_of_eight(200, &victim);
	KT_EXPECT(ctx, freed != NULL);
	kmalloc_set_poisoning(true);
	if (freed) {
		KT_EXPECT(ctx, kt_alloc_until(200, freed, &nr));
		KT_EXPECT_EQ(ctx, kt_poison_errors(), errors_before);
		kt_free_reuse(nr);
	}
	kt_free_others(victim);
	kmalloc_set_poisoning(was_poisoning);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}

/* A fixed pseudo-random mix of allocations and frees over KT_STRESS_SLOTS
 * slots; each live object carries its slot's byte, which must survive. */
#define KT_STRESS_SLOTS 64
#define KT_STRESS_STEPS 3000

static uint32_t kt_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u; /* the classic C library LCG */
	return *state >> 8;
}

static size_t kt_stress_size(uint32_t r)
{
	/* Mostly slab sizes, now and then a large block. */
	return r % 16 == 0 ? 2049 + r % 10000 : 1 + r % KMALLOC_MAX_SLAB_SIZE;
}

/* Free slot i after checking its contents. */
static void kt_stress_release(struct ktest_ctx *ctx, unsigned i, size_t *sizes)
{
	if (!kt_ptrs[i])
		return;
	KT_EXPECT(ctx, kt_bytes_are(kt_ptrs[i], (uint8_t)(i + 1), sizes[i]));
	kfree(kt_ptrs[i]);
	kt_ptrs[i] = NULL;
}

KTEST(kmalloc_random_alloc_free_stays_consistent)
{
	static size_t sizes[KT_STRESS_SLOTS];
	uint32_t seed = 2006, bad_before = kt_bad_frees();
	struct kmalloc_stats before, after;
	kmalloc_get_stats(&before);
	memset(kt_ptrs, 0, sizeof(kt_ptrs));

	for (unsigned step = 0; step < KT_STRESS_STEPS; step++) {
		uint32_t r = kt_random(&seed);
		unsigned i = r % KT_STRESS_SLOTS;
		kt_stress_release(ctx, i, sizes);
		if (r & 0x10000)
			continue; /* leave the slot empty this time */
		sizes[i] = kt_stress_size(kt_random(&seed));
		kt_ptrs[i] = kmalloc(sizes[i]);
		KT_EXPECT(ctx, kt_ptrs[i] != NULL);
		if (kt_ptrs[i])
			memset(kt_ptrs[i], (int)(i + 1), sizes[i]);
	}
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
	for (unsigned i = 0; i < KT_STRESS_SLOTS; i++)
		kt_stress_release(ctx, i, sizes);

	kmalloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_objects_inuse, before.nr_objects_inuse);
	KT_EXPECT_EQ(ctx, after.nr_large_pages, before.nr_large_pages);
	KT_EXPECT_EQ(ctx, after.nr_bad_frees, bad_before);
	KT_EXPECT_EQ(ctx, after.nr_poison_errors, before.nr_poison_errors);
	KT_EXPECT_EQ(ctx, kmalloc_audit(), 0);
}
