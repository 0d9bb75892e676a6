/*
 * container_mm_test.c — self tests of where containers meet pages: charges
 * and uncharges (mm/container_mm.c), the mapped count, a file's pages
 * following the file to another container, and rmdir moving pages one by one
 * (mm/container_move.c), with pages taken off the lists (as reclaim will)
 * staying where they are until the container's last reference goes.  The
 * audit agrees at every step.
 */
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static struct container_stat stat_of(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st;
}

KTEST(container_mm_charge_and_uncharge)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-charge", &c) == 0);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	struct container_stat st = stat_of(c);
	KT_EXPECT_EQ(ctx, st.nr_anon_pages, 1);
	KT_EXPECT_EQ(ctx, st.nr_lru_pages[LRU_ACTIVE_ANON], 1);
	KT_EXPECT(ctx, p->container == c && (p->flags & PG_ANON));
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	get_page(p);
	free_page(p); /* still shared: stays charged */
	KT_EXPECT_EQ(ctx, stat_of(c).nr_anon_pages, 1);
	free_page(p); /* the last reference: uncharged */
	st = stat_of(c);
	KT_EXPECT_EQ(ctx, st.nr_anon_pages, 0);
	KT_EXPECT_EQ(ctx, st.nr_lru_pages[LRU_ACTIVE_ANON], 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(c);
}

KTEST(container_mm_page_limit_counts_hits)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-limit", &c) == 0);
	container_set_page_limit(c, 1);
	struct page *a = alloc_page(), *b = alloc_page();
	KT_ASSERT(ctx, a && b);
	KT_EXPECT_EQ(ctx, container_make_room(c), 0);
	container_charge_anon(a, c);
	KT_EXPECT_EQ(ctx, stat_of(c).page_limit_hits, 0);
	KT_EXPECT_EQ(ctx, container_make_room(c), 0); /* finds usage 1 >= limit 1; a kernel
							* thread is not held back */
	container_charge_anon(b, c);
	KT_EXPECT_EQ(ctx, stat_of(c).page_limit_hits, 1);
	free_page(a);
	free_page(b);
	container_destroy(c);
}

/* A file with npages pages in the cache, created from the boot task (so
 * charged to the root). */
static struct file *file_make(const char *path, int npages)
{
	static char data[PAGE_SIZE];
	memset(data, 'c', sizeof(data));
	struct file *file;
	if (vfs_open(path, O_RDWR | O_CREAT | O_TRUNC, 0600, &file))
		return NULL;
	for (int i = 0; i < npages; i++) {
		if (file_write(file, data, sizeof(data)) != (ssize_t)sizeof(data)) {
			file_put(file);
			return NULL;
		}
	}
	return file;
}

/* The mapped count follows the PG_MAPPED flag of charged file pages only. */
KTEST(container_mm_mapped_count)
{
	struct file *file = file_make("/tmp/cmt_mapped", 1);
	KT_ASSERT(ctx, file != NULL);
	struct container *owner = container_get_by_file(file->inode);
	struct page *page = page_cache_find(file->inode, 0);
	KT_ASSERT(ctx, page != NULL);
	uint32_t before = stat_of(owner).nr_mapped_pages;
	container_page_mapped(page);
	container_page_mapped(page); /* once only */
	KT_EXPECT_EQ(ctx, stat_of(owner).nr_mapped_pages, before + 1);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_page_unmapped(page);
	KT_EXPECT_EQ(ctx, stat_of(owner).nr_mapped_pages, before);
	struct page *anon = alloc_page();
	KT_ASSERT(ctx, anon != NULL);
	container_charge_anon(anon, owner);
	container_page_mapped(anon); /* anonymous pages are not "mapped" file pages */
	KT_EXPECT_EQ(ctx, stat_of(owner).nr_mapped_pages, before);
	free_page(anon);
	put_page(page);
	container_put(owner);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/cmt_mapped"), 0);
}

/* addfile: the file's cached pages move with it, mapped count included; a
 * move against an owner that is no longer the file's does nothing. */
KTEST(container_mm_file_pages_follow_the_file)
{
	struct file *file = file_make("/tmp/cmt_move", 3);
	KT_ASSERT(ctx, file != NULL);
	struct inode *inode = file->inode;
	struct container *c, *root = container_get_by_file(inode);
	KT_ASSERT(ctx, container_create("ktest-file", &c) == 0);
	struct page *page = page_cache_find(inode, 1);
	KT_ASSERT(ctx, page != NULL);
	container_page_mapped(page);
	struct container_stat root_before = stat_of(root);
	KT_EXPECT_EQ(ctx, container_move_file(c, inode, c), -EAGAIN); /* it is not in c */
	KT_EXPECT_EQ(ctx, container_move_file(c, inode, root), 0);
	struct container_stat st = stat_of(c), root_after = stat_of(root);
	KT_EXPECT(ctx, st.nr_files == 1 && st.nr_file_pages == 3 && st.nr_mapped_pages == 1);
	KT_EXPECT_EQ(ctx, st.nr_lru_pages[LRU_INACTIVE_FILE], 3);
	KT_EXPECT_EQ(ctx, root_after.nr_file_pages, root_before.nr_file_pages - 3);
	KT_EXPECT_EQ(ctx, root_after.nr_mapped_pages, root_before.nr_mapped_pages - 1);
	KT_EXPECT(ctx, page->container == c);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	struct inode *dir;
	KT_ASSERT(ctx, vfs_lookup("/tmp", &dir) == 0);
	KT_EXPECT_EQ(ctx, container_move_file(c, dir, NULL), -EINVAL); /* no page cache */
	inode_put(dir);
	/* rmdir hands the file and its pages back to the root. */
	container_destroy(c);
	KT_EXPECT(ctx, page->container == root);
	KT_EXPECT_EQ(ctx, stat_of(root).nr_file_pages, root_before.nr_file_pages);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_page_unmapped(page);
	put_page(page);
	container_put(root);
	file_put(file);
	KT_EXPECT_EQ(ctx, vfs_unlink("/tmp/cmt_move"), 0);
}

/* Take a charged page off its list as reclaim will ("isolated"): still
 * charged to its container, on no list. */
static void page_isolate(struct page *page)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	lru_del_page(&page->container->lru, page);
	spin_unlock_irqrestore(&container_lock, flags);
}

static void page_putback(struct page *page, enum lru_list_kind kind)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	lru_add_page(&page->container->lru, page, kind);
	spin_unlock_irqrestore(&container_lock, flags);
}

/* rmdir moves the pages on the lists one by one, each to the same kind of
 * list of the root; an isolated page stays charged to the dying container,
 * which a reference keeps, until the last put moves it too. */
KTEST(container_mm_rmdir_moves_pages_one_by_one)
{
	static struct page *pages[4];
	uint32_t nr_objects;
	struct kmalloc_stats ks;
	kmalloc_get_stats(&ks);
	nr_objects = ks.nr_objects_inuse;
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-rmdir", &c) == 0);
	for (int i = 0; i < 4; i++) {
		pages[i] = alloc_page();
		KT_ASSERT(ctx, pages[i] != NULL);
		container_charge_anon(pages[i], c);
	}
	page_isolate(pages[1]);
	page_putback(pages[1], LRU_INACTIVE_ANON); /* now inactive */
	page_isolate(pages[3]);                   /* off the lists, as reclaim would */
	struct container_stat root_before = stat_of(&root_container);
	container_get(c); /* reclaim's reference while it holds pages[3] */
	container_destroy(c);
	struct container_stat st = stat_of(c), root_after = stat_of(&root_container);
	KT_EXPECT(ctx, st.is_freeing);
	KT_EXPECT_EQ(ctx, st.nr_anon_pages, 1); /* pages[3] */
	KT_EXPECT_EQ(ctx, root_after.nr_anon_pages, root_before.nr_anon_pages + 3);
	KT_EXPECT_EQ(ctx, root_after.nr_lru_pages[LRU_ACTIVE_ANON],
		     root_before.nr_lru_pages[LRU_ACTIVE_ANON] + 2);
	KT_EXPECT_EQ(ctx, root_after.nr_lru_pages[LRU_INACTIVE_ANON],
		     root_before.nr_lru_pages[LRU_INACTIVE_ANON] + 1);
	KT_EXPECT(ctx, pages[0]->container == &root_container);
	KT_EXPECT_EQ(ctx, lru_page_list(pages[1]), LRU_INACTIVE_ANON);
	KT_EXPECT(ctx, pages[3]->container == c);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	page_putback(pages[3], LRU_ACTIVE_ANON); /* back on the dying container's list */
	container_put(c);                        /* the last put moves it, then frees c */
	KT_EXPECT(ctx, pages[3]->container == &root_container);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_anon_pages, root_before.nr_anon_pages + 4);
	kmalloc_get_stats(&ks);
	KT_EXPECT_EQ(ctx, ks.nr_objects_inuse, nr_objects);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	for (int i = 0; i < 4; i++)
		free_page(pages[i]);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_anon_pages, root_before.nr_anon_pages);
}

/* A container still charged at its last put is an error: reported, kept
 * (a page may still point at it), and counted by the audit until it is
 * clean and let go. */
KTEST(container_mm_last_put_of_a_charged_container)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kept", &c) == 0);
	container_get(c);
	container_destroy(c);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	c->nr_swap_pages = 2; /* a charge nothing will take back */
	spin_unlock_irqrestore(&container_lock, flags);
	container_put(c); /* prints "container: ktest-kept freed with 2 pages still charged" */
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 1);
	KT_EXPECT(ctx, stat_of(c).is_freeing);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	c->nr_swap_pages = 0;
	spin_unlock_irqrestore(&container_lock, flags);
	container_get(c);
	container_put(c); /* clean now: freed */
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}

/* The totals /proc/meminfo and vmstat print: every container's charges and
 * events, a dying one's included, and a freed one's events. */
KTEST(container_mm_totals_count_every_container)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-totals", &c) == 0);
	struct container_stat before, after;
	container_get_totals(&before);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	container_count_fault(c, true);
	container_get_totals(&after);
	KT_EXPECT_EQ(ctx, after.nr_anon_pages, before.nr_anon_pages + 1);
	KT_EXPECT_EQ(ctx, after.nr_lru_pages[LRU_ACTIVE_ANON],
		     before.nr_lru_pages[LRU_ACTIVE_ANON] + 1);
	KT_EXPECT_EQ(ctx, after.events.pgfault, before.events.pgfault + 1);
	KT_EXPECT_EQ(ctx, after.events.pgmajfault, before.events.pgmajfault + 1);
	container_get(c);
	page_isolate(p);
	container_destroy(c); /* p stays charged to c, which is dying */
	container_get_totals(&after);
	KT_EXPECT_EQ(ctx, after.nr_anon_pages, before.nr_anon_pages + 1);
	page_putback(p, LRU_ACTIVE_ANON);
	container_put(c);
	free_page(p);
	container_get_totals(&after);
	KT_EXPECT_EQ(ctx, after.nr_anon_pages, before.nr_anon_pages);
	KT_EXPECT_EQ(ctx, after.events.pgfault, before.events.pgfault + 1); /* c's, though freed */
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}

/* Reclaim's own calls: a page isolated with container_lru_isolate while
 * rmdir removes its container goes to the root, charge and all, when
 * container_lru_putback gives it back; the audit agrees at every step. */
KTEST(container_mm_putback_after_rmdir_goes_to_the_root)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-putback", &c) == 0);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	struct container_stat root_before = stat_of(&root_container);
	LIST_HEAD(isolated);
	container_get(c); /* reclaim holds the container while it holds its pages */
	KT_EXPECT_EQ(ctx, container_lru_isolate(c, LRU_ACTIVE_ANON, 8, &isolated), 1);
	KT_EXPECT(ctx, !(p->flags & PG_LRU) && p->refcount == 2);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(c);
	KT_EXPECT(ctx, p->container == c); /* off the lists: rmdir left it */
	list_del(&p->list);
	container_lru_putback(p); /* drops the isolation's reference */
	KT_EXPECT(ctx, p->container == &root_container && (p->flags & PG_LRU));
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_anon_pages, root_before.nr_anon_pages + 1);
	container_put(c); /* nothing left charged: freed */
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	KT_EXPECT_EQ(ctx, p->refcount, 1);
	free_page(p);
}
