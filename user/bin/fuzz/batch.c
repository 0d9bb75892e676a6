/*
 * batch.c — the parent's side of a batch: fork a child, watch it, and when
 * it dies before the batch's last call, fork another that carries on after
 * the call that killed it.
 *
 * A child dying of a signal is normal: forged sigreturn frames, mappings
 * pulled from under it, signals sent to itself.  Its last words are in the
 * shared page (struct fuzz_shared): the next call's index and the random
 * stream's state, saved before each call.  So the next child starts exactly
 * where the first would have gone on, and a batch always makes all its calls
 * -- the same ones in every run with the same seed.
 *
 * The watchdog: a child that makes no call for WATCH_STUCK_MS while the
 * kernel says it sleeps is blocked (reading its own empty pipe, say: legal,
 * and forever) and is killed; one that makes no call for WATCH_RUNAWAY_MS
 * at all (a forged frame sent it into a loop) too.  Both are counted apart
 * from other deaths.  A kernel hang shows up as a run that never ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz.h"

#define WATCH_POLL_MS 20
#define WATCH_STUCK_MS 500
#define WATCH_RUNAWAY_MS 5000

static volatile sig_atomic_t batch_interrupted;

static void batch_on_interrupt(int sig)
{
	(void)sig;
	batch_interrupted = 1;
}

/* ^C: kill the child, clean up, report.  No SA_RESTART: the watchdog's sleep
 * must end at once. */
void batch_catch_interrupt(void)
{
	struct sigaction sa = {.sa_handler = batch_on_interrupt};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int batch_was_interrupted(void)
{
	return batch_interrupted;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Is the child asleep in the kernel ("State:\tS" in /proc/PID/status)? */
static int child_is_sleeping(pid_t pid)
{
	char path[40], buf[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0; /* no /proc: only the runaway limit applies */
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	const char *state = strstr(buf, "State:\t");
	return state && (state[7] == 'S' || state[7] == 'D');
}

enum watch_outcome { WATCH_EXITED, WATCH_STUCK, WATCH_RUNAWAY, WATCH_INTERRUPTED };

static enum watch_outcome batch_watch(pid_t pid, struct fuzz_shared *s, int *status)
{
	uint32_t last = s->next_index;
	long long since = now_ms();
	enum watch_outcome how = WATCH_INTERRUPTED;
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG | WUNTRACED);
		if (got == pid && WIFSTOPPED(*status)) {
			kill(pid, SIGCONT); /* it sent itself a stop signal: go on */
			continue;
		}
		if (got == pid)
			return WATCH_EXITED;
		if (batch_interrupted)
			break;
		struct timespec poll = {0, WATCH_POLL_MS * 1000000L};
		nanosleep(&poll, NULL);
		if (s->next_index != last) {
			last = s->next_index;
			since = now_ms();
			continue;
		}
		long long idle = now_ms() - since;
		if (idle >= WATCH_RUNAWAY_MS) {
			how = WATCH_RUNAWAY;
			break;
		}
		if (idle >= WATCH_STUCK_MS && child_is_sleeping(pid)) {
			how = WATCH_STUCK;
			break;
		}
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return how;
}

static void batch_count(struct fuzz_run *run, enum watch_outcome how, int status,
			struct fuzz_shared *s, uint32_t batch)
{
	uint32_t call = s->next_index ? s->next_index - 1 : 0;
	if (how == WATCH_STUCK || how == WATCH_RUNAWAY) {
		run->nr_watchdog_kills++;
		printf("fuzz: batch %u call %u (syscall %d): %s, killed by the watchdog\n", batch,
		       call, (int)s->current_nr,
		       how == WATCH_STUCK ? "asleep in the kernel" : "no call for 5 s");
	} else if (how == WATCH_EXITED && WIFSIGNALED(status)) {
		run->nr_signal_deaths++;
		run->nr_deaths_by[WTERMSIG(status) & 63]++;
		if (run->verbose)
			printf("fuzz: batch %u call %u (syscall %d): child killed by signal %d\n",
			       batch, call, (int)s->current_nr, WTERMSIG(status));
	} else if (how == WATCH_EXITED && WEXITSTATUS(status) == 125) {
		run->nr_setup_failures++; /* the child said why on stderr */
	}
	fflush(stdout);
}

/* Memory may be short for a moment after a child that mapped all it could:
 * try again for a while before giving up on the batch. */
static pid_t batch_fork(struct fuzz_child *tmpl)
{
	pid_t pid = -1;
	for (int try = 0; try < 100 && pid < 0 && !batch_interrupted; try++) {
		fflush(NULL);
		pid = fork();
		if (pid == 0)
			child_run(tmpl);
		if (pid < 0) {
			struct timespec pause = {0, 20 * 1000000L};
			nanosleep(&pause, NULL);
		}
	}
	return pid;
}

/* Make the batch's calls, in as many children as it takes. */
static void batch_children(struct fuzz_run *run, struct fuzz_child *tmpl, uint32_t start,
			   uint32_t end)
{
	struct fuzz_shared *s = run->shared;
	struct fuzz_rng rng;
	rng_seed(&rng, run->seed, tmpl->batch);
	s->next_index = start;
	s->next_rng = rng.state;
	while (s->next_index < end && !batch_interrupted) {
		uint32_t from = s->next_index;
		scratch_make_batch_dir(tmpl->batch_dir); /* the last child may have removed it */
		tmpl->call_index = from;
		tmpl->rng.state = s->next_rng;
		tmpl->calls_end = end;
		pid_t pid = batch_fork(tmpl);
		if (pid < 0) {
			perror("fuzz: fork");
			break;
		}
		int status = 0;
		run->nr_children++;
		enum watch_outcome how = batch_watch(pid, s, &status);
		batch_count(run, how, status, s, tmpl->batch);
		if (s->next_index <= from || s->next_index > end) {
			printf("fuzz: batch %u: a child made no call from %u on (status 0x%x): "
			       "giving up on the batch\n",
			       tmpl->batch, from, status);
			break;
		}
	}
	uint32_t done = s->next_index < start ? start : s->next_index > end ? end : s->next_index;
	run->nr_calls += done - start;
}

/* One batch, from making its directory to removing it. */
void batch_run(struct fuzz_run *run, uint32_t batch)
{
	static struct fuzz_child tmpl; /* what each child starts from: a copy of it */
	uint32_t start = batch * FUZZ_BATCH_CALLS;
	uint32_t end =
	    start + FUZZ_BATCH_CALLS < run->calls ? start + FUZZ_BATCH_CALLS : run->calls;
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.batch = batch;
	tmpl.seed = run->seed;
	tmpl.verbose = run->verbose;
	tmpl.is_root = run->is_root;
	tmpl.shared = run->shared;
	tmpl.scratch = run->scratch;
	snprintf(tmpl.container, sizeof(tmpl.container), "%s", run->container);
	snprintf(tmpl.batch_dir, sizeof(tmpl.batch_dir), "%s/b%u", run->scratch, batch);
	if (scratch_make_batch_dir(tmpl.batch_dir)) {
		fprintf(stderr, "fuzz: %s: %s\n", tmpl.batch_dir, strerror(errno));
		run->nr_setup_failures++;
		return;
	}
	batch_children(run, &tmpl, start, end);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		; /* clone(CLONE_PARENT) makes the child's children ours */
	if (scratch_container_remove(run->container))
		run->nr_cleanup_failures++;
	if (scratch_remove(tmpl.batch_dir)) {
		fprintf(stderr, "fuzz: cannot remove %s\n", tmpl.batch_dir);
		run->nr_cleanup_failures++;
	}
	run->nr_batches++;
}
