/*
 * container_audit_test.c — the audit catches what it claims to: each test
 * breaks one thing the audit checks (a counter, an LRU count, a page's list,
 * a page's container), expects container_audit() to report it, puts it back
 * and expects a clean report again.  The audit's complaints in the log are
 * expected.
 */
#include <corral/container_internal.h>
#include <corral/ktest.h>
#include <corral/page.h>

/* Change *field by delta under container_lock (the audit reads it there). */
static void counter_add(uint32_t *field, int delta)
{
	uint32_t flags = spin_lock_irqsave(&container_lock);
	*field += (uint32_t)delta;
	spin_unlock_irqrestore(&container_lock, flags);
}

static int audit_with(uint32_t *field, int delta)
{
	counter_add(field, delta);
	int found = container_audit();
	counter_add(field, -delta);
	return found;
}

KTEST(container_audit_catches_bad_counters)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-audit", &c) == 0);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	KT_ASSERT(ctx, container_audit() == 0);
	KT_EXPECT(ctx, audit_with(&c->nr_anon_pages, 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->nr_anon_pages, -1) > 0);
	KT_EXPECT(ctx, audit_with(&c->nr_file_pages, 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->nr_mapped_pages, 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->nr_tasks, 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->nr_files, 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->lru.nr_pages[LRU_ACTIVE_ANON], 1) > 0);
	KT_EXPECT(ctx, audit_with(&c->lru.nr_pages[LRU_INACTIVE_FILE], 1) > 0);
	KT_EXPECT(ctx, audit_with(&root_container.nr_anon_pages, 1) > 0);
	KT_EXPECT_EQ(ctx, container_audit(), 0); /* all put back */
	free_page(p);
	container_destroy(c);
}

KTEST(container_audit_catches_bad_pages)
{
	static struct container not_a_container = {.name = "stale"};
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-audit-p", &c) == 0);
	struct page *p = alloc_page();
	KT_ASSERT(ctx, p != NULL);
	container_charge_anon(p, c);
	KT_ASSERT(ctx, container_audit() == 0);

	uint32_t flags = spin_lock_irqsave(&container_lock);
	p->flags &= ~PG_ACTIVE; /* says inactive, sits on the active list */
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	p->flags |= PG_ACTIVE;
	p->container = &root_container; /* says root, sits on c's list */
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	p->container = c;
	p->flags |= PG_FILE; /* both kinds */
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	p->flags &= ~PG_FILE;
	p->container = &not_a_container; /* a stale pointer */
	spin_unlock_irqrestore(&container_lock, flags);
	KT_EXPECT(ctx, container_audit() > 0);
	flags = spin_lock_irqsave(&container_lock);
	p->container = c;
	spin_unlock_irqrestore(&container_lock, flags);

	KT_EXPECT_EQ(ctx, container_audit(), 0);
	free_page(p);
	container_destroy(c);
}
