/*
 * memlayout.h — the virtual and physical memory map, in one place.
 *
 *   virtual                         what
 *   0x00000000 .. 0xBFFFFFFF        user space (per address space, issue 3)
 *   0xC0000000 .. +lowmem           direct map of physical memory from address 0,
 *                                   4 MiB pages, global; the kernel image sits in it
 *                                   at 0xC0100000 (physical 1 MiB)
 *   0xF0000000 .. 0xFFFFFFFF        reserved for future kernel mappings
 *
 * Physical memory above LOWMEM_LIMIT_PHYS (768 MiB) is not used: a 32-bit kernel
 * with a 1 GiB kernel half cannot direct-map more, and Corral has no highmem.
 * docs/memory-map.md draws this with the physical side.
 */
#ifndef CORRAL_MEMLAYOUT_H
#define CORRAL_MEMLAYOUT_H

#define KERNEL_BASE 0xC0000000u
#define KERNEL_PHYS_LOAD 0x00100000u      /* where GRUB loads the image */
#define LOWMEM_LIMIT_PHYS 0x30000000u     /* 768 MiB: end of the direct map */
#define KERNEL_PDE_FIRST (KERNEL_BASE >> 22) /* 768: first kernel page-directory slot */

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define LARGE_PAGE_SIZE 0x400000u /* a 4 MiB PSE page */

#ifndef __ASSEMBLER__
#include <corral/types.h>

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(uintptr_t)(pa + KERNEL_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((uintptr_t)va - KERNEL_BASE);
}

/* Symbols from linker.ld: the kernel image's virtual bounds. */
extern char __kernel_start[], __kernel_end[], __text_start[], __text_end[];
extern char __bss_start[], __bss_end[];
#endif

#endif
