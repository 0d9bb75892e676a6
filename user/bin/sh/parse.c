/*
 * parse.c — building the tree of a command from tokens (recursive descent).
 *
 *   command_line : list (NEWLINE | EOF)
 *   list         : and_or ((';' | '&' | NEWLINE) and_or)*   NEWLINE only inside
 *                                                            compound commands
 *   and_or       : pipeline (('&&' | '||') newlines pipeline)*
 *   pipeline     : ['!'] command ('|' newlines command)*
 *   command      : simple | (if | while | until | for | '{' list '}' | '(' list ')')
 *                  redirection*
 *   simple       : (NAME=value)* (word | redirection)*
 *
 * Reserved words (if then elif else fi while until for in do done { } !) are
 * ordinary words except where a command starts; there a list also ends at the
 * words that close a compound command.  At the top level the parse stops at the
 * newline that ends the command, so an interactive shell runs each line as
 * soon as it is complete and asks for more (PS2) only when it is not.
 *
 * Nodes live in the caller's arena.  A syntax error jumps back to
 * parse_command_line, which reports it; the arena is freed by the caller.
 */
#include "sh.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	struct lexer lx;
	jmp_buf error;
};

static _Noreturn void syntax_error(struct parser *p, const struct token *t)
{
	if (p->lx.error)
		sh_error("syntax error: %s", p->lx.error);
	else if (t->type == T_EOF)
		sh_error("syntax error: unexpected end of file");
	else
		sh_error("syntax error: unexpected '%s'", token_name(t));
	longjmp(p->error, 1);
}

static struct node *new_node(struct parser *p, enum node_type type)
{
	struct node *n = arena_alloc(p->lx.arena, sizeof(*n));
	n->type = type;
	return n;
}

static int is_keyword(const struct token *t, const char *word)
{
	return t->type == T_WORD && strcmp(t->text, word) == 0;
}

/* Words that end a list: the closers of compound commands. */
static int ends_list(const struct token *t)
{
	static const char *const closers[] = {"then", "elif", "else", "fi", "do", "done", "}"};
	if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI)
		return 1;
	for (size_t i = 0; i < sizeof(closers) / sizeof(closers[0]); i++)
		if (is_keyword(t, closers[i]))
			return 1;
	return 0;
}

static void skip_newlines(struct parser *p)
{
	while (lex_peek(&p->lx)->type == T_NEWLINE)
		lex_next(&p->lx);
}

static void expect_keyword(struct parser *p, const char *word)
{
	struct token t = lex_next(&p->lx);
	if (!is_keyword(&t, word))
		syntax_error(p, &t);
}

static struct node *parse_list(struct parser *p, int top);

/* A list that must hold at least one command (the body of if, while, ...). */
static struct node *parse_body(struct parser *p)
{
	skip_newlines(p);
	if (ends_list(lex_peek(&p->lx)))
		syntax_error(p, lex_peek(&p->lx));
	return parse_list(p, 0);
}

static int is_redirect_start(const struct token *t)
{
	return t->type == T_IO_NUMBER || (t->type >= T_LESS && t->type <= T_DLESS);
}

static struct redir *parse_redirect(struct parser *p)
{
	struct redir *r = arena_alloc(p->lx.arena, sizeof(*r));
	struct token t = lex_next(&p->lx);
	r->fd = -1;
	if (t.type == T_IO_NUMBER) {
		r->fd = (int)strtol(t.text, NULL, 10);
		t = lex_next(&p->lx);
	}
	switch (t.type) {
	case T_LESS:
		r->type = R_IN;
		break;
	case T_GREAT:
	case T_CLOBBER:
		r->type = R_OUT;
		break;
	case T_DGREAT:
		r->type = R_APPEND;
		break;
	case T_LESSAND:
		r->type = R_DUP_IN;
		break;
	case T_GREATAND:
		r->type = R_DUP_OUT;
		break;
	case T_LESSGREAT:
		r->type = R_RDWR;
		break;
	default:
		if (t.type == T_DLESS)
			p->lx.error = "here-documents (<<) are not supported";
		syntax_error(p, &t);
	}
	if (r->fd < 0)
		r->fd = (r->type == R_IN || r->type == R_DUP_IN || r->type == R_RDWR) ? 0 : 1;
	struct token target = lex_next(&p->lx);
	if (target.type != T_WORD)
		syntax_error(p, &target);
	r->target = target.text;
	return r;
}

static void append_word(struct parser *p, struct word ***tail, char *text)
{
	struct word *w = arena_alloc(p->lx.arena, sizeof(*w));
	w->text = text;
	**tail = w;
	*tail = &w->next;
}

static struct node *parse_simple(struct parser *p)
{
	struct node *n = new_node(p, N_SIMPLE);
	struct word **assign_tail = &n->assigns, **arg_tail = &n->args;
	struct redir **redir_tail = &n->redirs;
	for (;;) {
		struct token *t = lex_peek(&p->lx);
		if (is_redirect_start(t)) {
			*redir_tail = parse_redirect(p);
			redir_tail = &(*redir_tail)->next;
		} else if (t->type == T_WORD) {
			int is_assign = !n->args && var_assignment_length(t->text) > 0;
			append_word(p, is_assign ? &assign_tail : &arg_tail, lex_next(&p->lx).text);
		} else {
			break;
		}
	}
	if (!n->args && !n->assigns && !n->redirs)
		syntax_error(p, lex_peek(&p->lx));
	return n;
}

static struct node *parse_if(struct parser *p)
{
	struct node *n = new_node(p, N_IF);
	lex_next(&p->lx); /* if or elif */
	n->a = parse_body(p);
	expect_keyword(p, "then");
	n->b = parse_body(p);
	struct token *t = lex_peek(&p->lx);
	if (is_keyword(t, "elif")) {
		n->c = parse_if(p); /* consumes the shared fi */
		return n;
	}
	if (is_keyword(t, "else")) {
		lex_next(&p->lx);
		n->c = parse_body(p);
	}
	expect_keyword(p, "fi");
	return n;
}

static struct node *parse_while(struct parser *p)
{
	struct token t = lex_next(&p->lx);
	struct node *n = new_node(p, is_keyword(&t, "while") ? N_WHILE : N_UNTIL);
	n->a = parse_body(p);
	expect_keyword(p, "do");
	n->b = parse_body(p);
	expect_keyword(p, "done");
	return n;
}

static struct node *parse_for(struct parser *p)
{
	struct node *n = new_node(p, N_FOR);
	lex_next(&p->lx);
	struct token name = lex_next(&p->lx);
	if (name.type != T_WORD || !var_valid_name(name.text, strlen(name.text)))
		syntax_error(p, &name);
	n->var = name.text;
	skip_newlines(p);
	if (is_keyword(lex_peek(&p->lx), "in")) {
		lex_next(&p->lx);
		n->has_in = 1;
		struct word **tail = &n->words;
		while (lex_peek(&p->lx)->type == T_WORD)
			append_word(p, &tail, lex_next(&p->lx).text);
		struct token end = lex_next(&p->lx);
		if (end.type != T_SEMI && end.type != T_NEWLINE)
			syntax_error(p, &end);
	} else if (lex_peek(&p->lx)->type == T_SEMI) {
		lex_next(&p->lx);
	}
	skip_newlines(p);
	expect_keyword(p, "do");
	n->a = parse_body(p);
	expect_keyword(p, "done");
	return n;
}

static struct node *parse_group(struct parser *p, enum node_type type)
{
	struct node *n = new_node(p, type);
	lex_next(&p->lx); /* { or ( */
	n->a = parse_body(p);
	if (type == N_GROUP) {
		expect_keyword(p, "}");
	} else {
		struct token t = lex_next(&p->lx);
		if (t.type != T_RPAREN)
			syntax_error(p, &t);
	}
	return n;
}

static struct node *parse_command(struct parser *p)
{
	struct token *t = lex_peek(&p->lx);
	struct node *n;
	if (is_keyword(t, "if"))
		n = parse_if(p);
	else if (is_keyword(t, "while") || is_keyword(t, "until"))
		n = parse_while(p);
	else if (is_keyword(t, "for"))
		n = parse_for(p);
	else if (is_keyword(t, "{"))
		n = parse_group(p, N_GROUP);
	else if (t->type == T_LPAREN)
		n = parse_group(p, N_SUBSHELL);
	else if (ends_list(t) || is_keyword(t, "in"))
		syntax_error(p, t);
	else
		return parse_simple(p);
	struct redir **tail = &n->redirs;
	while (is_redirect_start(lex_peek(&p->lx))) {
		*tail = parse_redirect(p);
		tail = &(*tail)->next;
	}
	return n;
}

/* Does t end a pipeline before it starts (time with nothing to time)? */
static int ends_pipeline(const struct token *t)
{
	return ends_list(t) || t->type == T_NEWLINE || t->type == T_SEMI || t->type == T_AMP ||
	       t->type == T_AND_IF || t->type == T_OR_IF;
}

static struct node *parse_untimed_pipeline(struct parser *p);

/* time [-p] PIPELINE: a reserved word, as in bash and ksh, so that it times
 * a whole pipeline (and builtins), not one program. */
static struct node *parse_pipeline(struct parser *p)
{
	if (!is_keyword(lex_peek(&p->lx), "time"))
		return parse_untimed_pipeline(p);
	lex_next(&p->lx);
	struct node *n = new_node(p, N_TIME);
	if (is_keyword(lex_peek(&p->lx), "-p")) {
		lex_next(&p->lx);
		n->has_in = 1; /* -p: POSIX's format */
	}
	if (!ends_pipeline(lex_peek(&p->lx)))
		n->a = parse_untimed_pipeline(p);
	return n;
}

static struct node *parse_untimed_pipeline(struct parser *p)
{
	int negate = 0;
	while (is_keyword(lex_peek(&p->lx), "!")) {
		lex_next(&p->lx);
		negate = !negate;
	}
	struct node *first = parse_command(p), *last = first;
	struct node *n = first;
	if (lex_peek(&p->lx)->type == T_PIPE) {
		n = new_node(p, N_PIPELINE);
		n->a = first;
		while (lex_peek(&p->lx)->type == T_PIPE) {
			lex_next(&p->lx);
			skip_newlines(p);
			last->next = parse_command(p);
			last = last->next;
		}
	}
	if (negate) {
		struct node *negation = new_node(p, N_NOT);
		negation->a = n;
		n = negation;
	}
	return n;
}

static struct node *parse_and_or(struct parser *p)
{
	struct node *left = parse_pipeline(p);
	for (;;) {
		enum token_type type = lex_peek(&p->lx)->type;
		if (type != T_AND_IF && type != T_OR_IF)
			return left;
		lex_next(&p->lx);
		skip_newlines(p);
		struct node *n = new_node(p, type == T_AND_IF ? N_AND : N_OR);
		n->a = left;
		n->b = parse_pipeline(p);
		left = n;
	}
}

static struct node *append_list(struct parser *p, struct node *list, struct node *n)
{
	if (!list)
		return n;
	struct node *seq = new_node(p, N_LIST);
	seq->a = list;
	seq->b = n;
	return seq;
}

/* top: the command line itself, which a newline ends (the newline is left). */
static struct node *parse_list(struct parser *p, int top)
{
	struct node *list = NULL;
	for (;;) {
		if (!top)
			skip_newlines(p);
		struct token *t = lex_peek(&p->lx);
		if (ends_list(t) || t->type == T_NEWLINE)
			return list;
		struct node *n = parse_and_or(p);
		t = lex_peek(&p->lx);
		if (t->type == T_AMP) {
			struct node *bg = new_node(p, N_BACKGROUND);
			bg->a = n;
			n = bg;
		}
		list = append_list(p, list, n);
		if (t->type == T_AMP || t->type == T_SEMI)
			lex_next(&p->lx);
		else if (t->type != T_NEWLINE)
			return list;
		else if (top)
			return list;
	}
}

int parse_command_line(struct input *in, struct arena *arena, struct node **out)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.lx.in = in;
	p.lx.arena = arena;
	*out = NULL;
	if (setjmp(p.error))
		return -1;
	struct token *t = lex_peek(&p.lx);
	if (t->type == T_EOF && !p.lx.error)
		return 0;
	*out = parse_list(&p, 1);
	struct token end = lex_next(&p.lx);
	if (end.type != T_NEWLINE && (end.type != T_EOF || p.lx.error))
		syntax_error(&p, &end);
	return 1;
}
