/*
 * unparse.c — a parsed command back as text, for what `jobs` and `fg` show
 * ("sleep 10 | cat > out &").  Words keep their quotes (they are raw in the
 * tree); spacing and newlines are normalised, as in bash's job listings.
 */
#include "sh.h"

#include <stdio.h>
#include <string.h>

static void unparse_words(const struct word *w, struct strbuf *b)
{
	for (; w; w = w->next) {
		if (b->len && b->s[b->len - 1] != ' ' && b->s[b->len - 1] != '(')
			sb_addc(b, ' ');
		sb_adds(b, w->text);
	}
}

static void unparse_redirs(const struct redir *r, struct strbuf *b)
{
	static const char *const ops[] = {
	    [R_IN] = "<", [R_OUT] = ">", [R_APPEND] = ">>",
	    [R_DUP_IN] = "<&", [R_DUP_OUT] = ">&", [R_RDWR] = "<>",
	};
	for (; r; r = r->next) {
		int default_fd = r->type == R_IN || r->type == R_DUP_IN || r->type == R_RDWR ? 0 : 1;
		char fd[16] = "";
		if (r->fd != default_fd)
			snprintf(fd, sizeof(fd), "%d", r->fd);
		sb_addc(b, ' ');
		sb_adds(b, fd);
		sb_adds(b, ops[r->type]);
		sb_addc(b, ' ');
		sb_adds(b, r->target);
	}
}

static void unparse_body(const char *open, const struct node *n, const char *close,
			 struct strbuf *b)
{
	sb_adds(b, open);
	node_to_text(n, b);
	sb_adds(b, close);
}

static void unparse_binary(const struct node *n, const char *op, struct strbuf *b)
{
	node_to_text(n->a, b);
	sb_adds(b, op);
	node_to_text(n->b, b);
}

void node_to_text(const struct node *n, struct strbuf *b)
{
	if (!n)
		return;
	switch (n->type) {
	case N_SIMPLE:
		unparse_words(n->assigns, b);
		unparse_words(n->args, b);
		break;
	case N_PIPELINE:
		for (const struct node *c = n->a; c; c = c->next) {
			node_to_text(c, b);
			if (c->next)
				sb_adds(b, " | ");
		}
		break;
	case N_AND:
		unparse_binary(n, " && ", b);
		break;
	case N_OR:
		unparse_binary(n, " || ", b);
		break;
	case N_LIST:
		unparse_binary(n, "; ", b);
		break;
	case N_BACKGROUND:
		node_to_text(n->a, b);
		sb_adds(b, " &");
		break;
	case N_NOT:
		unparse_body("! ", n->a, "", b);
		break;
	case N_IF:
		unparse_body("if ", n->a, "; then ", b);
		node_to_text(n->b, b);
		if (n->c)
			unparse_body("; else ", n->c, "", b);
		sb_adds(b, "; fi");
		break;
	case N_WHILE:
	case N_UNTIL:
		unparse_body(n->type == N_WHILE ? "while " : "until ", n->a, "; do ", b);
		unparse_body("", n->b, "; done", b);
		break;
	case N_FOR:
		sb_adds(b, "for ");
		sb_adds(b, n->var);
		if (n->has_in) {
			sb_adds(b, " in");
			unparse_words(n->words, b);
		}
		unparse_body("; do ", n->a, "; done", b);
		break;
	case N_GROUP:
		unparse_body("{ ", n->a, "; }", b);
		break;
	case N_SUBSHELL:
		unparse_body("(", n->a, ")", b);
		break;
	case N_TIME:
		unparse_body(n->has_in ? "time -p " : "time ", n->a, "", b);
		break;
	}
	if (n->type != N_PIPELINE)
		unparse_redirs(n->redirs, b);
}
