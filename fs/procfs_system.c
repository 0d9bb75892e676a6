/*
 * procfs_system.c — the text of /proc's whole-machine files that tell how
 * the machine is and has been: uptime, loadavg, stat, version, cpuinfo,
 * filesystems.  (Memory's files, meminfo and vmstat: fs/procfs_text.c.)
 *
 * Each is written in the format proc(5) gives for Linux, because the
 * programs reading them (busybox's uptime and top, procps) parse them
 * field by field.  Times are in ticks of USER_HZ (100 a second, which is
 * Corral's HZ: no conversion) or seconds with two decimals; where the two
 * files show the same thing (/proc/uptime's idle time and /proc/stat's
 * idle column) they read the same counter (kernel/sched.c's
 * sched_get_stats), so they agree.
 *
 * The numbers come from their subsystems: the scheduler's tick accounting,
 * the task list's counts and the load averages (kernel/loadavg.c), the
 * interrupt counts (arch/x86/trap.c), CPUID (arch/x86/cpuinfo.c), the
 * filesystem registry (fs/mount.c).  Read next: kernel/loadavg.c.
 */
#include <corral/cpuinfo.h>
#include <corral/loadavg.h>
#include <corral/task.h>
#include <corral/time.h>
#include <corral/trap.h>
#include <corral/version.h>
#include <corral/vfs.h>

#include "procfs.h"

#if defined(__clang__)
#define PROCFS_COMPILER "clang version " __clang_version__
#else
#define PROCFS_COMPILER "gcc version " __VERSION__
#endif

/* "seconds since boot, idle seconds", with hundredths. */
int procfs_show_uptime(struct procfs_buf *b)
{
	struct sched_stats st;
	sched_get_stats(&st);
	uint64_t up = jiffies_read(), idle = st.nr_idle_ticks;
	procfs_printf(b, "%llu.%02llu %llu.%02llu\n", up / HZ, (up % HZ) * 100 / HZ, idle / HZ,
		      (idle % HZ) * 100 / HZ);
	return 0;
}

/* "1-min 5-min 15-min running/tasks last-pid". */
int procfs_show_loadavg(struct procfs_buf *b)
{
	uint32_t loads[3];
	loadavg_get(loads);
	struct task_counts counts;
	task_get_counts(&counts);
	for (int i = 0; i < 3; i++)
		procfs_printf(b, "%u.%02u ", loadavg_int(loads[i]), loadavg_hundredths(loads[i]));
	procfs_printf(b, "%u/%u %d\n", counts.nr_running, counts.nr_tasks, counts.last_pid);
	return 0;
}

/* One CPU line: user nice system idle iowait irq softirq steal guest
 * guest_nice.  Corral has no nice levels, no I/O-wait or interrupt
 * accounting (interrupt time is charged to whoever was interrupted) and no
 * guests: those are 0. */
static void stat_cpu_line(struct procfs_buf *b, const char *name, const struct sched_stats *st)
{
	procfs_printf(b, "%s %llu 0 %llu %llu 0 0 0 0 0 0\n", name, st->nr_user_ticks,
		      st->nr_system_ticks, st->nr_idle_ticks);
}

int procfs_show_stat(struct procfs_buf *b)
{
	struct sched_stats st;
	sched_get_stats(&st);
	struct task_counts counts;
	task_get_counts(&counts);
	stat_cpu_line(b, "cpu ", &st); /* Linux's two spaces after "cpu" */
	stat_cpu_line(b, "cpu0", &st);
	uint64_t nr_interrupts = 0;
	for (unsigned irq = 0; irq < IRQ_COUNT; irq++)
		nr_interrupts += irq_count(irq);
	procfs_printf(b, "intr %llu", nr_interrupts);
	for (unsigned irq = 0; irq < IRQ_COUNT; irq++)
		procfs_printf(b, " %u", irq_count(irq));
	procfs_printf(b, "\nctxt %llu\n", st.nr_switches);
	procfs_printf(b, "btime %lld\n", time_boot_epoch_seconds());
	procfs_printf(b, "processes %llu\n", counts.nr_forks);
	procfs_printf(b, "procs_running %u\nprocs_blocked %u\n", counts.nr_running,
		      counts.nr_blocked);
	return 0;
}

int procfs_show_version(struct procfs_buf *b)
{
	procfs_printf(b, "Corral version " CORRAL_VERSION " (" PROCFS_COMPILER ") #1 " __DATE__
			 " " __TIME__ "\n");
	return 0;
}

static void cpuinfo_flags(struct procfs_buf *b, const struct cpu_info *cpu)
{
	procfs_printf(b, "flags\t\t:");
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name = cpu_feature_name(false, bit);
		if (name && (cpu->features_edx & (1u << bit)))
			procfs_printf(b, " %s", name);
	}
	for (unsigned bit = 0; bit < 32; bit++) {
		const char *name = cpu_feature_name(true, bit);
		if (name && (cpu->features_ecx & (1u << bit)))
			procfs_printf(b, " %s", name);
	}
	procfs_printf(b, "\n");
}

/* Linux's layout for one CPU.  bogomips is what Linux would compute from a
 * TSC-based delay loop: two loops per TSC cycle, so 2 * MHz. */
int procfs_show_cpuinfo(struct procfs_buf *b)
{
	struct cpu_info cpu;
	cpu_get_info(&cpu);
	procfs_printf(b, "processor\t: 0\nvendor_id\t: %s\n", cpu.vendor);
	procfs_printf(b, "cpu family\t: %u\nmodel\t\t: %u\n", cpu.family, cpu.model);
	procfs_printf(b, "model name\t: %s\nstepping\t: %u\n", cpu.model_name, cpu.stepping);
	procfs_printf(b, "cpu MHz\t\t: %u.%03u\n", cpu.tsc_khz / 1000, cpu.tsc_khz % 1000);
	procfs_printf(b, "fpu\t\t: %s\n", (cpu.features_edx & 1) ? "yes" : "no");
	cpuinfo_flags(b, &cpu);
	procfs_printf(b, "bogomips\t: %u.%02u\n\n", cpu.tsc_khz / 500, (cpu.tsc_khz / 5) % 100);
	return 0;
}

static void filesystems_line(const struct filesystem_type *type, void *arg)
{
	procfs_printf(arg, "%s\t%s\n", type->needs_device ? "" : "nodev", type->name);
}

int procfs_show_filesystems(struct procfs_buf *b)
{
	vfs_for_each_fs_type(filesystems_line, b);
	return 0;
}
