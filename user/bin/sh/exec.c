/*
 * exec.c — running the tree: lists, && and ||, loops, if, pipelines, time,
 * background commands, subshells and simple commands.
 *
 * A simple command is expanded first (expand.c).  Assignments alone set shell
 * variables; a builtin runs in the shell with its redirections made and undone
 * around it; anything else is forked and exec'd with the exported variables
 * (plus the command's own NAME=value words) as its environment.  A command
 * name without '/' is searched in $PATH; not found gives "sh: NAME: not found"
 * and status 127, found but not runnable 126.  A file the kernel will not run
 * (ENOEXEC) is run as a shell script by this shell's child.
 *
 * Loops watch shell.breaking / shell.continuing (break N, continue N) and every
 * list watches shell.interrupted (SIGINT), so that both unwind the tree.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

static int must_unwind(void)
{
	return shell.interrupted || shell.breaking || shell.continuing;
}

/* ---- simple commands ------------------------------------------------------- */

static void exec_file(const char *path, char **argv, char **env)
{
	execve(path, argv, env);
	if (errno == ENOEXEC) { /* no #!, not ELF: a script for us, in this child */
		shell.interactive = 0;
		shell.in_child = 1;
		int argc = 0;
		while (argv[argc])
			argc++;
		exit(run_script(path, argc - 1, argv + 1));
	}
}

_Noreturn void exec_command(char **argv, char **assigns, struct redir *redirs)
{
	if (redirect(redirs, NULL) < 0)
		exit(1);
	char **env = var_environ(assigns);
	const char *name = argv[0];
	if (strchr(name, '/')) {
		exec_file(name, argv, env);
		int err = errno;
		sh_error("%s: %s", name, strerror(err));
		exit(err == ENOENT ? 127 : 126);
	}
	const char *path = var_get("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	int denied = 0;
	char buf[PATH_MAX];
	for (const char *dir = path;;) {
		size_t len = strcspn(dir, ":");
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)len, len ? dir : ".", "/", name);
		exec_file(buf, argv, env);
		if (errno == EACCES)
			denied = 1;
		else if (errno != ENOENT && errno != ENOTDIR) {
			sh_error("%s: %s", name, strerror(errno));
			exit(126);
		}
		if (!dir[len])
			break;
		dir += len + 1;
	}
	if (denied) {
		sh_error("%s: %s", name, strerror(EACCES));
		exit(126);
	}
	sh_error("%s: not found", name);
	exit(127);
}

/* The values of NAME=value words, expanded ("NAME=value" strings), or NULL. */
static char **expand_assignments(struct word *w)
{
	int n = 0;
	for (struct word *a = w; a; a = a->next)
		n++;
	char **out = xmalloc((size_t)(n + 1) * sizeof(char *));
	int k = 0;
	for (; w; w = w->next) {
		int len = var_assignment_length(w->text);
		char *value = expand_single(w->text + len + 1);
		if (!value) {
			out[k] = NULL;
			free_argv(out);
			return NULL;
		}
		out[k] = xmalloc((size_t)len + strlen(value) + 2);
		sprintf(out[k++], "%.*s=%s", len, w->text, value);
		free(value);
	}
	out[k] = NULL;
	return out;
}

static void assign_all(char **assigns)
{
	for (char **a = assigns; *a; a++) {
		char *eq = strchr(*a, '=');
		*eq = '\0';
		var_set(*a, eq + 1);
		*eq = '=';
	}
}

/* What a builtin printed goes out now; a failed write is reported with the
 * name of the file (a configfs attribute refusing "5x" says EINVAL here). */
static int flush_builtin_output(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	int err = errno;
	clearerr(stdout);
	const char *name = redirect_name(1);
	if (name)
		sh_error("%s: %s", name, strerror(err));
	else
		sh_error("write error: %s", strerror(err));
	return 1;
}

/* Runs a builtin (or just redirections when fn is NULL) inside the shell. */
static int run_in_shell(builtin_fn fn, int argc, char **argv, struct redir *redirs)
{
	struct saved_fd *saved = NULL;
	int status = 1;
	if (redirect(redirs, &saved) == 0) {
		status = fn ? fn(argc, argv) : 0;
		if (flush_builtin_output() && status == 0)
			status = 1;
	}
	redirect_undo(saved);
	return status;
}

/* What a foreground job's one process runs once forked; it exits or execs. */
typedef void (*job_body)(struct node *n, void *arg);

/* Fork one process as a foreground job for n, wait for it: its status. */
static int run_foreground_job(struct node *n, job_body body, void *arg)
{
	struct job *j = job_new(n, 0);
	if (!j)
		return 2;
	if (sh_fork_begin() < 0) {
		job_free(j);
		return 130; /* ^C came before the command could start */
	}
	pid_t pid = fork();
	if (pid == 0) {
		jobctl_child(j, 1);
		body(n, arg);
		_exit(127); /* not reached: bodies exit or exec */
	}
	sh_fork_parent();
	if (pid < 0)
		sh_error("fork: %s", strerror(errno));
	else
		jobctl_parent(j, pid, 1);
	int status = job_wait_foreground(j);
	sh_fork_end();
	return status;
}

struct command_words {
	char **argv, **assigns;
};

static _Noreturn void command_body(struct node *n, void *arg)
{
	const struct command_words *w = arg;
	sh_child_signals(0);
	exec_command(w->argv, w->assigns, n->redirs);
}

static int exec_simple(struct node *n, int in_child)
{
	shell.subst_count = 0;
	int argc;
	char **argv = expand_words(n->args, &argc);
	char **assigns = argv ? expand_assignments(n->assigns) : NULL;
	if (!argv || !assigns) {
		free_argv(argv);
		return 2;
	}
	int status;
	builtin_fn fn = argc ? builtin_find(argv[0]) : NULL;
	if (argc == 0 || fn) {
		assign_all(assigns);
		status = argc == 0 ? run_in_shell(NULL, 0, NULL, n->redirs)
				   : run_in_shell(fn, argc, argv, n->redirs);
		if (argc == 0 && status == 0 && shell.subst_count)
			status = shell.subst_status;
	} else if (strcmp(argv[0], "exec") == 0) {
		if (argc == 1) {
			assign_all(assigns);
			status = redirect(n->redirs, NULL) < 0;
		} else {
			exec_command(argv + 1, assigns, n->redirs);
		}
	} else if (in_child) {
		exec_command(argv, assigns, n->redirs);
	} else {
		struct command_words words = {argv, assigns};
		status = run_foreground_job(n, command_body, &words);
	}
	free_argv(argv);
	free_argv(assigns);
	return status;
}

/* ---- processes ------------------------------------------------------------ */

/* In a forked child: become a subshell (after jobctl_child, when it is a job). */
static void become_subshell(int background)
{
	shell.in_child = 1;
	shell.interactive = 0;
	sh_child_signals(background);
}

_Noreturn void exec_node_in_child(struct node *n)
{
	if (n->type == N_SIMPLE)
		exit(exec_simple(n, 1));
	exit(exec_node(n));
}

static int exec_pipeline(struct node *n)
{
	int count = 0, prev = -1, forked = 0;
	for (struct node *cmd = n->a; cmd; cmd = cmd->next)
		count++;
	struct job *j = job_new(n, 0);
	if (!j)
		return 2;
	if (sh_fork_begin() < 0) {
		job_free(j);
		return 130;
	}
	for (struct node *cmd = n->a; cmd; cmd = cmd->next) {
		int fds[2] = {-1, -1};
		if (cmd->next && pipe(fds) < 0) {
			sh_error("pipe: %s", strerror(errno));
			break;
		}
		pid_t pid = fork();
		if (pid == 0) {
			jobctl_child(j, 1);
			become_subshell(0);
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (cmd->next) {
				close(fds[0]);
				dup2(fds[1], 1);
				close(fds[1]);
			}
			exec_node_in_child(cmd);
		}
		if (prev >= 0)
			close(prev);
		if (cmd->next)
			close(fds[1]);
		prev = fds[0];
		if (pid < 0) {
			sh_error("fork: %s", strerror(errno));
			break;
		}
		jobctl_parent(j, pid, 1);
		forked++;
	}
	sh_fork_parent();
	if (prev >= 0)
		close(prev);
	/* Every member is waited for; the pipeline's status is the last one's. */
	int status = job_wait_foreground(j);
	if (forked < count)
		status = 2;
	sh_fork_end();
	return status;
}

static int exec_background(struct node *n)
{
	struct job *j = job_new(n->a, 1);
	if (!j)
		return 2;
	fflush(NULL); /* no SIGINT games: the child ignores it or is in its own group */
	pid_t pid = fork();
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		job_free(j);
		return 2;
	}
	if (pid == 0) {
		int has_job_control = shell.job_control;
		jobctl_child(j, 0);
		become_subshell(!has_job_control);
		/* Without job control a background command must not read the
		 * terminal: its stdin is /dev/null unless it redirects it.  With
		 * it, a read stops the job (SIGTTIN) until fg brings it back. */
		int fd = has_job_control ? -1 : open("/dev/null", O_RDONLY);
		if (fd > 0) {
			dup2(fd, 0);
			close(fd);
		}
		exec_node_in_child(n->a); /* a simple command is exec'd: $! is its pid */
	}
	jobctl_parent(j, pid, 0);
	job_make_current(j);
	if (shell.interactive)
		dprintf(2, "[%d] %d\n", job_id(j), (int)pid);
	shell.last_bg = pid;
	return 0;
}

static _Noreturn void subshell_body(struct node *n, void *arg)
{
	(void)arg;
	become_subshell(0);
	if (redirect(n->redirs, NULL) < 0)
		exit(1);
	exit(exec_node(n->a));
}

static int exec_subshell(struct node *n)
{
	return run_foreground_job(n, subshell_body, NULL);
}

/* time [-p] PIPELINE: real time by the monotonic clock, user and system
 * time of the shell and its waited-for children by times(), to stderr in
 * bash's layout (or POSIX's with -p).  Ticks are 10 ms. */
static void time_print(const char *name, long long ms, int posix)
{
	if (posix)
		dprintf(2, "%s %lld.%02lld\n", name, ms / 1000, ms % 1000 / 10);
	else
		dprintf(2, "%s\t%lldm%lld.%03llds\n", name, ms / 60000, ms / 1000 % 60, ms % 1000);
}

static int exec_time(struct node *n)
{
	struct timespec start, end;
	struct tms before, after;
	clock_gettime(CLOCK_MONOTONIC, &start);
	times(&before);
	int status = n->a ? exec_node(n->a) : 0;
	times(&after);
	clock_gettime(CLOCK_MONOTONIC, &end);
	long long real_ms = (end.tv_sec - start.tv_sec) * 1000LL +
			    (end.tv_nsec - start.tv_nsec) / 1000000;
	long long tick_ms = 1000 / CLK_TCK;
	long long user = (after.tms_utime + after.tms_cutime) - (before.tms_utime + before.tms_cutime);
	long long sys = (after.tms_stime + after.tms_cstime) - (before.tms_stime + before.tms_cstime);
	fflush(stdout);
	if (!n->has_in)
		dprintf(2, "\n");
	time_print("real", real_ms, n->has_in);
	time_print("user", user * tick_ms, n->has_in);
	time_print("sys", sys * tick_ms, n->has_in);
	return status;
}

/* ---- compound commands ---------------------------------------------------- */

/* After a loop body: 1 if the loop must stop (break, or a continue/break for
 * an outer loop, or SIGINT). */
static int loop_should_stop(void)
{
	if (shell.interrupted)
		return 1;
	if (shell.breaking) {
		shell.breaking--;
		return 1;
	}
	if (shell.continuing) {
		shell.continuing--;
		return shell.continuing > 0;
	}
	return 0;
}

static int exec_while(struct node *n)
{
	int status = 0;
	shell.loop_depth++;
	for (;;) {
		int cond = exec_node(n->a);
		if (must_unwind()) {
			if (loop_should_stop())
				break;
			continue;
		}
		if ((cond == 0) != (n->type == N_WHILE))
			break;
		status = exec_node(n->b);
		if (must_unwind() && loop_should_stop())
			break;
	}
	shell.loop_depth--;
	return status;
}

static int exec_for(struct node *n)
{
	int count, status = 0;
	char **words;
	if (n->has_in) {
		words = expand_words(n->words, &count);
		if (!words)
			return 2;
	} else {
		count = shell.nparams;
		words = xmalloc((size_t)(count + 1) * sizeof(char *));
		for (int i = 0; i < count; i++)
			words[i] = xstrdup(shell.params[i]);
		words[count] = NULL;
	}
	shell.loop_depth++;
	for (int i = 0; i < count; i++) {
		var_set(n->var, words[i]);
		status = exec_node(n->a);
		if (must_unwind() && loop_should_stop())
			break;
	}
	shell.loop_depth--;
	free_argv(words);
	return status;
}

static int exec_compound(struct node *n)
{
	int status;
	switch (n->type) {
	case N_IF:
		status = exec_node(n->a);
		if (must_unwind())
			return status;
		if (status == 0)
			return exec_node(n->b);
		return n->c ? exec_node(n->c) : 0;
	case N_WHILE:
	case N_UNTIL:
		return exec_while(n);
	case N_FOR:
		return exec_for(n);
	default: /* N_GROUP */
		return exec_node(n->a);
	}
}

/* A compound command's redirections hold for all of it, in the shell itself. */
static int exec_redirected(struct node *n)
{
	if (!n->redirs)
		return exec_compound(n);
	struct saved_fd *saved = NULL;
	int status = 1;
	if (redirect(n->redirs, &saved) == 0)
		status = exec_compound(n);
	fflush(stdout);
	redirect_undo(saved);
	return status;
}

int exec_node(struct node *n)
{
	int status = 0;
	if (!n)
		return shell.last_status;
	if (shell.interrupted)
		return shell.last_status = 130;
	switch (n->type) {
	case N_SIMPLE:
		status = exec_simple(n, 0);
		break;
	case N_PIPELINE:
		status = exec_pipeline(n);
		break;
	case N_BACKGROUND:
		status = exec_background(n);
		break;
	case N_SUBSHELL:
		status = exec_subshell(n);
		break;
	case N_NOT:
		status = !exec_node(n->a);
		break;
	case N_TIME:
		status = exec_time(n);
		break;
	case N_AND:
	case N_OR:
		status = exec_node(n->a);
		if (!must_unwind() && (status == 0) == (n->type == N_AND))
			status = exec_node(n->b);
		break;
	case N_LIST:
		exec_node(n->a);
		status = must_unwind() ? shell.last_status : exec_node(n->b);
		break;
	default:
		status = exec_redirected(n);
		break;
	}
	shell.last_status = status;
	return status;
}

/* ---- whole inputs ------------------------------------------------------------ */

/* Parses and runs command after command until the input ends; a syntax error
 * ends it too (status 2), as in other shells when not interactive. */
int run_input(struct input *in)
{
	struct arena arena = {NULL};
	for (;;) {
		struct node *n;
		input_next_command(in);
		int r = parse_command_line(in, &arena, &n);
		if (r <= 0) {
			arena_free(&arena);
			if (r < 0)
				shell.last_status = 2;
			break;
		}
		if (n)
			exec_node(n);
		arena_free(&arena);
		shell.breaking = shell.continuing = 0;
	}
	return shell.last_status;
}

int run_string(const char *text)
{
	struct input in;
	input_from_string(&in, text);
	int status = run_input(&in);
	input_close(&in);
	return status;
}

/* Runs a script file with its own $0 and parameters (sh FILE ARGS, and files
 * the kernel would not exec).  The caller's parameters come back afterwards. */
int run_script(const char *path, int argc, char **argv)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		sh_error("%s: %s", path, strerror(errno));
		return 127;
	}
	int high = fd_move_high(fd); /* out of the way of the script's redirections */
	if (high >= 0)
		fd = high;
	char *saved_name = shell.name, **saved_params = shell.params;
	int saved_nparams = shell.nparams;
	shell.name = (char *)path;
	shell.params = argv;
	shell.nparams = argc;
	struct input in;
	input_from_fd(&in, fd, 0, 0);
	int status = run_input(&in);
	input_close(&in);
	shell.name = saved_name;
	shell.params = saved_params;
	shell.nparams = saved_nparams;
	return status;
}
