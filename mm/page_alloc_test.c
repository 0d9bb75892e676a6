/*
 * page_alloc_test.c — self tests of the buddy allocator.
 *
 * The strongest check is the simplest: after any pattern of allocations is
 * freed again, the free counts of every order must equal what they were before
 * (coalescing is complete).  The exhaustion tests take every free page in the
 * machine for a moment, so they assume nothing else allocates meanwhile — true
 * while the self tests run (interrupt handlers do not allocate).
 */
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/string.h>

static bool stats_equal(const struct page_alloc_stats *a, const struct page_alloc_stats *b)
{
	if (a->nr_free_pages != b->nr_free_pages)
		return false;
	for (unsigned o = 0; o <= PAGE_MAX_ORDER; o++)
		if (a->nr_free_blocks[o] != b->nr_free_blocks[o])
			return false;
	return true;
}

/* Allocations are chained through their first word, so no memory is needed
 * to remember them; returns how many blocks were taken. */
static uint32_t take_all(unsigned order, void **chain)
{
	uint32_t count = 0;
	struct page *page;
	*chain = NULL;
	while ((page = alloc_pages(order)) != NULL) {
		void **block = page_to_virt(page);
		*block = *chain;
		*chain = block;
		count++;
	}
	return count;
}

static void give_back(void *chain, unsigned order)
{
	while (chain) {
		void *next = *(void **)chain;
		free_pages(virt_to_page(chain), order);
		chain = next;
	}
}

KTEST(page_alloc_exhaust_and_restore)
{
	struct page_alloc_stats before, after;
	void *chain;
	page_alloc_get_stats(&before);

	uint32_t taken = take_all(0, &chain);
	KT_EXPECT_EQ(ctx, taken, before.nr_free_pages);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), 0);
	KT_EXPECT(ctx, alloc_pages(0) == NULL);
	give_back(chain, 0);

	page_alloc_get_stats(&after);
	KT_EXPECT(ctx, stats_equal(&before, &after));
}

KTEST(page_alloc_blocks_are_aligned)
{
	struct page_alloc_stats before, after;
	page_alloc_get_stats(&before);
	for (unsigned order = 0; order <= PAGE_MAX_ORDER; order++) {
		struct page *page = alloc_pages(order);
		if (!page)
			continue; /* a small machine may have no free 4 MiB block */
		KT_EXPECT_EQ(ctx, page_to_pfn(page) & ((1u << order) - 1), 0);
		KT_EXPECT_EQ(ctx, page->refcount, 1);
		KT_EXPECT_EQ(ctx, page_block_order(page), order);
		free_pages(page, order);
	}
	page_alloc_get_stats(&after);
	KT_EXPECT(ctx, stats_equal(&before, &after));
	KT_EXPECT(ctx, alloc_pages(PAGE_MAX_ORDER + 1) == NULL);
}

KTEST(page_alloc_coalesces_in_any_free_order)
{
	enum { N = 256 };
	static struct page *pages[N];
	struct page_alloc_stats before, after;
	page_alloc_get_stats(&before);

	int n = 0;
	while (n < N && (pages[n] = alloc_page()) != NULL)
		n++;
	/* Free with a stride coprime to N: a scrambled order, every page once. */
	for (int i = 0; i < n; i++)
		free_page(pages[(i * 97) % n]);

	page_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, n, N);
	KT_EXPECT(ctx, stats_equal(&before, &after));
}

/* Take all memory as single pages, free every other one: nothing of order 1
 * can form, so an order-1 request must fail until the rest comes back. */
KTEST(page_alloc_fragmentation_blocks_large_requests)
{
	struct page_alloc_stats before, mid, after;
	void *chain;
	page_alloc_get_stats(&before);
	uint32_t taken = take_all(0, &chain);

	/* Unlink the pages with an even frame number and free them. */
	void **link = &chain;
	uint32_t freed = 0;
	while (*link) {
		void *block = *link;
		if ((page_to_pfn(virt_to_page(block)) & 1) == 0) {
			*link = *(void **)block;
			free_page(virt_to_page(block));
			freed++;
		} else {
			link = (void **)block;
		}
	}
	page_alloc_get_stats(&mid);
	KT_EXPECT_EQ(ctx, mid.nr_free_blocks[0], freed);
	KT_EXPECT_EQ(ctx, mid.nr_free_pages, freed);
	KT_EXPECT(ctx, freed > 0 && freed < taken);
	struct page *pair = alloc_pages(1);
	KT_EXPECT(ctx, pair == NULL);
	if (pair)
		free_pages(pair, 1);

	give_back(chain, 0);
	page_alloc_get_stats(&after);
	KT_EXPECT(ctx, stats_equal(&before, &after));
}

KTEST(page_alloc_bad_frees_are_refused)
{
	struct page_alloc_stats before, after;
	page_alloc_get_stats(&before);

	struct page *page = alloc_page();
	KT_ASSERT(ctx, page != NULL);
	free_page(page);
	free_page(page);                            /* double free */
	free_page(virt_to_page(__kernel_start));    /* the kernel image */
	free_page(pfn_to_page(0));                  /* reserved frame 0 */

	struct page *pair = alloc_pages(1);
	KT_ASSERT(ctx, pair != NULL);
	free_pages(pair + 1, 0);                    /* a tail page */
	free_pages(pair, 0);                        /* the wrong order */
	free_pages(pair, 1);                        /* the right one */

	page_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_bad_frees - before.nr_bad_frees, 5);
	after.nr_bad_frees = before.nr_bad_frees;
	KT_EXPECT(ctx, stats_equal(&before, &after));
}

KTEST(page_alloc_refcount_keeps_shared_pages)
{
	uint32_t free_before = page_alloc_nr_free();
	struct page *page = alloc_page();
	KT_ASSERT(ctx, page != NULL);
	get_page(page);
	free_page(page); /* one sharer left: still allocated */
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), free_before - 1);
	KT_EXPECT_EQ(ctx, page->refcount, 1);
	free_page(page);
	KT_EXPECT_EQ(ctx, page_alloc_nr_free(), free_before);
}

KTEST(page_alloc_zeroed_page_is_zero)
{
	uint8_t *va = alloc_zeroed_page();
	KT_ASSERT(ctx, va != NULL);
	bool is_zero = true;
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		is_zero &= va[i] == 0;
	KT_EXPECT(ctx, is_zero);
	free_page(virt_to_page(va));
}

/* Only reserved frames (boot memory) can be adopted: a page the allocator
 * already manages, free or in use, or a frame past the end of RAM, cannot.
 * (The initramfs adopts real reserved frames at every boot; test_initramfs.py
 * checks what comes of them.) */
KTEST(page_alloc_adopts_only_reserved_frames)
{
	struct page_alloc_stats before, after;
	page_alloc_get_stats(&before);
	struct page *page = alloc_pages(0);
	KT_ASSERT(ctx, page != NULL);
	uint32_t pfn = page_to_pfn(page);
	KT_EXPECT(ctx, page_alloc_adopt_reserved(pfn) == NULL);
	KT_EXPECT_EQ(ctx, page->refcount, 1);
	free_pages(page, 0);
	KT_EXPECT(ctx, page_alloc_adopt_reserved(pfn) == NULL); /* free now */
	KT_EXPECT(ctx, page_alloc_adopt_reserved(max_pfn) == NULL);
	page_alloc_get_stats(&after);
	KT_EXPECT_EQ(ctx, after.nr_managed_pages, before.nr_managed_pages);
	KT_EXPECT(ctx, stats_equal(&before, &after));
}
