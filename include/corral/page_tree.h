/*
 * page_tree.h — a radix tree from 32-bit page indexes to pointers
 * (mm/page_tree.c): how an inode finds the page cache page holding file page
 * N in a few steps, however big and however sparse the file.
 *
 *   height 1: index < 64            root -> [64 slots] -> items
 *   height 2: index < 64^2 = 4096   root -> [64] -> [64] -> items
 *   ...       height 6 covers every 32-bit index
 *
 * Each node is 64 pointers (256 bytes, one kmalloc object).  The tree grows
 * taller only when an index needs it and frees nodes that empty.  Callers
 * serialise changes (the page cache holds inode->lock); lookups of a tree
 * nobody changes need no lock.
 */
#ifndef CORRAL_PAGE_TREE_H
#define CORRAL_PAGE_TREE_H

#include <corral/types.h>

#define PAGE_TREE_SHIFT 6
#define PAGE_TREE_SLOTS (1u << PAGE_TREE_SHIFT)
#define PAGE_TREE_MAX_HEIGHT 6 /* 6 * 6 = 36 bits >= 32 */

struct page_tree {
	void *root;      /* a node, or NULL when the tree is empty */
	unsigned height; /* levels of nodes; 0 when empty */
	uint32_t nr_items;
};

#define PAGE_TREE_INIT {NULL, 0, 0}

void *page_tree_lookup(const struct page_tree *tree, uint32_t index);
/* 0, -EEXIST (the slot is taken), or -ENOMEM (the tree is unchanged). */
int page_tree_insert(struct page_tree *tree, uint32_t index, void *item);
/* Take the item at index out (NULL if there was none). */
void *page_tree_remove(struct page_tree *tree, uint32_t index);
/* The item at the lowest index >= *index, with *index set to it; NULL if
 * there is none.  Walks skip empty subtrees, so a sparse tree is cheap. */
void *page_tree_next(const struct page_tree *tree, uint32_t *index);

#endif
