/*
 * sh.h — the shell's pieces and how they fit together.
 *
 * A command travels through four stages, each in its own file:
 *
 *   input.c   lines of text (a terminal with prompts, a script, a -c string);
 *             on a terminal each line is edited first (lineedit.c)
 *   lex.c     ... cut into tokens (words keep their quotes: "a b" stays "a b")
 *   parse.c   ... built into a tree of nodes (struct node), in an arena
 *   exec.c    ... run: words are expanded just before use (expand.c: $VAR,
 *             $((..)), $(..), quote removal, field splitting, globs), then
 *             redirections (redir.c), builtins (builtins.c, test.c) or
 *             fork+exec, and waiting (jobs.c)
 *
 * The shell's state (variables in vars.c, $?, $$, $!, positional parameters)
 * lives in `shell` below.  Errors are printed as "sh: WHAT: strerror".
 * Read next: main.c.
 */
#ifndef SH_H
#define SH_H

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- memory (mem.c) ------------------------------------------------------ */

void *xmalloc(size_t n); /* these exit with "sh: out of memory" on failure */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* An arena holds one parsed command; it is freed in one go after the command ran. */
struct arena {
	struct arena_block *blocks;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* A growable string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_addc(struct strbuf *b, char c);
void sb_add(struct strbuf *b, const char *s, size_t n);
void sb_adds(struct strbuf *b, const char *s);
char *sb_finish(struct strbuf *b); /* the NUL-terminated text; b is empty again */

/* ---- input (input.c) ----------------------------------------------------- */

struct input {
	int fd;		    /* where lines come from, or -1 for a string */
	int fd_is_shared;   /* read byte by byte: others read the rest (stdin) */
	int prompts;	    /* print PS1 / PS2 before reading a line */
	const char *string; /* sh -c TEXT, $(TEXT) */
	size_t string_pos;
	char *buf; /* the text of the command being parsed */
	size_t len, pos, cap;
	char rbuf[512]; /* read-ahead from fd when it is not shared */
	size_t rpos, rlen;
	int at_eof;
};

void input_from_fd(struct input *in, int fd, int shared, int prompts);
void input_from_string(struct input *in, const char *text);
int input_getc(struct input *in); /* the next character, or EOF */
void input_ungetc(struct input *in);
void input_next_command(struct input *in); /* drop consumed text; next prompt is PS1 */
void input_reset_eof(struct input *in);     /* a terminal's ^D: read on after it */
void input_close(struct input *in);

/* ---- line editing (lineedit.c, keys.c, display.c, history.c, complete.c) ---- */

#define LINEEDIT_MAX 8191 /* bytes in one edited line (at least 4 KiB, issue 13) */

/* One line from the terminal fd, edited with prompt shown; bytes come from
 * read_byte(arg).  1: the line, with its "\n", appended to *line (the
 * terminal stays raw until lineedit_finish); 0: end of input (^D); -1: fd is
 * not a terminal (nothing was read). */
int lineedit_read(int fd, const char *prompt, int (*read_byte)(void *), void *arg,
		  struct strbuf *line);
void lineedit_finish(void);	 /* a command was parsed: the modes back, the newline */
void lineedit_interrupted(void); /* ^C left the editor: "^C", the modes back */
int builtin_history(int argc, char **argv);
const char *builtin_name(size_t i); /* the i-th builtin's name, NULL past the end */

/* ---- tokens (lex.c) ------------------------------------------------------ */

enum token_type {
	T_EOF,
	T_NEWLINE,
	T_WORD,
	T_IO_NUMBER, /* the 2 of 2>file */
	T_SEMI,
	T_AMP,
	T_PIPE,
	T_AND_IF,
	T_OR_IF,
	T_LPAREN,
	T_RPAREN,
	T_LESS,	     /* < */
	T_GREAT,     /* > */
	T_DGREAT,    /* >> */
	T_LESSAND,   /* <& */
	T_GREATAND,  /* >& */
	T_LESSGREAT, /* <> */
	T_CLOBBER,   /* >| */
	T_DLESS,     /* << (here-documents: not supported) */
	T_DSEMI,     /* ;; (case: not supported) */
};

struct token {
	enum token_type type;
	char *text; /* T_WORD, T_IO_NUMBER: the raw text, quotes included */
};

struct lexer {
	struct input *in;
	struct arena *arena;
	struct token peeked;
	int has_peeked;
	const char *error; /* set when the text cannot be a token (unterminated quote) */
};

struct token *lex_peek(struct lexer *lx);
struct token lex_next(struct lexer *lx);
const char *token_name(const struct token *t);

/* ---- the tree (parse.c) -------------------------------------------------- */

struct word {
	char *text; /* raw: quotes and $ still in it */
	struct word *next;
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_DUP_IN, R_DUP_OUT, R_RDWR };

struct redir {
	enum redir_type type;
	int fd;	      /* the descriptor redirected */
	char *target; /* raw word: a path, or a descriptor number or "-" for dups */
	struct redir *next;
};

enum node_type {
	N_SIMPLE,     /* assigns args redirs */
	N_PIPELINE,   /* a, a->next, ...: the commands, in order */
	N_AND,	      /* a && b */
	N_OR,	      /* a || b */
	N_LIST,	      /* a ; b */
	N_BACKGROUND, /* a & */
	N_NOT,	      /* ! a */
	N_IF,	      /* if a then b else c */
	N_WHILE,      /* while a do b */
	N_UNTIL,      /* until a do b */
	N_FOR,	      /* for var in words do a */
	N_GROUP,      /* { a; } */
	N_SUBSHELL,   /* ( a ) */
	N_TIME,	      /* time a (has_in: -p) */
};

struct node {
	enum node_type type;
	struct node *a, *b, *c;
	struct node *next; /* the following command of a pipeline */
	struct word *assigns, *args;
	struct redir *redirs; /* simple and compound commands */
	char *var;	      /* N_FOR */
	struct word *words;   /* N_FOR */
	int has_in;	      /* N_FOR: "in WORDS" given (otherwise "$@"); N_TIME: -p */
};

/* 1: *out is a command (NULL for an empty line); 0: end of input; -1: syntax
 * error, already reported. */
int parse_command_line(struct input *in, struct arena *arena, struct node **out);

/* ---- running (exec.c, redir.c, jobs.c) ----------------------------------- */

int exec_node(struct node *n); /* returns the exit status, also left in $? */
_Noreturn void exec_node_in_child(struct node *n);
int run_input(struct input *in); /* every command until the end; the last status */
int run_string(const char *text);
_Noreturn void exec_command(char **argv, char **assigns, struct redir *redirs);
int run_script(const char *path, int argc, char **argv); /* sh FILE, . FILE */

struct saved_fd;
int redirect(struct redir *r, struct saved_fd **saved); /* saved NULL: for good */
void redirect_undo(struct saved_fd *saved);
const char *redirect_name(int fd); /* the file fd 0-2 was redirected to, or NULL */
int fd_move_high(int fd); /* a close-on-exec copy at 10 or above; closes fd */

void node_to_text(const struct node *n, struct strbuf *b); /* unparse.c: for jobs */

/* ---- jobs (jobs.c: the table and waiting; jobctl.c: job control) --------- */

#include <stdio.h>

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };
struct job;

int status_of(int wait_status);	/* $? for a wait status: code, or 128 + signal */
int wait_foreground(pid_t pid);	/* a child that is no job ($(...)): its status */
struct job *job_new(const struct node *n, int background); /* NULL: table full */
void job_add_process(struct job *j, pid_t pid);
int job_wait_foreground(struct job *j); /* its status; it stays in the table if stopped */
int job_wait_end(struct job *j);	/* the wait builtin; 130 on SIGINT */
int jobs_wait_all(void);
void jobs_reap(void);			/* collect news without waiting */
void jobs_notify(int interactive);	/* report changes, forget ended jobs */
void job_free(struct job *j);
void job_make_current(struct job *j);
void job_mark_running(struct job *j, int background); /* fg, bg */
void job_print(const struct job *j, int with_pids, FILE *out);
enum job_state job_state(const struct job *j);
int job_id(const struct job *j);
pid_t job_pgid(const struct job *j);
pid_t job_pid(const struct job *j, int i); /* 0 past the last */
const char *job_text(const struct job *j);
struct job *job_find(const char *spec, const char **why); /* %N %% %+ %- %NAME %?TEXT */
struct job *job_by_pid(pid_t pid);
struct job *job_current(void);
struct job *job_next(const struct job *after); /* NULL: the first */

void jobctl_init(void); /* interactive: job control on if stdin is our terminal */
/* Around fork for a job: the child's group and terminal, then the parent's
 * record of it; after a foreground job, the terminal back to the shell. */
void jobctl_child(const struct job *j, int foreground);
void jobctl_parent(struct job *j, pid_t pid, int foreground);
void jobctl_take_terminal(int is_abnormal);
/* exit or ^D: 0 (and a warning) the first time while jobs are stopped, as bash. */
int jobctl_may_exit(void);
int jobs_any_stopped(void);
int bi_fg(int argc, char **argv);
int bi_bg(int argc, char **argv);
int bi_jobs(int argc, char **argv);
int bi_kill(int argc, char **argv);

/* ---- words (expand.c, arith.c, glob.c) ----------------------------------- */

char **expand_words(struct word *w, int *argc); /* NULL on error (reported) */
char *expand_single(const char *raw);		/* no splitting or globbing */
void free_argv(char **argv);
int arith_eval(const char *expr, long long *value);  /* 0, or -1 reported */
char **glob_expand(const char *pattern, int *count); /* NULL if nothing matched */
int fnmatch_simple(const char *pattern, const char *name);

/* ---- variables (vars.c) -------------------------------------------------- */

const char *var_get(const char *name);
void var_set(const char *name, const char *value);
void var_export(const char *name, const char *value); /* value NULL: keep */
void var_unset(const char *name);
int var_valid_name(const char *s, size_t len);
void var_import(char **envp);
char **var_environ(char **extra); /* exported vars + NAME=value overrides */
void var_print(int exported_only);
int var_assignment_length(const char *raw); /* length of NAME in NAME=..., or 0 */

/* ---- builtins (builtins.c, test.c) --------------------------------------- */

typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
struct builtin {
	const char *name;
	builtin_fn fn; /* NULL: a reserved word or handled in exec.c (exec, time) */
	const char *synopsis, *summary;
};
const struct builtin *builtin_at(size_t i); /* the i-th, alphabetical; NULL past the end */
int bi_help(int argc, char **argv);		 /* help.c */
int builtin_test(int argc, char **argv);

/* ---- the shell ------------------------------------------------------------ */

struct shell {
	int interactive;
	int last_status; /* $? */
	pid_t pid;	 /* $$ (the top-level shell, also in subshells) */
	pid_t last_bg;	 /* $! */
	char *name;	 /* $0 */
	char **params;	 /* $1 ... */
	int nparams;
	volatile sig_atomic_t interrupted; /* SIGINT: abandon the current command */
	volatile sig_atomic_t reading_prompt; /* in the prompt's read: SIGINT jumps out */
	int loop_depth;
	int breaking, continuing; /* loops still to leave / to continue */
	int sigint_default;	  /* SIGINT was not ignored when the shell started */
	int in_child;		  /* this process is a subshell */
	int job_control;	  /* jobs in groups of their own, fg and bg (jobctl.c) */
	int nr_lines;		  /* command lines read at the prompt */
	int exit_warned_line;	  /* the line whose exit warned of stopped jobs */
	int subst_count;	  /* command substitutions run while expanding ... */
	int subst_status;	  /* ... and the status of the last one */
};

extern struct shell shell;

void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Forking a foreground child (main.c): begin (SIGINT blocked; -1 if a ^C came
 * already: do not fork), then in the child sh_child_signals, in the parent
 * sh_fork_parent (SIGINT ignored while waiting), and after the wait sh_fork_end. */
int sh_fork_begin(void);
void sh_fork_parent(void);
void sh_fork_end(void);
void sh_child_signals(int background);

#endif
