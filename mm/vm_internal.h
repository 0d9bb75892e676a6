/*
 * vm_internal.h — what mm/vm.c shares with the rest of mm/ and nobody else
 * calls: the reverse map (mm/rmap.c) and swap (mm/swap_state.c) change PTEs of
 * address spaces other than the current one.
 */
#ifndef CORRAL_MM_VM_INTERNAL_H
#define CORRAL_MM_VM_INTERNAL_H

#include <corral/types.h>

struct mm;
struct page;

/* A PTE of mm at va changed: drop the TLB's copy if mm is loaded. */
void vm_flush_page(struct mm *mm, uintptr_t va);
/* A PTE (old value pte) that mapped page is gone: move its dirty bit to the
 * page, count the mapping out and drop the PTE's reference. */
void vm_page_unmapped(struct page *page, uint32_t pte);
/* A PTE now maps page: count it (the caller gave the PTE a reference). */
void vm_page_mapped(struct page *page);

#endif
