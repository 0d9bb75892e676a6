/*
 * paging.h — the kernel's page directory and the page-table entry bits.
 *
 * The kernel half (page-directory slots 768..1023) is the same in every
 * address space: mm/paging.c fills those slots once at boot (4 MiB global
 * pages for the direct map), and every new address space (issue 3) copies them.
 */
#ifndef CORRAL_PAGING_H
#define CORRAL_PAGING_H

#include <corral/types.h>

#define PTE_PRESENT 0x001
#define PTE_WRITE 0x002
#define PTE_USER 0x004
#define PTE_ACCESSED 0x020
#define PTE_DIRTY 0x040
#define PDE_LARGE 0x080 /* 4 MiB page */
#define PTE_GLOBAL 0x100
#define PTE_COW 0x200 /* available bit: shared copy-on-write, fault on write */
/* In a PTE that is not present, the CPU ignores every other bit: a non-zero
 * one with PTE_SWAP set holds a swap entry (include/corral/swap.h). */
#define PTE_SWAP 0x002

#define PD_ENTRIES 1024

extern uint32_t kernel_page_directory[PD_ENTRIES];

/* Map physical [0, lowmem_end) at KERNEL_BASE and switch to the kernel page
 * directory.  Returns the end of the direct map (rounded up to 4 MiB). */
phys_addr_t paging_init(phys_addr_t lowmem_end);

#endif
