/*
 * monitor.c — a tiny command interpreter inside the kernel, on the console.
 *
 * It is what the kernel runs when there is no user space yet, and stays as a
 * debugging aid: it can show memory, the log and the timer, look up symbols,
 * run the self tests, and crash the kernel on purpose to show what an
 * exception report looks like.  Each command is one small function in the
 * table at the bottom; `help` prints the table.
 */
#include <corral/cmdline.h>
#include <corral/console.h>
#include <corral/kmalloc.h>
#include <corral/ktest.h>
#include <corral/monitor.h>
#include <corral/page.h>
#include <corral/panic.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/time.h>
#include <corral/tty.h>

#define MONITOR_LINE_MAX 128
#define MONITOR_MAX_ARGS 8

struct monitor_command {
	const char *name;
	const char *help;
	void (*run)(int argc, char **argv);
};

static const struct monitor_command monitor_commands[];

static void cmd_help(int argc, char **argv);

static void cmd_echo(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printk("%s%s", argv[i], i + 1 < argc ? " " : "");
	printk("\n");
}

static void cmd_mem(int argc, char **argv)
{
	struct page_alloc_stats ps;
	struct kmalloc_stats ks;
	page_alloc_get_stats(&ps);
	kmalloc_get_stats(&ks);
	printk("free pages: %u (%u KiB) of %u managed\n", ps.nr_free_pages,
	       ps.nr_free_pages * 4, ps.nr_managed_pages);
	printk("free blocks by order:");
	for (unsigned o = 0; o <= PAGE_MAX_ORDER; o++)
		printk(" %u", ps.nr_free_blocks[o]);
	printk("\nbad page frees caught: %u\n", ps.nr_bad_frees);
	printk("kmalloc: %u slab pages, %u large pages, %u objects in use, %u bad frees, "
	       "%u poison errors, poisoning %s\n",
	       ks.nr_slab_pages, ks.nr_large_pages, ks.nr_objects_inuse, ks.nr_bad_frees,
	       ks.nr_poison_errors, kmalloc_poisoning_is_on() ? "on" : "off");
}

static void cmd_ticks(int argc, char **argv)
{
	uint64_t now = jiffies_read();
	printk("%llu ticks (HZ=%d), up %llu.%02llu s\n", (unsigned long long)now, HZ,
	       (unsigned long long)(now / HZ), (unsigned long long)(now % HZ));
}

static void cmd_log(int argc, char **argv)
{
	static char buf[16384]; /* static: too big for the stack */
	size_t n = printk_read_log(buf, sizeof(buf));
	/* Straight to the console: printing it with printk would log it again. */
	console_write(buf, n);
}

static void cmd_cmdline(int argc, char **argv)
{
	for (int i = 0; i < boot_cmdline.nr_params; i++)
		printk("%s%s%s\n", boot_cmdline.params[i].key,
		       *boot_cmdline.params[i].value ? "=" : "", boot_cmdline.params[i].value);
}

static void cmd_ktest(int argc, char **argv)
{
	ktest_run_all(argc > 1 ? argv[1] : "");
}

static void cmd_sym(int argc, char **argv)
{
	uint32_t addr;
	char name[64];
	uintptr_t off;
	if (argc < 2 || str_to_u32(argv[1], &addr)) {
		printk("usage: sym ADDRESS (0x... or decimal)\n");
		return;
	}
	const char *fn = ksyms_lookup(addr, &off, name, sizeof(name));
	printk("%p: %s+0x%x\n", (void *)(uintptr_t)addr, fn ? fn : "?", (unsigned)off);
}

/* Volatile operands keep the compiler from proving the crash away. */
/* noinline: each crash keeps its own frame, so the backtrace shows it. */
static __noinline void crash_page_fault(void)
{
	struct example {
		int a, b, c, d;
	};
	struct example *volatile nowhere = NULL;
	volatile int *field = &nowhere->d;
	*field = 1; /* the classic NULL dereference: cr2 = 0x0000000c */
}

/* In assembly: GCC turns a C division by a known divisor into other code. */
static __noinline void crash_divide(void)
{
	uint32_t quotient;
	__asm__ volatile("divl %2" : "=a"(quotient) : "a"(1), "r"(0), "d"(0));
	(void)quotient;
}

static void cmd_crash(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "pf") == 0)
		crash_page_fault();
	else if (strcmp(what, "div") == 0)
		crash_divide();
	else if (strcmp(what, "ud") == 0)
		__asm__ volatile("ud2");
	else if (strcmp(what, "panic") == 0)
		panic("requested from the monitor");
	else
		printk("usage: crash pf|div|ud|panic  (kills the kernel on purpose)\n");
}

static void cmd_halt(int argc, char **argv)
{
	printk("halting\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}

static void cmd_reboot(int argc, char **argv)
{
	printk("rebooting\n");
	machine_reboot();
}

static const struct monitor_command monitor_commands[] = {
	{"help", "list commands", cmd_help},
	{"echo", "echo WORDS: print the words", cmd_echo},
	{"mem", "page allocator and kmalloc statistics", cmd_mem},
	{"ticks", "timer ticks and uptime", cmd_ticks},
	{"log", "the kernel log buffer", cmd_log},
	{"cmdline", "the kernel command line", cmd_cmdline},
	{"ktest", "ktest [PREFIX]: run the self tests (KTAP)", cmd_ktest},
	{"sym", "sym ADDRESS: the function containing an address", cmd_sym},
	{"crash", "crash pf|div|ud|panic: fault on purpose", cmd_crash},
	{"halt", "stop the machine (leaves QEMU)", cmd_halt},
	{"reboot", "reset the machine", cmd_reboot},
};

static void cmd_help(int argc, char **argv)
{
	for (size_t i = 0; i < ARRAY_SIZE(monitor_commands); i++)
		printk("  %-8s %s\n", monitor_commands[i].name, monitor_commands[i].help);
}

/* Split line in place into words; returns the count. */
static int monitor_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;
	while (*p && argc < max) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return argc;
}

static void monitor_execute(char *line)
{
	char *argv[MONITOR_MAX_ARGS];
	int argc = monitor_split(line, argv, MONITOR_MAX_ARGS);
	if (argc == 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(monitor_commands); i++) {
		if (strcmp(argv[0], monitor_commands[i].name) == 0) {
			monitor_commands[i].run(argc, argv);
			return;
		}
	}
	printk("%s: unknown command (try help)\n", argv[0]);
}

void monitor_run(void)
{
	char line[MONITOR_LINE_MAX];
	printk("monitor: type 'help' for commands\n");
	for (;;) {
		printk(MONITOR_PROMPT);
		int n = tty_read_line(line, sizeof(line));
		if (n >= 0)
			monitor_execute(line);
		else if (n != TTY_EOF)
			printk("\n"); /* ^C: the tty echoed "^C"; start a fresh line */
	}
}
