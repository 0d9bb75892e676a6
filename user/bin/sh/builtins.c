/*
 * builtins.c — the commands the shell runs itself, because they change the
 * shell (cd, exit, export, unset, set, shift, wait, break, continue, read, .)
 * or are too common to fork for (echo, true, false, :, pwd, test, [), and
 * the table of them all, which help lists and Tab completes.  exec is
 * handled in exec.c, time in parse.c and exec.c, test and [ in test.c, jobs,
 * fg, bg and kill in jobctl.c, help in help.c, history in history.c.
 */
#include "sh.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bi_true(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 0;
}

static int bi_false(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 1;
}

static int bi_echo(int argc, char **argv)
{
	int newline = 1, i = 1;
	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		putchar('\n');
	return 0; /* exec.c flushes, and reports a failed write */
}

static int bi_pwd(int argc, char **argv)
{
	(void)argc, (void)argv;
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof(buf))) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	puts(buf);
	return 0;
}

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	if (!dir || !*dir)
		dir = "/";
	int print = 0;
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	char old[PATH_MAX], now[PATH_MAX];
	int have_old = getcwd(old, sizeof(old)) != NULL;
	if (chdir(dir) < 0) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (have_old)
		var_export("OLDPWD", old);
	if (getcwd(now, sizeof(now))) {
		var_export("PWD", now);
		if (print)
			puts(now);
	}
	return 0;
}

static int parse_count(const char *what, const char *s, int *n)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0) {
		sh_error("%s: %s: bad number", what, s);
		return -1;
	}
	*n = (int)v;
	return 0;
}

static int bi_exit(int argc, char **argv)
{
	if (!jobctl_may_exit())
		return 1;
	int status = shell.last_status;
	if (argc > 1 && parse_count("exit", argv[1], &status) < 0)
		status = 2;
	exit(status & 0xff);
}

static int bi_export(int argc, char **argv)
{
	int status = 0;
	if (argc == 1)
		var_print(1);
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!var_valid_name(argv[i], len)) {
			sh_error("export: %s: bad variable name", argv[i]);
			status = 1;
			continue;
		}
		char *name = xstrndup(argv[i], len);
		var_export(name, eq ? eq + 1 : NULL);
		free(name);
	}
	return status;
}

static int bi_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

static int bi_set(int argc, char **argv)
{
	if (argc == 1) {
		var_print(0);
		return 0;
	}
	int i = 1;
	if (strcmp(argv[1], "--") == 0) {
		i = 2;
	} else if (argv[1][0] == '-' || argv[1][0] == '+') {
		sh_error("set: %s: options are not supported", argv[1]);
		return 2;
	}
	/* The new parameters are copies: argv is freed when this command ends.
	 * The old ones are not freed (they may be main()'s argv). */
	shell.nparams = argc - i;
	shell.params = xmalloc((size_t)(shell.nparams + 1) * sizeof(char *));
	for (int k = 0; k < shell.nparams; k++)
		shell.params[k] = xstrdup(argv[i + k]);
	shell.params[shell.nparams] = NULL;
	return 0;
}

static int bi_shift(int argc, char **argv)
{
	int n = 1;
	if (argc > 1 && parse_count("shift", argv[1], &n) < 0)
		return 2;
	if (n > shell.nparams) {
		sh_error("shift: can't shift that many");
		return 1;
	}
	shell.params += n;
	shell.nparams -= n;
	return 0;
}

static int loop_control(int argc, char **argv, int *counter)
{
	int n = 1;
	if (argc > 1 && (parse_count(argv[0], argv[1], &n) < 0 || n == 0))
		return 1;
	if (shell.loop_depth == 0)
		return 0; /* outside a loop: nothing to leave, as in dash */
	*counter = n < shell.loop_depth ? n : shell.loop_depth;
	return 0;
}

static int bi_break(int argc, char **argv)
{
	return loop_control(argc, argv, &shell.breaking);
}

static int bi_continue(int argc, char **argv)
{
	return loop_control(argc, argv, &shell.continuing);
}

/* One operand of wait: %JOB or a pid; 127 when it is no job of ours. */
static int wait_for_operand(const char *arg)
{
	struct job *j;
	if (arg[0] == '%') {
		const char *why;
		j = job_find(arg, &why);
		if (!j)
			sh_error("wait: %s: %s", arg, why);
	} else {
		int pid;
		if (parse_count("wait", arg, &pid) < 0)
			return 2;
		j = job_by_pid(pid);
		if (!j)
			sh_error("wait: pid %d is not a child of this shell", pid);
	}
	return j ? job_wait_end(j) : 127;
}

static int bi_wait(int argc, char **argv)
{
	if (argc == 1)
		return jobs_wait_all();
	int status = 0;
	for (int i = 1; i < argc && !shell.interrupted; i++)
		status = wait_for_operand(argv[i]);
	return status;
}

/* read [-r] NAME...: one line from stdin, split on IFS; the last NAME takes the
 * rest of the line.  Read byte by byte, so that nothing after the line is lost
 * to the commands that read stdin next.  Without -r a backslash escapes. */
static int bi_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-r") == 0) {
		raw = 1;
		i++;
	}
	struct strbuf line = {NULL, 0, 0};
	int got = 0;
	char c;
	for (;;) {
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR && !shell.interrupted)
			continue;
		if (n <= 0)
			break;
		got = 1;
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) == 1 && c != '\n')
				sb_addc(&line, c);
			continue;
		}
		if (c == '\n')
			break;
		sb_addc(&line, c);
	}
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	char *p = line.s ? line.s : "";
	for (; i < argc; i++) {
		p += strspn(p, ifs);
		size_t len = i + 1 < argc ? strcspn(p, ifs) : strlen(p);
		if (i + 1 == argc) /* the last name: the rest, without trailing blanks */
			while (len > 0 && strchr(ifs, p[len - 1]))
				len--;
		char *value = xstrndup(p, len);
		var_set(argv[i], value);
		free(value);
		p += len;
	}
	free(line.s);
	if (shell.interrupted)
		return 130;
	return got ? 0 : 1;
}

static int bi_dot(int argc, char **argv)
{
	if (argc < 2) {
		sh_error(".: filename argument required");
		return 2;
	}
	/* . runs the file in this shell, with $1... unchanged unless given. */
	if (argc > 2)
		return run_script(argv[1], argc - 2, argv + 2);
	return run_script(argv[1], shell.nparams, shell.params);
}

/* Every builtin, with what help shows (in this order: alphabetical). */
static const struct builtin builtins[] = {
    {":", bi_true, ":", "do nothing, successfully (the arguments are expanded)"},
    {".", bi_dot, ". FILE", "run FILE's commands in this shell"},
    {"[", builtin_test, "[ EXPR ]", "the same as test"},
    {"bg", bi_bg, "bg [%JOB...]", "continue stopped jobs in the background"},
    {"break", bi_break, "break [N]", "leave the innermost N loops"},
    {"cd", bi_cd, "cd [DIR | -]", "change the working directory ($HOME without DIR)"},
    {"continue", bi_continue, "continue [N]", "start the next round of the Nth loop"},
    {"echo", bi_echo, "echo [-n] [ARG...]", "print the arguments (-n: no newline)"},
    {"exec", NULL, "exec [CMD [ARG...]]", "replace the shell by CMD, or apply redirections"},
    {"exit", bi_exit, "exit [N]", "leave the shell with status N"},
    {"export", bi_export, "export [NAME[=VALUE]...]", "give variables to the programs run"},
    {"false", bi_false, "false", "do nothing, unsuccessfully"},
    {"fg", bi_fg, "fg [%JOB]", "continue a job in the foreground"},
    {"help", bi_help, "help [NAME]", "this list, or how to use NAME"},
    {"history", builtin_history, "history [-c] [N]", "the lines typed before (up arrow: the last)"},
    {"jobs", bi_jobs, "jobs [-l | -p] [%JOB...]", "list jobs: running, stopped, done"},
    {"kill", bi_kill, "kill [-SIG] PID|%JOB... | -l", "send a signal to processes or jobs"},
    {"pwd", bi_pwd, "pwd", "print the working directory"},
    {"read", bi_read, "read [-r] NAME...", "read a line into variables"},
    {"set", bi_set, "set [ARG...]", "print variables, or set $1, $2..."},
    {"shift", bi_shift, "shift [N]", "drop the first N positional parameters"},
    {"test", builtin_test, "test EXPR", "check files, strings and numbers"},
    {"time", NULL, "time [-p] PIPELINE", "run a pipeline and print its real, user, system time"},
    {"true", bi_true, "true", "do nothing, successfully"},
    {"unset", bi_unset, "unset NAME...", "remove variables"},
    {"wait", bi_wait, "wait [PID | %JOB...]", "wait for background jobs"},
};

const struct builtin *builtin_at(size_t i)
{
	return i < sizeof(builtins) / sizeof(builtins[0]) ? &builtins[i] : NULL;
}

const char *builtin_name(size_t i) /* for Tab completion (complete.c) */
{
	const struct builtin *b = builtin_at(i);
	return b ? b->name : NULL;
}

builtin_fn builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn; /* NULL for exec and time: exec.c, parse.c */
	return NULL;
}
