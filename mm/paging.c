/*
 * paging.c — the kernel page directory: the direct map of physical memory.
 *
 * Physical memory from 0 to the end of usable low memory is mapped at
 * KERNEL_BASE with 4 MiB pages (PSE), marked global so TLB flushes on address
 * space switches keep them.  No page tables are needed, and since the entries
 * live in the page directory itself, copying slots 768..1023 into a new
 * address space shares the whole kernel half.  The identity mapping of the
 * first 16 MiB that boot.asm needed is not carried over: from here on a NULL
 * (or any low) kernel pointer faults.  Layout: include/corral/memlayout.h.
 */
#include <corral/memlayout.h>
#include <corral/paging.h>
#include <corral/x86.h>

uint32_t kernel_page_directory[PD_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

phys_addr_t paging_init(phys_addr_t lowmem_end)
{
	phys_addr_t end = ALIGN_UP(lowmem_end, LARGE_PAGE_SIZE);
	if (end > LOWMEM_LIMIT_PHYS || end == 0)
		end = LOWMEM_LIMIT_PHYS;

	for (phys_addr_t pa = 0; pa < end; pa += LARGE_PAGE_SIZE)
		kernel_page_directory[KERNEL_PDE_FIRST + (pa >> 22)] =
			pa | PTE_PRESENT | PTE_WRITE | PDE_LARGE | PTE_GLOBAL;

	write_cr4(read_cr4() | CR4_PSE | CR4_PGE);
	write_cr3(virt_to_phys(kernel_page_directory));
	return end;
}
