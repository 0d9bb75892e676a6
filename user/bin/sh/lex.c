/*
 * lex.c — cutting the input into tokens: operators (; & | && || ( ) < > >>
 * <& >& <> >| and newline) and words.
 *
 * A word keeps its raw text: quotes, backslashes, $VAR, $(...) and `...` stay
 * in it, to be expanded only when the command runs (expand.c).  The lexer only
 * needs to know where a word ends, so it follows quotes and nested $( ) just
 * far enough to skip the operators inside them.  A backslash-newline is a line
 * continuation and disappears.  "2>" makes the 2 an IO_NUMBER token.
 */
#include "sh.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lex_error(struct lexer *lx, const char *what)
{
	if (!lx->error)
		lx->error = what;
	return -1;
}

static int is_word_end(int c)
{
	return c == EOF || strchr(" \t\n;&|<>()", c) != NULL;
}

static int scan_dquote(struct lexer *lx, struct strbuf *sb);
static int scan_dollar(struct lexer *lx, struct strbuf *sb);

static int scan_squote(struct lexer *lx, struct strbuf *sb)
{
	int c;
	while ((c = input_getc(lx->in)) != EOF) {
		sb_addc(sb, (char)c);
		if (c == '\'')
			return 0;
	}
	return lex_error(lx, "unterminated quoted string");
}

static int scan_backquote(struct lexer *lx, struct strbuf *sb)
{
	int c;
	while ((c = input_getc(lx->in)) != EOF) {
		sb_addc(sb, (char)c);
		if (c == '`')
			return 0;
		if (c == '\\' && (c = input_getc(lx->in)) != EOF)
			sb_addc(sb, (char)c);
	}
	return lex_error(lx, "unterminated `...`");
}

/* After "$(" or "${": up to the matching close, following quotes and nesting. */
static int scan_nested(struct lexer *lx, struct strbuf *sb, char open, char close)
{
	int depth = 1, c;
	while ((c = input_getc(lx->in)) != EOF) {
		sb_addc(sb, (char)c);
		int err = 0;
		if (c == open) {
			depth++;
		} else if (c == close) {
			if (--depth == 0)
				return 0;
		} else if (c == '\'') {
			err = scan_squote(lx, sb);
		} else if (c == '"') {
			err = scan_dquote(lx, sb);
		} else if (c == '`') {
			err = scan_backquote(lx, sb);
		} else if (c == '$') {
			err = scan_dollar(lx, sb);
		} else if (c == '\\' && (c = input_getc(lx->in)) != EOF) {
			sb_addc(sb, (char)c);
		}
		if (err)
			return -1;
	}
	return lex_error(lx, open == '(' ? "unterminated $(...)" : "unterminated ${...}");
}

/* After a '$' (already added): $( and ${ open nested text. */
static int scan_dollar(struct lexer *lx, struct strbuf *sb)
{
	int c = input_getc(lx->in);
	if (c == '(' || c == '{') {
		sb_addc(sb, (char)c);
		return scan_nested(lx, sb, (char)c, c == '(' ? ')' : '}');
	}
	if (c != EOF)
		input_ungetc(lx->in);
	return 0;
}

static int scan_dquote(struct lexer *lx, struct strbuf *sb)
{
	int c;
	while ((c = input_getc(lx->in)) != EOF) {
		if (c == '\\') {
			int next = input_getc(lx->in);
			if (next == '\n')
				continue; /* line continuation */
			sb_addc(sb, '\\');
			if (next != EOF)
				sb_addc(sb, (char)next);
			continue;
		}
		sb_addc(sb, (char)c);
		int err = 0;
		if (c == '"')
			return 0;
		if (c == '$')
			err = scan_dollar(lx, sb);
		else if (c == '`')
			err = scan_backquote(lx, sb);
		if (err)
			return -1;
	}
	return lex_error(lx, "unterminated quoted string");
}

static int scan_word(struct lexer *lx, struct strbuf *sb)
{
	int c;
	while (!is_word_end(c = input_getc(lx->in))) {
		int err = 0;
		if (c == '\\') {
			int next = input_getc(lx->in);
			if (next == '\n')
				continue;
			sb_addc(sb, '\\');
			if (next == EOF)
				break;
			sb_addc(sb, (char)next);
			continue;
		}
		sb_addc(sb, (char)c);
		if (c == '\'')
			err = scan_squote(lx, sb);
		else if (c == '"')
			err = scan_dquote(lx, sb);
		else if (c == '`')
			err = scan_backquote(lx, sb);
		else if (c == '$')
			err = scan_dollar(lx, sb);
		if (err)
			return -1;
	}
	if (c != EOF)
		input_ungetc(lx->in);
	return 0;
}

/* Blanks, line continuations and a comment before the next token. */
static int skip_blanks(struct lexer *lx)
{
	for (;;) {
		int c = input_getc(lx->in);
		if (c == ' ' || c == '\t')
			continue;
		if (c == '\\') {
			int next = input_getc(lx->in);
			if (next == '\n')
				continue;
			if (next != EOF)
				input_ungetc(lx->in);
			return c;
		}
		if (c == '#') {
			while ((c = input_getc(lx->in)) != EOF && c != '\n')
				;
		}
		return c;
	}
}

static enum token_type operator_token(struct lexer *lx, int c)
{
	int next = input_getc(lx->in);
	enum token_type two = T_EOF, one;
	switch (c) {
	case ';':
		one = T_SEMI, two = next == ';' ? T_DSEMI : T_EOF;
		break;
	case '&':
		one = T_AMP, two = next == '&' ? T_AND_IF : T_EOF;
		break;
	case '|':
		one = T_PIPE, two = next == '|' ? T_OR_IF : T_EOF;
		break;
	case '(':
		one = T_LPAREN;
		break;
	case ')':
		one = T_RPAREN;
		break;
	case '<':
		one = T_LESS;
		two = next == '<'   ? T_DLESS
		      : next == '&' ? T_LESSAND
		      : next == '>' ? T_LESSGREAT
				    : T_EOF;
		break;
	default: /* '>' */
		one = T_GREAT;
		two = next == '>'   ? T_DGREAT
		      : next == '&' ? T_GREATAND
		      : next == '|' ? T_CLOBBER
				    : T_EOF;
		break;
	}
	if (two != T_EOF)
		return two;
	if (next != EOF)
		input_ungetc(lx->in);
	return one;
}

static struct token lex_token(struct lexer *lx)
{
	struct token t = {T_EOF, NULL};
	int c = skip_blanks(lx);
	if (c == EOF)
		return t;
	if (c == '\n') {
		t.type = T_NEWLINE;
		return t;
	}
	if (c && strchr(";&|()<>", c)) {
		t.type = operator_token(lx, c);
		return t;
	}
	input_ungetc(lx->in);
	struct strbuf sb = {NULL, 0, 0};
	if (scan_word(lx, &sb) < 0) {
		free(sb.s);
		return t; /* T_EOF with lx->error set */
	}
	t.type = T_WORD;
	t.text = arena_strndup(lx->arena, sb.s ? sb.s : "", sb.len);
	free(sb.s);
	int next = input_getc(lx->in);
	if (next != EOF)
		input_ungetc(lx->in);
	if ((next == '<' || next == '>') && t.text[0] &&
	    strspn(t.text, "0123456789") == strlen(t.text))
		t.type = T_IO_NUMBER;
	return t;
}

struct token *lex_peek(struct lexer *lx)
{
	if (!lx->has_peeked) {
		lx->peeked = lex_token(lx);
		lx->has_peeked = 1;
	}
	return &lx->peeked;
}

struct token lex_next(struct lexer *lx)
{
	struct token t = *lex_peek(lx);
	lx->has_peeked = 0;
	return t;
}

const char *token_name(const struct token *t)
{
	static const char *const names[] = {
	    [T_EOF] = "end of file", [T_NEWLINE] = "newline", [T_SEMI] = ";",
	    [T_AMP] = "&",	     [T_PIPE] = "|",	      [T_AND_IF] = "&&",
	    [T_OR_IF] = "||",	     [T_LPAREN] = "(",	      [T_RPAREN] = ")",
	    [T_LESS] = "<",	     [T_GREAT] = ">",	      [T_DGREAT] = ">>",
	    [T_LESSAND] = "<&",	     [T_GREATAND] = ">&",     [T_LESSGREAT] = "<>",
	    [T_CLOBBER] = ">|",	     [T_DLESS] = "<<",	      [T_DSEMI] = ";;",
	};
	if (t->type == T_WORD || t->type == T_IO_NUMBER)
		return t->text;
	return names[t->type];
}
