/*
 * page_tree.c — the radix tree behind the page cache (include/corral/page_tree.h
 * has the picture).
 *
 * An index is cut into 6-bit digits, most significant first; each level of
 * nodes consumes one digit.  A tree of height h holds indexes below 64^h, so
 * a small file needs one node and a 4 GiB one six levels.  Invariants, kept by
 * every function here and checked by mm/page_tree_test.c:
 *   - no node is empty (a node whose last slot empties is freed at once);
 *   - nr_items counts the items (the leaves);
 *   - height is 0 exactly when root is NULL.
 * Next: mm/page_cache.c, the tree's one user.
 */
#include <corral/kmalloc.h>
#include <corral/page_tree.h>
#include <corral/panic.h>
#include <uapi/errno.h>

struct page_tree_node {
	void *slots[PAGE_TREE_SLOTS];
};

_Static_assert(sizeof(struct page_tree_node) == 256, "a node is one 256-byte kmalloc object");

/* Which slot of a level-`level` node (level 1 = the one holding items) index uses. */
static unsigned page_tree_slot(uint32_t index, unsigned level)
{
	return (unsigned)(((uint64_t)index >> ((level - 1) * PAGE_TREE_SHIFT)) &
			  (PAGE_TREE_SLOTS - 1));
}

static bool page_tree_fits(unsigned height, uint32_t index)
{
	if (height == 0)
		return false; /* an empty tree fits nothing; a node is needed first */
	return height * PAGE_TREE_SHIFT >= 32 || index < (1u << (height * PAGE_TREE_SHIFT));
}

static bool page_tree_node_is_empty(const struct page_tree_node *node)
{
	for (unsigned i = 0; i < PAGE_TREE_SLOTS; i++)
		if (node->slots[i])
			return false;
	return true;
}

void *page_tree_lookup(const struct page_tree *tree, uint32_t index)
{
	if (!tree->root || !page_tree_fits(tree->height, index))
		return NULL;
	void *entry = tree->root;
	for (unsigned level = tree->height; level > 0 && entry; level--)
		entry = ((struct page_tree_node *)entry)->slots[page_tree_slot(index, level)];
	return entry;
}

/* Make the tree tall enough for index: each new root has the old one in slot 0. */
static int page_tree_grow(struct page_tree *tree, uint32_t index)
{
	while (!page_tree_fits(tree->height, index)) {
		if (!tree->root) {
			tree->height++; /* nothing to push down yet */
			continue;
		}
		struct page_tree_node *node = kzalloc(sizeof(*node));
		if (!node)
			return -ENOMEM;
		node->slots[0] = tree->root;
		tree->root = node;
		tree->height++;
	}
	if (!tree->root && !(tree->root = kzalloc(sizeof(struct page_tree_node))))
		return -ENOMEM;
	return 0;
}

/* Free the empty nodes on index's path, bottom up, then drop root levels
 * that only lead to slot 0.  Keeps "no node is empty" after a remove or a
 * failed insert. */
static void page_tree_prune(struct page_tree *tree, uint32_t index)
{
	struct page_tree_node *path[PAGE_TREE_MAX_HEIGHT + 1];
	unsigned depth = 0;
	struct page_tree_node *node = tree->root;
	for (unsigned level = tree->height; level > 0 && node; level--) {
		path[level] = node;
		depth = level;
		node = level > 1 ? node->slots[page_tree_slot(index, level)] : NULL;
	}
	for (unsigned level = depth; level > 0 && level <= tree->height; level++) {
		if (!page_tree_node_is_empty(path[level]))
			break;
		kfree(path[level]);
		if (level == tree->height) {
			tree->root = NULL;
			tree->height = 0;
			return;
		}
		path[level + 1]->slots[page_tree_slot(index, level + 1)] = NULL;
	}
	while (tree->height > 1) {
		struct page_tree_node *root = tree->root;
		bool only_slot0 = root->slots[0] != NULL;
		for (unsigned i = 1; only_slot0 && i < PAGE_TREE_SLOTS; i++)
			only_slot0 = root->slots[i] == NULL;
		if (!only_slot0)
			break;
		tree->root = root->slots[0];
		tree->height--;
		kfree(root);
	}
}

int page_tree_insert(struct page_tree *tree, uint32_t index, void *item)
{
	assert(item != NULL);
	int err = page_tree_grow(tree, index);
	struct page_tree_node *node = tree->root;
	for (unsigned level = tree->height; !err && level > 1; level--) {
		void **slot = &node->slots[page_tree_slot(index, level)];
		if (!*slot && !(*slot = kzalloc(sizeof(struct page_tree_node))))
			err = -ENOMEM;
		node = *slot;
	}
	if (!err && node->slots[page_tree_slot(index, 1)])
		err = -EEXIST;
	if (err) {
		if (tree->root)
			page_tree_prune(tree, index); /* nodes made for nothing go again */
		return err;
	}
	node->slots[page_tree_slot(index, 1)] = item;
	tree->nr_items++;
	return 0;
}

void *page_tree_remove(struct page_tree *tree, uint32_t index)
{
	if (!tree->root || !page_tree_fits(tree->height, index))
		return NULL;
	struct page_tree_node *node = tree->root;
	for (unsigned level = tree->height; level > 1 && node; level--)
		node = node->slots[page_tree_slot(index, level)];
	if (!node || !node->slots[page_tree_slot(index, 1)])
		return NULL;
	void *item = node->slots[page_tree_slot(index, 1)];
	node->slots[page_tree_slot(index, 1)] = NULL;
	tree->nr_items--;
	page_tree_prune(tree, index);
	return item;
}

/* The first item at or after *cursor under node (a level-`level` node); the
 * cursor moves past every empty slot it skips.  Depth is at most 6. */
static void *page_tree_next_in(const struct page_tree_node *node, unsigned level,
			       uint64_t *cursor)
{
	unsigned shift = (level - 1) * PAGE_TREE_SHIFT;
	uint64_t node_end = ((*cursor >> (shift + PAGE_TREE_SHIFT)) + 1) << (shift + PAGE_TREE_SHIFT);
	while (*cursor < node_end) {
		void *child = node->slots[(*cursor >> shift) & (PAGE_TREE_SLOTS - 1)];
		if (child && level == 1)
			return child;
		if (child) {
			void *found = page_tree_next_in(child, level - 1, cursor);
			if (found)
				return found;
			continue; /* the cursor already stands at the next slot */
		}
		*cursor = ((*cursor >> shift) + 1) << shift;
	}
	return NULL;
}

void *page_tree_next(const struct page_tree *tree, uint32_t *index)
{
	if (!tree->root || !page_tree_fits(tree->height, *index))
		return NULL;
	uint64_t cursor = *index;
	void *found = page_tree_next_in(tree->root, tree->height, &cursor);
	if (found)
		*index = (uint32_t)cursor;
	return found;
}
