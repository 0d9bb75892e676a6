/*
 * container_test.c — self tests of the container core: names and ids, page
 * charges and their uncharge on free, the task limit, rmdir moving everything
 * to the root, and the audit agreeing at every step.
 */
#include <corral/container.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/errno.h>

KTEST(container_names)
{
	KT_EXPECT(ctx, container_name_is_valid("web-1.test_A"));
	KT_EXPECT(ctx, !container_name_is_valid(""));
	KT_EXPECT(ctx, !container_name_is_valid("a/b"));
	KT_EXPECT(ctx, !container_name_is_valid("a b"));
	KT_EXPECT(ctx, !container_name_is_valid(".."));
	KT_EXPECT(ctx, container_name_is_valid("0123456789012345678901234567890"));  /* 31 */
	KT_EXPECT(ctx, !container_name_is_valid("01234567890123456789012345678901")); /* 32 */
}

KTEST(container_charge_and_uncharge)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-charge", &c) == 0);
	KT_EXPECT_EQ(ctx, container_create("ktest-charge", &c) == -EEXIST, 1);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	KT_EXPECT_EQ(ctx, c->nr_anon_pages, 1);
	KT_EXPECT_EQ(ctx, lru_nr_active(&c->lru), 1);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	get_page(p);
	free_page(p); /* still shared: stays charged */
	KT_EXPECT_EQ(ctx, c->nr_anon_pages, 1);
	free_page(p); /* the last reference: uncharged */
	KT_EXPECT_EQ(ctx, c->nr_anon_pages, 0);
	KT_EXPECT_EQ(ctx, lru_nr_active(&c->lru), 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(container_find("ktest-charge"));
}

KTEST(container_page_limit_counts_hits)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-limit", &c) == 0);
	c->page_limit = 1;
	struct page *a = alloc_page(), *b = alloc_page();
	KT_ASSERT(ctx, a && b);
	container_charge_anon(a, c);
	KT_EXPECT_EQ(ctx, c->page_limit_hits, 0);
	container_charge_anon(b, c); /* finds usage 1 >= limit 1 */
	KT_EXPECT_EQ(ctx, c->page_limit_hits, 1);
	free_page(a);
	free_page(b);
	container_destroy(c);
}

KTEST(container_rmdir_moves_charges_to_root)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-rmdir", &c) == 0);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	uint32_t root_anon = root_container.nr_anon_pages;
	container_destroy(c);
	KT_EXPECT(ctx, p->container == &root_container);
	KT_EXPECT_EQ(ctx, root_container.nr_anon_pages, root_anon + 1);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	free_page(p);
	KT_EXPECT_EQ(ctx, root_container.nr_anon_pages, root_anon);
	KT_EXPECT(ctx, container_find("ktest-rmdir") == NULL);
}

KTEST(container_ids_run_out_and_come_back)
{
	static struct container *made[CONTAINER_MAX_ID + 1];
	char name[16];
	int n = 0, err = 0;
	while (n <= CONTAINER_MAX_ID && !err) {
		snprintf(name, sizeof(name), "ktest-id%d", n);
		err = container_create(name, &made[n]);
		if (!err)
			n++;
	}
	KT_EXPECT_EQ(ctx, err, -ENOSPC);
	KT_EXPECT(ctx, n >= 64);
	for (int i = 0; i < n; i++)
		container_destroy(made[i]);
	KT_EXPECT_EQ(ctx, container_create("ktest-id-again", &made[0]), 0);
	KT_EXPECT_EQ(ctx, made[0]->id, 1);
	container_destroy(made[0]);
}

KTEST(container_task_limit_refuses_forks)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-tasks", &c) == 0);
	c->task_limit = 0;
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), -EAGAIN);
	KT_EXPECT_EQ(ctx, c->task_limit_hits, 1);
	c->task_limit = 1;
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), 0); /* holds the one slot */
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), -EAGAIN);
	container_fork_unreserve(c);
	KT_EXPECT_EQ(ctx, c->nr_tasks, 0);
	KT_EXPECT_EQ(ctx, container_move_task(c, 99999), -ESRCH);
	container_destroy(c);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}
