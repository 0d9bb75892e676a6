/*
 * main.c — kmain: the kernel's start-up order, in one place.
 *
 * boot.asm arrives here on the boot stack, paging on (first 16 MiB mapped),
 * interrupts off.  Each step may use only what the steps above it set up:
 * the console first (so everything after can report), then what GRUB told us,
 * the CPU tables, memory, the symbol table, and last the devices that
 * interrupt.  Then either the self tests run (`selftest`) or the monitor.
 * Read next: docs/boot.md, then mm/memmap.c.
 */
#include <corral/ata.h>
#include <corral/cmdline.h>
#include <corral/configfs.h>
#include <corral/container.h>
#include <corral/console.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/memlayout.h>
#include <corral/memmap.h>
#include <corral/device.h>
#include <corral/fail_alloc.h>
#include <corral/fpu.h>
#include <corral/monitor.h>
#include <corral/multiboot.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/rtc.h>
#include <corral/string.h>
#include <corral/swap.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/trap.h>
#include <corral/swap.h>
#include <corral/version.h>
#include <corral/vfs.h>
#include <corral/vmscan.h>
#include <corral/gdt.h>
#include <corral/x86.h>


extern char boot_stack_top[];

static void kmain_apply_cmdline(void)
{
	uint32_t level;
	const char *value = cmdline_get(&boot_cmdline, "loglevel");
	if (value && str_to_u32(value, &level) == 0)
		printk_set_console_level((int)level);

	value = cmdline_get(&boot_cmdline, "panic");
	panic_exits_qemu = cmdline_has(&boot_cmdline, "selftest") ||
			   (value && strcmp(value, "exit") == 0);

	value = cmdline_get(&boot_cmdline, "kmalloc.poison");
	if (value)
		kmalloc_set_poisoning(strcmp(value, "0") != 0);
}

/* fail_alloc=RATE[,SEED]: fault injection (mm/fail_alloc.c), said out loud so
 * that a log shows why allocations failed. */
static void kmain_apply_fail_alloc(void)
{
	const char *value = cmdline_get(&boot_cmdline, "fail_alloc");
	if (!value)
		return;
	if (fail_alloc_set_from_text(value, strlen(value))) {
		pr_warn("boot: fail_alloc=%s: not RATE[,SEED]; ignored\n", value);
		return;
	}
	struct fail_alloc_stats st;
	fail_alloc_get_stats(&st);
	if (st.rate.one_in)
		pr_warn("fail_alloc: 1 in %u allocations of user tasks fail (seed %u)\n",
			st.rate.one_in, st.seed);
	else
		pr_warn("fail_alloc: %u%% of allocations of user tasks fail (seed %u)\n",
			st.rate.percent, st.seed);
}

static void kmain_load_symbols(void)
{
	const struct boot_module *m = boot_module_find("symbols");
	if (m)
		ksyms_init(phys_to_virt(m->start), m->end - m->start);
	else
		pr_warn("boot: no symbols module; backtraces show bare addresses\n");
}

static void kmain_report_memory(void)
{
	uint32_t free_pages = page_alloc_nr_free();
	printk("mm: %u pages free (%u KiB) of %llu KiB RAM\n", free_pages, free_pages * 4,
	       (unsigned long long)(boot_info.ram_bytes >> 10));
	if (boot_info.ram_bytes > memmap_usable_bytes() + (1u << 20) &&
	    boot_info.ram_bytes > LOWMEM_LIMIT_PHYS)
		pr_warn("mm: only the first %u MiB of RAM are used (no highmem)\n",
			LOWMEM_LIMIT_PHYS >> 20);
}

/* The idle task: sleep until an interrupt, then let anyone runnable run. */
static void __noreturn kmain_idle(void)
{
	for (;;) {
		task_reap_idle_children();
		sti_hlt();
		schedule();
	}
}

static void __noreturn kmain_run_selftests(void)
{
	int nr_failed = ktest_run_all(cmdline_get(&boot_cmdline, "ktest"));
	qemu_exit(nr_failed ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
}

void kmain(uint32_t magic, phys_addr_t mbi_phys);
void kmain(uint32_t magic, phys_addr_t mbi_phys)
{
	serial_init();
	vga_init();
	printk("Corral " CORRAL_VERSION " (i386): a teaching kernel with containers\n");

	if (boot_info_parse(magic, mbi_phys))
		panic("not started by a multiboot loader (magic %08x)", magic);
	int err = cmdline_parse(&boot_cmdline, boot_info.cmdline);
	kmain_apply_cmdline();
	if (err || boot_info.is_cmdline_truncated)
		pr_warn("boot: command line too long, the end was ignored\n");
	printk("boot: command line \"%s\"\n", boot_info.cmdline);
	kmain_apply_fail_alloc();

	gdt_init();
	tss_set_kernel_stack((uintptr_t)boot_stack_top);
	idt_init();
	fpu_init(); /* x87 + SSE for user programs */
	pic_init();

	memmap_init();
	kmain_load_symbols();
	kmain_report_memory();

	container_init(); /* the root container, before the first task joins it */
	vmscan_init();    /* reclaim's watermarks, from the size of memory */
	swap_init();      /* the swap I/O pool; devices come with swapon (/etc/rc) */
	task_init_boot(); /* this boot context becomes the idle task, pid 0 */
	rtc_init();       /* the wall clock, just before the first tick counts */
	pit_init();
	serial_enable_input();
	keyboard_init();
	sti();

	vfs_init();    /* ramfs at /, devfs at /dev, the initramfs unpacked; pid 0's cwd */
	devices_init();
	ata_init();    /* hda, hdb: block devices and their /dev nodes */
	configfs_init();
	container_fs_init(); /* /configfs/container */
	container_commit_init(); /* the hard limits' ceiling: what is free now */

	if (cmdline_has(&boot_cmdline, "selftest"))
		kmain_run_selftests();
	page_cache_flusher_start(); /* after the self tests: they write back themselves */
	kswapd_start();
	container_limit_start(); /* the over-limit handler, kcontainerd */
	init_start();
	kmain_idle();
}
