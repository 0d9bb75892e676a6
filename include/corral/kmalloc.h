/*
 * kmalloc.h — small kernel allocations on size-class slabs (mm/kmalloc.c).
 *
 * Sizes up to KMALLOC_MAX_SLAB_SIZE come from slabs of one size class (16, 32,
 * ... 2048 bytes); larger ones are whole buddy blocks.  With poisoning on
 * (the default; `kmalloc.poison=0` turns it off) freed objects are filled with
 * KMALLOC_POISON_FREE and checked when handed out again, which catches writes
 * after free; double frees and frees of pointers kmalloc never returned are
 * always caught.  Caught bugs are reported (and counted) instead of corrupting
 * memory.
 */
#ifndef CORRAL_KMALLOC_H
#define CORRAL_KMALLOC_H

#include <corral/types.h>

#define KMALLOC_MIN_SIZE 16
#define KMALLOC_MAX_SLAB_SIZE 2048
#define KMALLOC_POISON_FREE 0x6b
#define KMALLOC_POISON_ALLOC 0xa5

void *kmalloc(size_t size);
/* For self tests of error paths: the nth kmalloc from now fails (0: none). */
void kmalloc_fail_next(uint32_t nth);  /* NULL when out of memory or size == 0 */
void *kzalloc(size_t size);  /* zeroed */
void kfree(void *ptr);       /* kfree(NULL) does nothing */

struct kmalloc_stats {
	uint32_t nr_slab_pages;    /* pages held by slabs */
	uint32_t nr_large_pages;   /* pages held by large allocations */
	uint32_t nr_objects_inuse; /* live slab objects */
	uint32_t nr_bad_frees;     /* double or invalid frees caught */
	uint32_t nr_poison_errors; /* writes after free caught */
};
void kmalloc_get_stats(struct kmalloc_stats *stats);
void kmalloc_set_poisoning(bool is_on);
bool kmalloc_poisoning_is_on(void);
/* Check that every slab's header, bitmaps, list and page flags agree with the
 * counters; prints each disagreement and returns how many it found (0 = sound). */
uint32_t kmalloc_audit(void);
/* Give back every empty slab to the page allocator; returns pages freed. */
uint32_t kmalloc_shrink(void);

#endif
