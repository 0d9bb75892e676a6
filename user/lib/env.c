/*
 * env.c — the environment: getenv, setenv, unsetenv, putenv.
 *
 * environ starts as the array the kernel put on the stack.  The first change
 * that adds a variable copies the array into the heap (owned_environ), so it
 * can grow; strings made by setenv are never freed, since a caller may still
 * hold one that getenv returned.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **owned_environ; /* environ, when it is our heap copy */

/* The index of NAME in environ (len = strlen(name)), or -1. */
static int env_find(const char *name, size_t len)
{
	if (!environ)
		return -1;
	for (int i = 0; environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	return -1;
}

static int env_count(void)
{
	int n = 0;
	while (environ && environ[n])
		n++;
	return n;
}

static int env_valid_name(const char *name)
{
	if (!name || !*name || strchr(name, '=')) {
		errno = EINVAL;
		return 0;
	}
	return 1;
}

char *getenv(const char *name)
{
	int i = env_find(name, strlen(name));
	return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

/* Put "NAME=value" (len = the length of NAME) in place of NAME's old entry, or add it. */
static int env_put(char *entry, size_t len)
{
	int i = env_find(entry, len);
	if (i >= 0) {
		environ[i] = entry;
		return 0;
	}
	int n = env_count();
	char **grown = malloc((size_t)(n + 2) * sizeof(char *));
	if (!grown)
		return -1;
	if (n)
		memcpy(grown, environ, (size_t)n * sizeof(char *));
	grown[n] = entry;
	grown[n + 1] = NULL;
	free(owned_environ);
	environ = owned_environ = grown;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	if (!env_valid_name(name))
		return -1;
	size_t len = strlen(name);
	if (!overwrite && env_find(name, len) >= 0)
		return 0;
	char *entry = malloc(len + strlen(value) + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, len);
	entry[len] = '=';
	strcpy(entry + len + 1, value);
	return env_put(entry, len);
}

int putenv(char *string)
{
	char *eq = strchr(string, '=');
	if (!eq || eq == string) {
		errno = EINVAL;
		return -1;
	}
	return env_put(string, (size_t)(eq - string));
}

int unsetenv(const char *name)
{
	if (!env_valid_name(name))
		return -1;
	size_t len = strlen(name);
	int i;
	while ((i = env_find(name, len)) >= 0) /* shift the rest down over it */
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	return 0;
}
