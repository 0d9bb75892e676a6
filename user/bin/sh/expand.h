/*
 * expand.h — the marked string shared by expand.c (quoting, splitting, globs)
 * and param.c (parameters, command substitution, arithmetic).  See expand.c.
 */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

#include "sh.h"

#define M_QUOTED 0x01
#define M_SPLIT 0x02
#define M_MARK 0x04
#define M_BREAK 0x08

struct mstr {
	char *c;	  /* characters */
	unsigned char *f; /* their flags */
	size_t len, cap;
};

struct expander {
	struct mstr m;
	size_t dquote_mark; /* where the innermost "..." put its M_MARK */
	int error;	    /* reported already; the command fails */
};

void m_add(struct mstr *m, char c, unsigned char flags);
void m_adds(struct mstr *m, const char *s, unsigned char flags);
void expand_text(struct expander *ex, const char *p, int in_dquote);
const char *expand_dollar(struct expander *ex, const char *p, int dq);
const char *expand_backquote(struct expander *ex, const char *p, int dq);

#endif
