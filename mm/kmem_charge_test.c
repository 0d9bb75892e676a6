/*
 * kmem_charge_test.c — kernel memory charging: charge and uncharge pairs
 * leave every count as it was, bytes round up to pages per container, a
 * charge past page_limit fails (soft and hard mode) and counts a hit, rmdir
 * hands the records to the root, and the audit complains when a count lies.
 * The audit's complaints in the log are expected.
 */
#include <corral/container_internal.h>
#include <corral/kmem.h>
#include <corral/ktest.h>
#include <corral/page.h>
#include <uapi/errno.h>

static struct container_stat stat_of(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st;
}

static void bytes_add(uint32_t *field, int delta)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	*field += (uint32_t)delta;
	spin_unlock_irqrestore(&container_lock, flags);
}

KTEST(kmem_charge_and_uncharge_pairs)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kmem", &c) == 0);
	uint32_t total_before = kmem_nr_charged_bytes();
	struct kmem_charge a = {0}, b = {0};
	KT_EXPECT_EQ(ctx, kmem_charge(&a, c, 100), 0);
	KT_EXPECT(ctx, a.container == c);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 1); /* 100 bytes: one page */
	KT_EXPECT_EQ(ctx, kmem_charge(&b, c, 4000), 0);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 2); /* 4100 bytes: two */
	KT_EXPECT_EQ(ctx, kmem_charge(&a, NULL, 50), 0);  /* more on a: to a's container */
	KT_EXPECT_EQ(ctx, a.nr_bytes, 150);
	KT_EXPECT_EQ(ctx, kmem_nr_charged_bytes(), total_before + 4150);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	kmem_uncharge(&a);
	kmem_uncharge(&a); /* a second uncharge gives back nothing */
	KT_EXPECT(ctx, a.container == NULL);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 1);
	kmem_uncharge(&b);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 0);
	KT_EXPECT_EQ(ctx, kmem_nr_charged_bytes(), total_before);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(c);
}

/* NULL (no container, a task that has left its own) charges the root. */
KTEST(kmem_charge_without_a_container_charges_the_root)
{
	uint32_t before = stat_of(&root_container).nr_kernel_pages;
	struct kmem_charge a = {0};
	KT_EXPECT_EQ(ctx, kmem_charge(&a, NULL, 3 * PAGE_SIZE), 0);
	KT_EXPECT(ctx, a.container == &root_container);
	KT_EXPECT(ctx, stat_of(&root_container).nr_kernel_pages >= before + 2);
	kmem_uncharge(&a);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_kernel_pages, before);
}

static void kmem_expect_refused(struct ktest_ctx *ctx, struct container *c)
{
	struct kmem_charge x = {0};
	uint32_t hits = stat_of(c).page_limit_hits;
	KT_EXPECT_EQ(ctx, kmem_charge(&x, c, 1), -ENOMEM); /* reclaim finds nothing */
	KT_EXPECT_EQ(ctx, kmem_charge_nowait(&x, c, 1), -ENOMEM);
	KT_EXPECT(ctx, x.container == NULL); /* nothing charged */
	KT_EXPECT_EQ(ctx, stat_of(c).page_limit_hits, hits + 2);
}

KTEST(kmem_charge_past_the_limit_fails)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kmem-lim", &c) == 0);
	KT_ASSERT(ctx, container_set_page_limit(c, 3) == 0);
	struct kmem_charge a = {0}, x = {0}, forced = {0};
	KT_EXPECT_EQ(ctx, kmem_charge(&a, c, 2 * PAGE_SIZE), 0);
	/* Usage is anon + file + kernel: with a user page, no third kernel page. */
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	KT_EXPECT_EQ(ctx, kmem_charge_nowait(&x, c, 1), -ENOMEM);
	free_page(p);
	KT_EXPECT_EQ(ctx, kmem_charge_nowait(&x, c, 1), 0);
	kmem_uncharge(&x);
	/* Full of kernel memory, nothing to reclaim: refused in both modes. */
	KT_EXPECT_EQ(ctx, kmem_charge(&a, NULL, PAGE_SIZE), 0);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 3);
	kmem_expect_refused(ctx, c); /* soft mode: kernel memory never runs over */
	KT_EXPECT_EQ(ctx, container_set_limit_mode(c, CONTAINER_LIMIT_HARD), 0);
	kmem_expect_refused(ctx, c);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(c, CONTAINER_LIMIT_SOFT), 0);
	kmem_charge_force(&forced, c, 1); /* a fault's page table: past the limit */
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 4);
	kmem_uncharge(&forced);
	kmem_uncharge(&a);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_kernel_pages, 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(c);
}

/* A record outlives its container: rmdir hands it to the root, whose count
 * the free then takes it from; the container is freed, not kept. */
KTEST(kmem_charge_moves_to_the_root_at_rmdir)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kmem-rm", &c) == 0);
	uint32_t root_bytes = root_container.nr_kernel_bytes;
	struct kmem_charge a = {0};
	KT_EXPECT_EQ(ctx, kmem_charge(&a, c, 5000), 0);
	container_destroy(c);
	KT_EXPECT(ctx, a.container == &root_container);
	KT_EXPECT_EQ(ctx, root_container.nr_kernel_bytes, root_bytes + 5000);
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	kmem_uncharge(&a);
	KT_EXPECT_EQ(ctx, root_container.nr_kernel_bytes, root_bytes);
}

KTEST(kmem_audit_catches_a_broken_count)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kmem-audit", &c) == 0);
	struct kmem_charge a = {0};
	KT_ASSERT(ctx, kmem_charge(&a, c, 300) == 0);
	KT_ASSERT(ctx, container_audit() == 0);
	bytes_add(&c->nr_kernel_bytes, 1); /* the container's count lies */
	KT_EXPECT(ctx, container_audit() > 0);
	bytes_add(&c->nr_kernel_bytes, -1);
	bytes_add(&a.nr_bytes, 1); /* a record lies (and the total with it) */
	KT_EXPECT(ctx, container_audit() > 0);
	bytes_add(&a.nr_bytes, -1);
	bytes_add(&root_container.nr_kernel_bytes, 4096); /* the root too */
	KT_EXPECT(ctx, container_audit() > 0);
	bytes_add(&root_container.nr_kernel_bytes, -4096);
	uint32_t flags = spin_lock_irqsave(&container_lock);
	a.container = &root_container; /* on c's list, naming the root */
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	a.container = c;
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	kmem_uncharge(&a);
	container_destroy(c);
}

/* A container freed with kernel bytes nothing will give back is kept, and
 * the audit says so until it is clean. */
KTEST(kmem_audit_catches_a_container_freed_charged)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-kmem-kept", &c) == 0);
	container_get(c);
	container_destroy(c);
	bytes_add(&c->nr_kernel_bytes, 64); /* a charge with no record */
	container_put(c); /* prints "container: ktest-kmem-kept freed with ..." */
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 1);
	KT_EXPECT(ctx, container_audit() > 0);
	bytes_add(&c->nr_kernel_bytes, -64);
	container_get(c);
	container_put(c); /* clean now: freed */
	KT_EXPECT_EQ(ctx, container_nr_kept_charged(), 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}
