/*
 * input.c — where the shell's text comes from, one line at a time.
 *
 * The lexer asks for characters; when the current command's text is used up,
 * the next line is read and appended, so a command may span lines (an open
 * quote, an if without its fi, a trailing |).  On a terminal the first line of
 * a command is announced with PS1 ("# " for root, "$ " otherwise) and each
 * further line with PS2 ("> ").  The prompt goes to stderr, as in other shells.
 *
 * Standard input is shared with the commands the shell runs ("read" in a
 * script, or "sh < script" where a command reads the rest), so it is read one
 * byte at a time and never past the line the shell needs; a script file the
 * shell opened itself is read a block at a time.
 *
 * On a terminal (interactive, and tcgetattr works) each line is read through
 * the line editor (lineedit.c), which prints the prompt itself and reads the
 * bytes one at a time through input_read_byte below, like the plain reader.
 *
 * A SIGINT while waiting for a line (interactive only) abandons the command
 * being typed: see main.c.
 */
#include "sh.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INPUT_ENOMEM_RETRIES 100

extern jmp_buf *sh_interrupt_jump; /* main.c */

void input_from_fd(struct input *in, int fd, int shared, int prompts)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->fd_is_shared = shared;
	in->prompts = prompts;
}

void input_from_string(struct input *in, const char *text)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->string = text;
}

static const char *input_prompt_text(const struct input *in)
{
	const char *ps = var_get(in->len == 0 ? "PS1" : "PS2");
	if (!ps)
		ps = in->len == 0 ? (geteuid() == 0 ? "# " : "$ ") : "> ";
	return ps;
}

static void input_prompt(struct input *in)
{
	const char *ps = input_prompt_text(in);
	write(2, ps, strlen(ps));
}

/* One byte from the file, or EOF.  EINTR on a terminal means SIGINT.  ENOMEM
 * is the kernel short of memory for a moment: the byte is still there, so try
 * again (a while) rather than take it for the end and lose the rest of the
 * line to whoever reads next. */
static int input_read_byte(struct input *in)
{
	if (in->rpos < in->rlen)
		return (unsigned char)in->rbuf[in->rpos++];
	int nr_enomem = 0;
	for (;;) {
		/* At the prompt, the SIGINT handler itself leaves the read (main.c):
		 * checking shell.interrupted first and then reading would wait for
		 * a whole line after a ^C that landed between the two. */
		shell.reading_prompt = in->prompts && sh_interrupt_jump;
		if (shell.interrupted && shell.reading_prompt)
			longjmp(*sh_interrupt_jump, 1);
		ssize_t n = read(in->fd, in->rbuf, in->fd_is_shared ? 1 : sizeof(in->rbuf));
		shell.reading_prompt = 0;
		if (n > 0) {
			in->rpos = 1;
			in->rlen = (size_t)n;
			return (unsigned char)in->rbuf[0];
		}
		if (n < 0 && errno == EINTR)
			continue; /* at the prompt, a SIGINT jumps at the top of the loop */
		if (n < 0 && errno == ENOMEM && ++nr_enomem < INPUT_ENOMEM_RETRIES)
			continue;
		return EOF;
	}
}

static void input_append(struct input *in, char c)
{
	if (in->len + 1 >= in->cap) {
		in->cap = in->cap ? in->cap * 2 : 256;
		in->buf = xrealloc(in->buf, in->cap);
	}
	in->buf[in->len++] = c;
}

static int input_read_byte_cb(void *in)
{
	return input_read_byte(in);
}

/* A line through the line editor: 1, 0 at the end, -1 if the input is not a
 * terminal (then nothing was read). */
static int input_edit_line(struct input *in)
{
	struct strbuf line = {NULL, 0, 0};
	int r = lineedit_read(in->fd, input_prompt_text(in), input_read_byte_cb, in, &line);
	for (size_t i = 0; i < line.len; i++)
		input_append(in, line.s[i]);
	free(line.s);
	if (r == 0)
		in->at_eof = 1;
	return r;
}

/* Appends the next line (with its newline, if it has one); 0 at the end. */
static int input_read_line(struct input *in)
{
	if (in->at_eof)
		return 0;
	if (in->fd < 0) {
		const char *s = in->string + in->string_pos;
		if (!*s) {
			in->at_eof = 1;
			return 0;
		}
		size_t n = strcspn(s, "\n");
		n += s[n] == '\n';
		for (size_t i = 0; i < n; i++)
			input_append(in, s[i]);
		in->string_pos += n;
		return 1;
	}
	/* A ^C that came before this line is as good as one while waiting for it.
	 * (Once a line is being read, it is read to its end: a ^C then means "do
	 * not run it", which exec.c sees.) */
	if (shell.interrupted && in->prompts && sh_interrupt_jump)
		longjmp(*sh_interrupt_jump, 1);
	if (in->prompts) {
		int r = input_edit_line(in);
		if (r >= 0)
			return r;
		input_prompt(in); /* not a terminal (sh -i < file): read as a script is */
	}
	size_t start = in->len;
	int c;
	while ((c = input_read_byte(in)) != EOF) {
		input_append(in, (char)c);
		if (c == '\n')
			break;
	}
	if (c == EOF)
		in->at_eof = 1;
	return in->len > start;
}

int input_getc(struct input *in)
{
	if (in->pos == in->len && !input_read_line(in))
		return EOF;
	return (unsigned char)in->buf[in->pos++];
}

void input_ungetc(struct input *in)
{
	if (in->pos > 0)
		in->pos--;
}

void input_next_command(struct input *in)
{
	/* Text after the parsed command (the rest of "a; b" is parsed with it, so
	 * this is only ever a tail after an error) is dropped. */
	in->len = in->pos = 0;
}

void input_reset_eof(struct input *in)
{
	in->at_eof = 0;
}

void input_close(struct input *in)
{
	free(in->buf);
	in->buf = NULL;
	if (in->fd > 2)
		close(in->fd);
}
