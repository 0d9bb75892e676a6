/*
 * page_tree_test.c — self tests of the page-index radix tree (mm/page_tree.c):
 * lookups, growth to every height, sparse walks, removal that frees every
 * node (the per-test page-leak check of kernel/ktest.c would see one left),
 * and an insert that fails for lack of memory leaving the tree as it was.
 */
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page_tree.h>
#include <uapi/errno.h>

/* Items are fake pointers made from the index: never dereferenced. */
static void *item_for(uint32_t index)
{
	return (void *)(uintptr_t)((index << 2) | 1);
}

KTEST(page_tree_insert_lookup_remove)
{
	struct page_tree tree = PAGE_TREE_INIT;
	KT_EXPECT(ctx, page_tree_lookup(&tree, 0) == NULL);
	KT_EXPECT_EQ(ctx, page_tree_insert(&tree, 5, item_for(5)), 0);
	KT_EXPECT_EQ(ctx, tree.height, 1);
	KT_EXPECT_EQ(ctx, page_tree_insert(&tree, 5, item_for(5)), -EEXIST);
	KT_EXPECT(ctx, page_tree_lookup(&tree, 5) == item_for(5));
	KT_EXPECT(ctx, page_tree_lookup(&tree, 6) == NULL);
	KT_EXPECT(ctx, page_tree_lookup(&tree, 5 + 64) == NULL); /* beyond the height */
	KT_EXPECT(ctx, page_tree_remove(&tree, 6) == NULL);
	KT_EXPECT(ctx, page_tree_remove(&tree, 5) == item_for(5));
	KT_EXPECT(ctx, tree.root == NULL);
	KT_EXPECT_EQ(ctx, tree.height, 0);
	KT_EXPECT_EQ(ctx, tree.nr_items, 0);
}

/* Indexes that need every height, up to the last 32-bit one. */
KTEST(page_tree_grows_and_shrinks_with_its_indexes)
{
	static const uint32_t indexes[] = {0, 63, 64, 4095, 4096, 262144, 16777216, 0xffffffffu};
	const unsigned n = sizeof(indexes) / sizeof(indexes[0]);
	struct page_tree tree = PAGE_TREE_INIT;
	for (unsigned i = 0; i < n; i++)
		KT_EXPECT_EQ(ctx, page_tree_insert(&tree, indexes[i], item_for(indexes[i])), 0);
	KT_EXPECT_EQ(ctx, tree.height, PAGE_TREE_MAX_HEIGHT);
	KT_EXPECT_EQ(ctx, tree.nr_items, n);
	for (unsigned i = 0; i < n; i++)
		KT_EXPECT(ctx, page_tree_lookup(&tree, indexes[i]) == item_for(indexes[i]));
	for (unsigned i = n; i-- > 1;) /* remove from the top: the tree shrinks back */
		KT_EXPECT(ctx, page_tree_remove(&tree, indexes[i]) == item_for(indexes[i]));
	KT_EXPECT_EQ(ctx, tree.height, 1);
	KT_EXPECT(ctx, page_tree_remove(&tree, 0) == item_for(0));
	KT_EXPECT(ctx, tree.root == NULL);
}

KTEST(page_tree_next_skips_holes)
{
	struct page_tree tree = PAGE_TREE_INIT;
	static const uint32_t indexes[] = {3, 70, 4200, 300000};
	for (unsigned i = 0; i < 4; i++)
		KT_ASSERT(ctx, page_tree_insert(&tree, indexes[i], item_for(indexes[i])) == 0);
	uint32_t at = 0;
	unsigned seen = 0;
	void *item;
	while ((item = page_tree_next(&tree, &at)) != NULL) {
		KT_EXPECT(ctx, seen < 4 && at == indexes[seen] && item == item_for(at));
		seen++;
		if (at == 0xffffffffu)
			break;
		at++;
	}
	KT_EXPECT_EQ(ctx, seen, 4);
	at = 71;
	KT_EXPECT(ctx, page_tree_next(&tree, &at) == item_for(4200) && at == 4200);
	at = 300001;
	KT_EXPECT(ctx, page_tree_next(&tree, &at) == NULL);
	for (unsigned i = 0; i < 4; i++)
		page_tree_remove(&tree, indexes[i]);
	KT_EXPECT(ctx, tree.root == NULL);
}

/* With kmalloc failing, an insert that needs new nodes fails cleanly: the
 * old items are still there, no node is left over, nr_items is unchanged. */
KTEST(page_tree_insert_without_memory_changes_nothing)
{
	struct page_tree tree = PAGE_TREE_INIT;
	KT_ASSERT(ctx, page_tree_insert(&tree, 1, item_for(1)) == 0);
	kmalloc_fail_next(1); /* the next allocation fails */
	KT_EXPECT_EQ(ctx, page_tree_insert(&tree, 100000, item_for(100000)), -ENOMEM);
	KT_EXPECT_EQ(ctx, tree.nr_items, 1);
	KT_EXPECT_EQ(ctx, tree.height, 1);
	KT_EXPECT(ctx, page_tree_lookup(&tree, 1) == item_for(1));
	kmalloc_fail_next(3); /* fail after the root and one level have been made */
	KT_EXPECT_EQ(ctx, page_tree_insert(&tree, 100000, item_for(100000)), -ENOMEM);
	KT_EXPECT_EQ(ctx, tree.height, 1);
	KT_EXPECT(ctx, page_tree_lookup(&tree, 1) == item_for(1));
	kmalloc_fail_next(0);
	KT_EXPECT(ctx, page_tree_remove(&tree, 1) == item_for(1));
	KT_EXPECT(ctx, tree.root == NULL);
}
