/*
 * malloc.c — malloc, free, calloc, realloc on the program break.
 *
 * The heap is a run of chunks, each starting with a header that says its size
 * (header included, a multiple of 8).  Free chunks sit on one list sorted by
 * address, so free() finds a chunk's neighbours while inserting it and merges
 * adjacent free chunks at once: the list never holds two chunks that touch.
 *
 *     [size|next][ payload ... ][size|next][ payload ... ] ... <- break
 *
 * malloc takes the first chunk that is large enough, splitting off its tail
 * when the rest is still a useful chunk, and grows the heap with sbrk (at least
 * HEAP_GROW bytes at a time) when nothing fits.  Memory is never given back.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct chunk {
	size_t size;	    /* bytes, header included */
	struct chunk *next; /* on the free list only; otherwise unused */
};

#define HEADER sizeof(struct chunk)
#define MIN_CHUNK (2 * HEADER)
#define HEAP_GROW (64 * 1024)

static struct chunk *free_list; /* sorted by address */

static _Noreturn void heap_corrupt(const char *what)
{
	static const char prefix[] = "malloc: heap corrupt: ";
	write(2, prefix, sizeof(prefix) - 1);
	write(2, what, strlen(what));
	write(2, "\n", 1);
	abort();
}

/* Put c on the list at its address, merging it with the neighbours it touches. */
static void free_list_insert(struct chunk *c)
{
	struct chunk *prev = NULL, *next = free_list;
	while (next && next < c) {
		prev = next;
		next = next->next;
	}
	if (next == c || (prev && (char *)prev + prev->size > (char *)c))
		heap_corrupt("double free");
	if (next && (char *)c + c->size == (char *)next) {
		c->size += next->size;
		c->next = next->next;
	} else {
		c->next = next;
	}
	if (prev && (char *)prev + prev->size == (char *)c) {
		prev->size += c->size;
		prev->next = c->next;
	} else if (prev) {
		prev->next = c;
	} else {
		free_list = c;
	}
}

static int heap_grow(size_t need)
{
	static int aligned;
	if (!aligned) { /* the first chunk starts on an 8-byte boundary */
		uintptr_t brk_now = (uintptr_t)sbrk(0);
		if (brk_now & 7 && sbrk((long)(8 - (brk_now & 7))) == (void *)-1)
			return -1;
		aligned = 1;
	}
	size_t grow = need < HEAP_GROW ? HEAP_GROW : (need + 4095) & ~(size_t)4095;
	if (grow > (size_t)0x7fffffff) /* sbrk takes a signed increment */
		return -1;
	struct chunk *c = sbrk((long)grow);
	if (c == (void *)-1)
		return -1;
	c->size = grow;
	free_list_insert(c);
	return 0;
}

void *malloc(size_t size)
{
	if (size > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	size_t need = (size + HEADER + 7) & ~(size_t)7;
	if (need < MIN_CHUNK)
		need = MIN_CHUNK;
	for (;;) {
		struct chunk **link = &free_list;
		for (struct chunk *c = free_list; c; link = &c->next, c = c->next) {
			if (c->size < need)
				continue;
			if (c->size - need >= MIN_CHUNK) { /* keep the head, hand out the tail */
				c->size -= need;
				c = (struct chunk *)((char *)c + c->size);
				c->size = need;
			} else {
				*link = c->next;
			}
			return (char *)c + HEADER;
		}
		if (heap_grow(need) < 0) {
			errno = ENOMEM;
			return NULL;
		}
	}
}

void free(void *ptr)
{
	if (!ptr)
		return;
	struct chunk *c = (struct chunk *)((char *)ptr - HEADER);
	if (c->size < MIN_CHUNK || c->size & 7)
		heap_corrupt("bad pointer passed to free");
	free_list_insert(c);
}

void *calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *ptr, size_t size)
{
	if (!ptr)
		return malloc(size);
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	struct chunk *c = (struct chunk *)((char *)ptr - HEADER);
	size_t have = c->size - HEADER;
	if (have >= size)
		return ptr;
	void *bigger = malloc(size);
	if (bigger) {
		memcpy(bigger, ptr, have);
		free(ptr);
	}
	return bigger;
}
