/*
 * lru_test.c — self tests of the LRU lists (mm/lru.c) on lists of their own:
 * real pages from alloc_page, never charged, put on a struct lru_lists that
 * belongs to no container, so nothing else sees them.
 */
#include <corral/ktest.h>
#include <corral/lru.h>
#include <corral/page.h>

#define NR_TEST_PAGES 4

static struct page *pages[NR_TEST_PAGES];

/* Pages 0 and 1 anonymous, 2 and 3 file pages. */
static bool pages_get(void)
{
	for (int i = 0; i < NR_TEST_PAGES; i++) {
		pages[i] = alloc_page();
		if (!pages[i])
			return false;
		pages[i]->flags |= i < 2 ? PG_ANON : PG_FILE;
	}
	return true;
}

static void pages_put(void)
{
	for (int i = 0; i < NR_TEST_PAGES; i++) {
		if (!pages[i])
			continue;
		pages[i]->flags &= ~(PG_ANON | PG_FILE | PG_ACTIVE);
		free_page(pages[i]);
		pages[i] = NULL;
	}
}

static struct page *first(struct lru_lists *lru, enum lru_list_kind kind)
{
	struct list_head *head = &lru->lists[kind];
	return list_is_empty(head) ? NULL : list_entry(head->next, struct page, list);
}

static struct page *last(struct lru_lists *lru, enum lru_list_kind kind)
{
	struct list_head *head = &lru->lists[kind];
	return list_is_empty(head) ? NULL : list_entry(head->prev, struct page, list);
}

KTEST(lru_add_and_del_follow_the_flags)
{
	static struct lru_lists lru;
	lru_init(&lru);
	if (!pages_get()) {
		pages_put();
		KT_ASSERT(ctx, false);
	}
	lru_add_page(&lru, pages[0], LRU_ACTIVE_ANON);
	lru_add_page(&lru, pages[1], LRU_INACTIVE_ANON);
	lru_add_page(&lru, pages[2], LRU_ACTIVE_FILE);
	lru_add_page(&lru, pages[3], LRU_INACTIVE_FILE);
	KT_EXPECT(ctx, pages[0]->flags & PG_ACTIVE);
	KT_EXPECT(ctx, !(pages[1]->flags & PG_ACTIVE));
	KT_EXPECT_EQ(ctx, lru_page_list(pages[0]), LRU_ACTIVE_ANON);
	KT_EXPECT_EQ(ctx, lru_page_list(pages[1]), LRU_INACTIVE_ANON);
	KT_EXPECT_EQ(ctx, lru_page_list(pages[2]), LRU_ACTIVE_FILE);
	KT_EXPECT_EQ(ctx, lru_page_list(pages[3]), LRU_INACTIVE_FILE);
	for (int k = 0; k < NR_LRU_LISTS; k++)
		KT_EXPECT_EQ(ctx, lru.nr_pages[k], 1);
	KT_EXPECT_EQ(ctx, lru_nr_active(&lru), 2);

	/* Deactivate page 0 by hand: off one list, onto the other. */
	lru_del_page(&lru, pages[0]);
	KT_EXPECT(ctx, !(pages[0]->flags & PG_ACTIVE));
	KT_EXPECT_EQ(ctx, lru.nr_pages[LRU_ACTIVE_ANON], 0);
	lru_add_page(&lru, pages[0], LRU_INACTIVE_ANON);
	KT_EXPECT_EQ(ctx, lru.nr_pages[LRU_INACTIVE_ANON], 2);
	KT_EXPECT(ctx, first(&lru, LRU_INACTIVE_ANON) == pages[0]); /* the newest at the head */
	KT_EXPECT(ctx, last(&lru, LRU_INACTIVE_ANON) == pages[1]);
	KT_EXPECT_EQ(ctx, lru_nr_active(&lru), 1);

	for (int i = 0; i < NR_TEST_PAGES; i++)
		lru_del_page(&lru, pages[i]);
	for (int k = 0; k < NR_LRU_LISTS; k++) {
		KT_EXPECT_EQ(ctx, lru.nr_pages[k], 0);
		KT_EXPECT(ctx, list_is_empty(&lru.lists[k]));
	}
	pages_put();
}

/* lru_splice appends from's pages at the cold end of to's, in their order,
 * and leaves from empty. */
KTEST(lru_splice_keeps_order_at_the_cold_end)
{
	static struct lru_lists from, to;
	lru_init(&from);
	lru_init(&to);
	if (!pages_get()) {
		pages_put();
		KT_ASSERT(ctx, false);
	}
	lru_add_page(&to, pages[0], LRU_ACTIVE_ANON);
	lru_add_page(&from, pages[1], LRU_ACTIVE_ANON);
	lru_add_page(&from, pages[2], LRU_INACTIVE_FILE);
	lru_add_page(&from, pages[3], LRU_INACTIVE_FILE); /* from's newest file page */
	lru_splice(&to, &from);
	KT_EXPECT_EQ(ctx, to.nr_pages[LRU_ACTIVE_ANON], 2);
	KT_EXPECT_EQ(ctx, to.nr_pages[LRU_INACTIVE_FILE], 2);
	for (int k = 0; k < NR_LRU_LISTS; k++) {
		KT_EXPECT_EQ(ctx, from.nr_pages[k], 0);
		KT_EXPECT(ctx, list_is_empty(&from.lists[k]));
	}
	KT_EXPECT(ctx, first(&to, LRU_ACTIVE_ANON) == pages[0]);
	KT_EXPECT(ctx, last(&to, LRU_ACTIVE_ANON) == pages[1]);
	KT_EXPECT(ctx, first(&to, LRU_INACTIVE_FILE) == pages[3]);
	KT_EXPECT(ctx, last(&to, LRU_INACTIVE_FILE) == pages[2]);
	for (int i = 0; i < NR_TEST_PAGES; i++)
		lru_del_page(&to, pages[i]);
	KT_EXPECT_EQ(ctx, lru_nr_active(&to), 0);
	pages_put();
}
