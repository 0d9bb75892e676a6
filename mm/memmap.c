/*
 * memmap.c — from GRUB's memory map to a page allocator full of free pages.
 *
 *   physical:  0 | low RAM | hole (VGA, BIOS) | 1 MiB: kernel | modules | RAM ...
 *   page_array[pfn]: one struct page per frame from 0 to max_pfn, holes too
 *
 * Every frame starts PG_RESERVED.  Then each usable RAM range, minus the
 * reserved ranges (frame 0, the kernel image, the GRUB modules — the symbol
 * table and the initramfs — and page_array itself), is handed to the buddy
 * allocator.  The array is placed in the first stretch of RAM above 1 MiB that
 * avoids the reserved ranges.  Memory above LOWMEM_LIMIT_PHYS is ignored.
 * The initramfs's frames stay reserved after the unpack, but for the whole
 * pages of its files, which become their page-cache pages (fs/initramfs.c).
 * Next: mm/page_alloc.c.
 */
#include <corral/memlayout.h>
#include <corral/memmap.h>
#include <corral/multiboot.h>
#include <corral/page.h>
#include <corral/paging.h>
#include <corral/panic.h>
#include <corral/string.h>

#define MAX_RESERVED (BOOT_MAX_MODULES + 4)

struct page *page_array;
uint32_t max_pfn;

static struct boot_range reserved[MAX_RESERVED];
static int nr_reserved;
static uint64_t usable_bytes;

static void memmap_reserve(uint64_t start, uint64_t end)
{
	assert(nr_reserved < MAX_RESERVED);
	reserved[nr_reserved].start = ALIGN_DOWN(start, (uint64_t)PAGE_SIZE);
	reserved[nr_reserved].end = ALIGN_UP(end, (uint64_t)PAGE_SIZE);
	nr_reserved++;
}

/* The first reserved range overlapping [start, end), or NULL. */
static const struct boot_range *memmap_find_overlap(uint64_t start, uint64_t end)
{
	for (int i = 0; i < nr_reserved; i++)
		if (reserved[i].start < end && start < reserved[i].end)
			return &reserved[i];
	return NULL;
}

static uint64_t memmap_lowmem_top(void)
{
	uint64_t top = 0;
	for (int i = 0; i < boot_info.nr_ram_ranges; i++)
		top = MAX(top, boot_info.ram[i].end);
	return MIN(top, (uint64_t)LOWMEM_LIMIT_PHYS);
}

/* Early allocation: a page-aligned stretch of free RAM above 1 MiB. */
static phys_addr_t memmap_find_free(uint64_t size)
{
	for (int i = 0; i < boot_info.nr_ram_ranges; i++) {
		uint64_t start = ALIGN_UP(MAX(boot_info.ram[i].start, (uint64_t)KERNEL_PHYS_LOAD),
					  (uint64_t)PAGE_SIZE);
		uint64_t end = MIN(boot_info.ram[i].end, (uint64_t)max_pfn << PAGE_SHIFT);
		const struct boot_range *r;
		while (start + size <= end) {
			r = memmap_find_overlap(start, start + size);
			if (!r)
				return (phys_addr_t)start;
			start = r->end;
		}
	}
	panic("memmap: no room for %llu bytes of struct page", (unsigned long long)size);
}

/* Give [start, end) minus the reserved ranges to the page allocator. */
static void memmap_free_range(uint64_t start, uint64_t end)
{
	start = ALIGN_UP(start, (uint64_t)PAGE_SIZE);
	end = MIN(ALIGN_DOWN(end, (uint64_t)PAGE_SIZE), (uint64_t)max_pfn << PAGE_SHIFT);
	if (start >= end)
		return;
	const struct boot_range *r = memmap_find_overlap(start, end);
	if (r) {
		memmap_free_range(start, r->start);
		memmap_free_range(r->end, end);
		return;
	}
	usable_bytes += end - start;
	page_alloc_add_range((uint32_t)(start >> PAGE_SHIFT), (uint32_t)(end >> PAGE_SHIFT));
}

static void memmap_init_page_array(void)
{
	uint64_t size = (uint64_t)max_pfn * sizeof(struct page);
	phys_addr_t pa = memmap_find_free(size);
	memmap_reserve(pa, pa + size);
	page_array = phys_to_virt(pa);
	for (uint32_t pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = &page_array[pfn];
		memset(p, 0, sizeof(*p));
		p->flags = PG_RESERVED;
		list_init(&p->list);
	}
}

void memmap_init(void)
{
	uint64_t top = memmap_lowmem_top();
	if (top < 4 * 1024 * 1024)
		panic("memmap: too little memory (%llu KiB usable)", (unsigned long long)(top >> 10));
	paging_init((phys_addr_t)top);
	max_pfn = (uint32_t)(top >> PAGE_SHIFT);

	memmap_reserve(0, PAGE_SIZE); /* frame 0: BIOS data; physical 0 stays invalid */
	memmap_reserve(virt_to_phys(__kernel_start), virt_to_phys(__kernel_end));
	for (int i = 0; i < boot_info.nr_modules; i++)
		memmap_reserve(boot_info.modules[i].start, boot_info.modules[i].end);
	memmap_init_page_array();

	for (int i = 0; i < boot_info.nr_ram_ranges; i++)
		memmap_free_range(boot_info.ram[i].start, boot_info.ram[i].end);
}

uint64_t memmap_usable_bytes(void)
{
	return usable_bytes;
}
