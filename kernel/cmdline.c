/*
 * cmdline.c — split the kernel command line into key[=value] words.
 *
 * The words are copied into the struct and cut in place, so the parsed keys and
 * values point into cl->text and live as long as the struct.  Tests:
 * kernel/cmdline_test.c.
 */
#include <corral/cmdline.h>
#include <corral/string.h>
#include <uapi/errno.h>

struct cmdline boot_cmdline;

static void cmdline_add_word(struct cmdline *cl, char *word)
{
	char *eq = strchr(word, '=');
	const char *value = "";
	if (eq) {
		*eq = '\0';
		value = eq + 1;
	}
	cl->params[cl->nr_params].key = word;
	cl->params[cl->nr_params].value = value;
	cl->nr_params++;
}

int cmdline_parse(struct cmdline *cl, const char *line)
{
	int err = 0;
	memset(cl, 0, sizeof(*cl));
	if (strlcpy(cl->text, line ? line : "", sizeof(cl->text)) >= sizeof(cl->text))
		err = -E2BIG;

	char *p = cl->text;
	bool is_first = true;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		char *word = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		bool is_image_path = is_first && word[0] == '/';
		is_first = false;
		if (is_image_path)
			continue;
		if (cl->nr_params == CMDLINE_MAX_PARAMS) {
			err = -E2BIG;
			break;
		}
		cmdline_add_word(cl, word);
	}
	return err;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	/* The last occurrence wins, as in Linux. */
	for (int i = cl->nr_params - 1; i >= 0; i--)
		if (strcmp(cl->params[i].key, key) == 0)
			return cl->params[i].value;
	return NULL;
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return cmdline_get(cl, key) != NULL;
}
