/*
 * container_test.c — self tests of the container core: names and ids (512 of
 * them, the lowest free one reused), references (a held container outlives
 * rmdir and is freed at the last put; so does a fork's reservation), the
 * limits' setters, the task limit, moving tasks, showtasks' pid list, and the
 * walker.  Pages: mm/container_mm_test.c; the audit: mm/container_audit_test.c.
 *
 * Some tests use stand-in tasks (static struct task with a pid and, where the
 * core asks whether it is a user task, an empty mm with nothing locked): they
 * join and leave containers like real ones but are not on the task list, so
 * no audit runs while they are inside.
 */
#include <corral/container_internal.h>
#include <corral/kmalloc.h>
#include <corral/mm.h>
#include <corral/printk.h>
#include <corral/ktest.h>
#include <corral/string.h>
#include <corral/task.h>
#include <uapi/errno.h>

static uint32_t kmalloc_nr_objects(void)
{
	struct kmalloc_stats ks;
	kmalloc_get_stats(&ks);
	return ks.nr_objects_inuse;
}

static struct container_stat stat_of(struct container *c)
{
	struct container_stat st;
	container_get_stat(c, &st);
	return st;
}

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

KTEST(container_create_find_destroy)
{
	struct container *c, *again;
	KT_ASSERT(ctx, container_create("ktest-find", &c) == 0);
	KT_EXPECT_EQ(ctx, container_create("ktest-find", &again), -EEXIST);
	KT_EXPECT_EQ(ctx, container_create("a b", &again), -EINVAL);
	struct container *found = container_get_by_name("ktest-find");
	KT_EXPECT(ctx, found == c);
	container_put(found);
	KT_EXPECT_STREQ(ctx, container_name(c), "ktest-find");
	KT_EXPECT(ctx, container_from_item(container_item(c)) == c);
	KT_EXPECT_EQ(ctx, container_destroy(c), 0);
	KT_EXPECT(ctx, container_get_by_name("ktest-find") == NULL);
	KT_EXPECT_EQ(ctx, container_destroy(&root_container), -EBUSY);
}

/* CONTAINER_MAX_ID (512) live at once, the next refused, and after some go,
 * the lowest free id is the one a new container gets. */
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
	KT_EXPECT_EQ(ctx, n, CONTAINER_MAX_ID);
	KT_ASSERT(ctx, n > 300);
	KT_EXPECT_EQ(ctx, stat_of(made[n - 1]).id, CONTAINER_MAX_ID);
	int freed[] = {299, 7, 200};
	for (int i = 0; i < 3; i++)
		container_destroy(made[freed[i]]);
	KT_EXPECT_EQ(ctx, container_create("ktest-id-a", &made[7]), 0);
	KT_EXPECT_EQ(ctx, stat_of(made[7]).id, 8); /* made[i] has id i + 1 */
	KT_EXPECT_EQ(ctx, container_create("ktest-id-b", &made[200]), 0);
	KT_EXPECT_EQ(ctx, stat_of(made[200]).id, 201);
	KT_EXPECT_EQ(ctx, container_create("ktest-id-c", &made[299]), 0);
	KT_EXPECT_EQ(ctx, stat_of(made[299]).id, 300);
	for (int i = 0; i < n; i++)
		container_destroy(made[i]);
	KT_EXPECT_EQ(ctx, container_create("ktest-id-again", &made[0]), 0);
	KT_EXPECT_EQ(ctx, stat_of(made[0]).id, 1);
	container_destroy(made[0]);
}

struct walk {
	int nr_seen, last_id;
	bool is_ascending, saw_root_first;
	struct container *wanted;
	bool saw_wanted;
};

static int walk_one(struct container *c, void *arg)
{
	struct walk *w = arg;
	int id = stat_of(c).id;
	if (w->nr_seen == 0)
		w->saw_root_first = c == &root_container;
	else if (id <= w->last_id)
		w->is_ascending = false;
	w->last_id = id;
	w->nr_seen++;
	w->saw_wanted |= c == w->wanted;
	return 0;
}

static int walk_stop(struct container *c, void *arg)
{
	return ++*(int *)arg == 2 ? 42 : 0;
}

KTEST(container_for_each_visits_each_once)
{
	struct container *a, *b;
	KT_ASSERT(ctx, container_create("ktest-walk-a", &a) == 0);
	KT_ASSERT(ctx, container_create("ktest-walk-b", &b) == 0);
	container_destroy(a); /* gone: not visited */
	struct walk w = {0, -1, true, false, b, false};
	KT_EXPECT_EQ(ctx, container_for_each(walk_one, &w), 0);
	KT_EXPECT(ctx, w.saw_root_first && w.is_ascending && w.saw_wanted);
	KT_EXPECT_EQ(ctx, w.nr_seen, 2); /* the root and b */
	int calls = 0;
	KT_EXPECT_EQ(ctx, container_for_each(walk_stop, &calls), 42);
	KT_EXPECT_EQ(ctx, calls, 2);
	container_destroy(b);
}

/* A reference outlives rmdir: the container is freeing, its name and id free
 * for others, its struct readable; the last put frees it. */
KTEST(container_reference_outlives_destroy)
{
	uint32_t nr_objects = kmalloc_nr_objects();
	struct container *c, *twin;
	KT_ASSERT(ctx, container_create("ktest-ref", &c) == 0);
	int id = stat_of(c).id;
	container_get(c);
	KT_EXPECT_EQ(ctx, container_destroy(c), 0);
	KT_EXPECT_EQ(ctx, container_destroy(c), -ENOENT); /* twice */
	struct container_stat st = stat_of(c);
	KT_EXPECT(ctx, st.is_freeing);
	KT_EXPECT_STREQ(ctx, st.name, "ktest-ref");
	KT_EXPECT(ctx, container_get_by_name("ktest-ref") == NULL);
	KT_ASSERT(ctx, container_create("ktest-ref", &twin) == 0); /* name and id reused */
	KT_EXPECT_EQ(ctx, stat_of(twin).id, id);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
	container_destroy(twin);
	KT_EXPECT(ctx, kmalloc_nr_objects() > nr_objects); /* c is still there */
	container_put(c);
	KT_EXPECT_EQ(ctx, kmalloc_nr_objects(), nr_objects);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}

KTEST(container_setters)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-set", &c) == 0);
	struct container_stat st = stat_of(c);
	KT_EXPECT_EQ(ctx, st.page_limit, CONTAINER_NO_LIMIT);
	KT_EXPECT_EQ(ctx, st.task_limit, CONTAINER_DEFAULT_TASK_LIMIT);
	KT_EXPECT_EQ(ctx, st.limit_mode, CONTAINER_LIMIT_SOFT);
	KT_EXPECT_EQ(ctx, container_set_page_limit(c, 123), 0);
	KT_EXPECT_EQ(ctx, container_set_task_limit(c, 7), 0);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(c, CONTAINER_LIMIT_HARD), 0);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(c, (enum container_limit_mode)5), -EINVAL);
	st = stat_of(c);
	KT_EXPECT_EQ(ctx, st.page_limit, 123);
	KT_EXPECT_EQ(ctx, st.task_limit, 7);
	KT_EXPECT_EQ(ctx, st.limit_mode, CONTAINER_LIMIT_HARD);
	/* The root has no limits. */
	KT_EXPECT_EQ(ctx, container_set_page_limit(&root_container, 1), -EINVAL);
	KT_EXPECT_EQ(ctx, container_set_task_limit(&root_container, 1), -EINVAL);
	KT_EXPECT_EQ(ctx, container_set_limit_mode(&root_container, CONTAINER_LIMIT_HARD), -EINVAL);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).page_limit, CONTAINER_NO_LIMIT);
	container_destroy(c);
}

KTEST(container_task_limit_refuses_forks)
{
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-tasks", &c) == 0);
	container_set_task_limit(c, 0);
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), -EAGAIN);
	KT_EXPECT_EQ(ctx, stat_of(c).task_limit_hits, 1);
	container_set_task_limit(c, 1);
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), 0); /* holds the one slot */
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), -EAGAIN);
	KT_EXPECT_EQ(ctx, container_audit(), 0);          /* a reserved slot is no task */
	container_fork_unreserve(c);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_tasks, 0);
	KT_EXPECT_EQ(ctx, stat_of(c).task_limit_hits, 2);
	container_destroy(c);
	KT_EXPECT_EQ(ctx, container_audit(), 0);
}

/* A fork's reservation holds the container: rmdir in between does not free
 * it; the child, joining late, lands in the root; then the struct goes. */
KTEST(container_fork_reservation_holds_a_reference)
{
	static struct task child;
	uint32_t nr_objects = kmalloc_nr_objects();
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-forkref", &c) == 0);
	KT_ASSERT(ctx, container_fork_reserve(c) == 0);
	uint32_t root_tasks = stat_of(&root_container).nr_tasks;
	container_destroy(c);
	KT_EXPECT(ctx, stat_of(c).is_freeing);
	KT_EXPECT_EQ(ctx, stat_of(c).nr_tasks, 1); /* the slot stays with the fork */
	KT_EXPECT_EQ(ctx, container_fork_reserve(c), -EAGAIN);
	child = (struct task){.pid = 31000};
	list_init(&child.container_node);
	container_task_join_reserved(c, &child); /* the last reference goes */
	KT_EXPECT(ctx, child.container == &root_container);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_tasks, root_tasks + 1);
	KT_EXPECT_EQ(ctx, kmalloc_nr_objects(), nr_objects);
	container_task_leave(&child);
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_tasks, root_tasks);
}

/* Stand-ins for user tasks, for showtasks and addtask. */
static struct task fake_tasks[4];
static struct mm fake_mm; /* nothing locked: mm/mlock.c sums nr_locked_pages */

static void fake_tasks_join(struct container *c)
{
	static const int pids[] = {30300, 30100, 30400, 30200};
	for (int i = 0; i < 4; i++) {
		fake_tasks[i] = (struct task){.pid = pids[i], .mm = &fake_mm};
		list_init(&fake_tasks[i].container_node);
		container_task_join(c, &fake_tasks[i]);
	}
}

static void fake_tasks_leave(void)
{
	for (int i = 0; i < 4; i++)
		container_task_leave(&fake_tasks[i]);
}

KTEST(container_get_pids_ascending)
{
	static int pids[8];
	struct container *c;
	KT_ASSERT(ctx, container_create("ktest-pids", &c) == 0);
	KT_EXPECT_EQ(ctx, container_get_pids(c, pids, 8), 0);
	fake_tasks_join(c);
	KT_EXPECT_EQ(ctx, container_get_pids(c, pids, 8), 4);
	KT_EXPECT(ctx,
		  pids[0] == 30100 && pids[1] == 30200 && pids[2] == 30300 && pids[3] == 30400);
	pids[2] = 0;
	KT_EXPECT_EQ(ctx, container_get_pids(c, pids, 2), 4); /* the two smallest */
	KT_EXPECT(ctx, pids[0] == 30100 && pids[1] == 30200 && pids[2] == 0);
	KT_EXPECT_EQ(ctx, container_get_pids(c, pids, 0), 4);
	char name[CONTAINER_NAME_MAX + 1];
	container_name_of_task(&fake_tasks[0], name, sizeof(name));
	KT_EXPECT_STREQ(ctx, name, "ktest-pids");
	fake_tasks_leave();
	container_name_of_task(&fake_tasks[0], name, sizeof(name)); /* left at exit */
	KT_EXPECT_STREQ(ctx, name, "/");
	container_destroy(c);
}

KTEST(container_move_task_and_rmdir)
{
	struct container *a, *b;
	KT_ASSERT(ctx, container_create("ktest-mv-a", &a) == 0);
	KT_ASSERT(ctx, container_create("ktest-mv-b", &b) == 0);
	fake_tasks_join(a);
	struct task *t = &fake_tasks[0];
	container_set_task_limit(b, 1);
	KT_EXPECT_EQ(ctx, container_move_task(b, t), 0);
	KT_EXPECT_EQ(ctx, container_move_task(b, t), 0); /* there already: nothing to do */
	KT_EXPECT_EQ(ctx, container_move_task(b, &fake_tasks[1]), -ENOSPC);
	struct container_stat sa = stat_of(a), sb = stat_of(b);
	KT_EXPECT(ctx, sa.nr_tasks == 3 && sb.nr_tasks == 1 && sb.task_limit_hits == 1);
	struct container *now = container_get_by_task(t);
	KT_EXPECT(ctx, now == b);
	container_put(now);
	KT_EXPECT_EQ(ctx, container_move_task(b, current), -EINVAL); /* the boot task: no mm */
	uint32_t root_tasks = stat_of(&root_container).nr_tasks;
	container_get(a);
	container_destroy(a); /* its three tasks go to the root, one by one */
	KT_EXPECT_EQ(ctx, stat_of(&root_container).nr_tasks, root_tasks + 3);
	KT_EXPECT_EQ(ctx, stat_of(a).nr_tasks, 0);
	KT_EXPECT(ctx, fake_tasks[1].container == &root_container);
	KT_EXPECT_EQ(ctx, container_move_task(a, t), -ENOENT); /* a is being freed */
	container_put(a);
	fake_tasks_leave();
	container_destroy(b);
}
