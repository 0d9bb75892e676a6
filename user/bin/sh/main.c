/*
 * main.c — the shell's start and its interactive loop.
 *
 *     sh                 commands from stdin; interactive (prompts, SIGINT
 *                        handling) when stdin is a terminal, or with -i
 *     sh -c TEXT [NAME [ARG...]]   run TEXT ($0 = NAME, $1... = ARGs)
 *     sh FILE [ARG...]   run a script
 *
 * Signals (POSIX's rules; job control adds its own, see jobctl.c): the
 * interactive shell catches SIGINT -- ctrl-C abandons the line being typed or
 * the command running in the shell, and prints a new prompt -- ignores SIGINT
 * while it waits for a foreground command (which gets the signal and dies),
 * and ignores SIGQUIT and SIGTERM.  Children get back the dispositions the
 * shell started with; background children ignore SIGINT and SIGQUIT.
 *
 * Read next: input.c, then lex.c, parse.c, exec.c.
 */
#include "sh.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <usage.h>

struct shell shell;
jmp_buf *sh_interrupt_jump; /* where a SIGINT during a read at the prompt goes */

static struct sigaction startup_action[NSIG + 1]; /* SIGINT, SIGQUIT, SIGTERM */

void sh_error(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	lineedit_finish(); /* a line being typed ends before the message */
	va_start(ap, fmt);
	int n = snprintf(line, sizeof(line), "sh: ");
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fflush(stdout);
	write(2, line, (size_t)n);
}

static void sigint_mask(int how)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(how, &set, NULL);
}

/* Waiting in the prompt's read (nothing half-done), a ^C leaves at once, as in
 * dash: the jump skips sigreturn, so SIGINT is unblocked here by hand. */
static void on_sigint(int sig)
{
	(void)sig;
	shell.interrupted = 1;
	if (shell.reading_prompt && sh_interrupt_jump) {
		shell.reading_prompt = 0;
		sigint_mask(SIG_UNBLOCK);
		longjmp(*sh_interrupt_jump, 1);
	}
}

static void set_signal(int sig, sighandler_t handler)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(sig, &sa, NULL); /* no SA_RESTART: a read at the prompt must stop */
}

static void signals_init(void)
{
	int sigs[] = {SIGINT, SIGQUIT, SIGTERM};
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], NULL, &startup_action[sigs[i]]);
	shell.sigint_default = startup_action[SIGINT].sa_handler != SIG_IGN;
	if (!shell.interactive)
		return;
	set_signal(SIGINT, on_sigint);
	set_signal(SIGQUIT, SIG_IGN);
	set_signal(SIGTERM, SIG_IGN);
}

/* A ^C typed just as a command starts must reach the command: SIGINT is
 * blocked from before fork until the child has its default action back, so it
 * waits as pending instead of meeting the shell's handler in the child. */
int sh_fork_begin(void)
{
	fflush(NULL); /* the child must not write our buffered output again */
	if (!shell.interactive)
		return 0;
	sigint_mask(SIG_BLOCK);
	if (shell.interrupted) {
		sigint_mask(SIG_UNBLOCK);
		return -1;
	}
	return 0;
}

void sh_fork_parent(void)
{
	if (!shell.interactive)
		return;
	set_signal(SIGINT, SIG_IGN); /* also drops the one the child will die of */
	sigint_mask(SIG_UNBLOCK);
}

void sh_fork_end(void)
{
	if (shell.interactive)
		set_signal(SIGINT, on_sigint);
}

void sh_child_signals(int background)
{
	int sigs[] = {SIGINT, SIGQUIT, SIGTERM};
	for (int i = 0; i < 3; i++) {
		int sig = sigs[i];
		if (background && sig != SIGTERM)
			set_signal(sig, SIG_IGN);
		else if (startup_action[sig].sa_handler == SIG_IGN)
			set_signal(sig, SIG_IGN);
		else
			set_signal(sig, SIG_DFL);
	}
	shell.interrupted = 0;
	shell.job_control = 0; /* only the interactive shell itself controls jobs */
	sigint_mask(SIG_UNBLOCK);
}

static struct arena line_arena; /* static: it survives the longjmp below */

static int interactive_loop(struct input *in)
{
	jmp_buf on_interrupt;
	for (;;) {
		jobs_reap();
		jobs_notify(1); /* "[1]+  Done  sleep 1", "[2]+  Stopped  vi" */
		input_next_command(in);
		if (setjmp(on_interrupt)) { /* ctrl-C while typing */
			sh_interrupt_jump = NULL;
			shell.reading_prompt = 0;
			arena_free(&line_arena);
			shell.interrupted = 0;
			shell.last_status = 130;
			lineedit_interrupted(); /* "^C", and the terminal's modes back */
			write(2, "\n", 1);
			continue;
		}
		shell.interrupted = 0; /* a ^C after the last command is no reason to drop the next */
		sh_interrupt_jump = &on_interrupt;
		struct node *n;
		int r = parse_command_line(in, &line_arena, &n);
		sh_interrupt_jump = NULL;
		lineedit_finish(); /* canonical modes back before anything runs */
		shell.nr_lines++;
		if (r == 0 && jobctl_may_exit())
			break;
		if (r == 0) { /* ^D with stopped jobs: the terminal has more to give */
			input_reset_eof(in);
			continue;
		}
		if (r < 0)
			shell.last_status = 2;
		else if (n)
			exec_node(n);
		arena_free(&line_arena);
		shell.breaking = shell.continuing = 0;
		if (shell.interrupted) { /* ctrl-C ended the command: the prompt on a new line */
			shell.interrupted = 0;
			shell.last_status = 130;
			write(2, "\n", 1);
		}
	}
	return shell.last_status;
}

static const char usage[] =
    "usage: sh [-i] [-c TEXT [NAME [ARG...]] | FILE [ARG...]]\n"
    "       (no FILE: commands from standard input; -i: interactive; help: the builtins)\n";

int main(int argc, char **argv)
{
	int force_interactive = 0, c;
	const char *command = NULL;
	shell.pid = getpid();
	shell.name = argv[0] ? argv[0] : "sh";
	var_import(environ);
	/* The usage convention of /bin (lib/usage.c); '+': options end at the
	 * first operand, which is the script or $0, and what follows is theirs. */
	while ((c = usage_getopt(argc, argv, "+c:i", usage)) != -1) {
		if (c == 'c')
			command = optarg;
		else
			force_interactive = 1;
	}
	int i = optind;
	if (command) {
		if (i < argc)
			shell.name = argv[i++];
		shell.params = argv + i;
		shell.nparams = argc - i;
		signals_init();
		return run_string(command);
	}
	if (i < argc) {
		signals_init();
		return run_script(argv[i], argc - i - 1, argv + i + 1);
	}
	shell.params = argv + argc;
	shell.interactive = force_interactive || isatty(0);
	signals_init();
	jobctl_init();
	struct input in;
	input_from_fd(&in, 0, 1, shell.interactive);
	return shell.interactive ? interactive_loop(&in) : run_input(&in);
}
