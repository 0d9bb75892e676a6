/*
 * qsort.c — sorting: quicksort on the median of three, with insertion sort for
 * short runs.  It recurses into the smaller half and loops on the larger one,
 * so the stack depth stays logarithmic.  And bsearch, to find a key in what
 * qsort sorted.
 */
#include <stdlib.h>

typedef int (*compare_fn)(const void *, const void *);

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

static void insertion_sort(char *base, size_t count, size_t size, compare_fn cmp)
{
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
			swap_bytes(base + (j - 1) * size, base + j * size, size);
}

/* Moves the median of first, middle and last to the front and partitions around
 * it (Hoare); returns the number of elements in the left part. */
static size_t partition(char *base, size_t count, size_t size, compare_fn cmp)
{
	char *lo = base, *mid = base + (count / 2) * size, *hi = base + (count - 1) * size;
	if (cmp(mid, lo) < 0)
		swap_bytes(mid, lo, size);
	if (cmp(hi, mid) < 0) {
		swap_bytes(hi, mid, size);
		if (cmp(mid, lo) < 0)
			swap_bytes(mid, lo, size);
	}
	swap_bytes(base, mid, size); /* the pivot waits at base */
	size_t i = 0, j = count;
	for (;;) {
		do
			i++;
		while (i < count && cmp(base + i * size, base) < 0);
		do
			j--;
		while (cmp(base + j * size, base) > 0);
		if (i >= j)
			break;
		swap_bytes(base + i * size, base + j * size, size);
	}
	swap_bytes(base, base + j * size, size); /* pivot to its final place, j */
	return j;
}

void qsort(void *base, size_t count, size_t size, compare_fn cmp)
{
	char *b = base;
	while (count > 8) {
		size_t left = partition(b, count, size, cmp);
		size_t right = count - left - 1;
		if (left < right) {
			qsort(b, left, size, cmp);
			b += (left + 1) * size;
			count = right;
		} else {
			qsort(b + (left + 1) * size, right, size, cmp);
			count = left;
		}
	}
	insertion_sort(b, count, size, cmp);
}

void *bsearch(const void *key, const void *base, size_t count, size_t size, compare_fn cmp)
{
	const char *lo = base;
	while (count > 0) {
		const char *mid = lo + (count / 2) * size;
		int order = cmp(key, mid);
		if (order == 0)
			return (void *)mid;
		if (order > 0) {
			lo = mid + size;
			count -= count / 2 + 1;
		} else {
			count /= 2;
		}
	}
	return NULL;
}
