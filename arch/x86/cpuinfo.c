/*
 * cpuinfo.c — what the processor says about itself, for /proc/cpuinfo.
 *
 * CPUID leaf 0 names the vendor; leaf 1 gives family, model and stepping
 * (with the extended fields added as Intel and AMD define them: the
 * extended family only when the base family is 15, the extended model when
 * it is 6 or 15) and the feature bits; leaves 0x80000002..4, when present,
 * spell the brand string.  The TSC's rate is not calibrated at boot: it is
 * measured when asked, as TSC cycles over timer ticks since the timer
 * started, which after a second is exact to a fraction of a percent.
 *
 * Read next: fs/procfs_system.c (the text of /proc/cpuinfo).
 */
#include <corral/cpuinfo.h>
#include <corral/string.h>
#include <corral/time.h>
#include <corral/x86.h>

struct cpuid_regs {
	uint32_t a, b, c, d;
};

static struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r = {leaf, 0, 0, 0};
	__asm__ volatile("cpuid" : "+a"(r.a), "=b"(r.b), "+c"(r.c), "=d"(r.d));
	return r;
}

/* Linux's names for the feature bits of CPUID leaf 1 (NULL: reserved or
 * not shown), edx then ecx. */
static const char *const edx_names[32] = {
    "fpu",  "vme",  "de",   "pse", "tsc",  "msr", "pae",   "mce", "cx8",     "apic", NULL,
    "sep",  "mtrr", "pge",  "mca", "cmov", "pat", "pse36", "pn",  "clflush", NULL,   "dts",
    "acpi", "mmx",  "fxsr", "sse", "sse2", "ss",  "ht",	   "tm",  "ia64",    "pbe",
};
static const char *const ecx_names[32] = {
    "pni",    "pclmulqdq",  "dtes64", "monitor", "ds_cpl",
    "vmx",    "smx",	    "est",    "tm2",	 "ssse3",
    "cid",    "sdbg",	    "fma",    "cx16",	 "xtpr",
    "pdcm",   NULL,	    "pcid",   "dca",	 "sse4_1",
    "sse4_2", "x2apic",	    "movbe",  "popcnt",	 "tsc_deadline_timer",
    "aes",    "xsave",	    NULL,     "avx",	 "f16c",
    "rdrand", "hypervisor",
};

const char *cpu_feature_name(bool is_ecx, unsigned bit)
{
	if (bit >= 32)
		return NULL;
	return is_ecx ? ecx_names[bit] : edx_names[bit];
}

/* Where the TSC stood when the timer started; written once at boot. */
static uint64_t tsc_start, jiffies_start;

void cpu_tsc_mark_start(void)
{
	tsc_start = rdtsc();
	jiffies_start = jiffies_read();
}

static uint32_t cpu_tsc_khz(void)
{
	uint64_t ticks = jiffies_read() - jiffies_start;
	uint64_t cycles = rdtsc() - tsc_start;
	if (ticks < HZ / 10)
		return 0; /* too soon to tell */
	return (uint32_t)(cycles / ticks * HZ / 1000);
}

static void cpu_read_brand(char *out)
{
	if (cpuid(0x80000000u).a < 0x80000004u) {
		strlcpy(out, "unknown", 49);
		return;
	}
	for (uint32_t i = 0; i < 3; i++) {
		struct cpuid_regs r = cpuid(0x80000002u + i);
		memcpy(out + i * 16, &r, 16); /* a, b, c, d: the order of the text */
	}
	out[48] = '\0';
	const char *start = out; /* Intel pads the front with spaces */
	while (*start == ' ')
		start++;
	memmove(out, start, strlen(start) + 1);
}

void cpu_get_info(struct cpu_info *out)
{
	memset(out, 0, sizeof(*out));
	struct cpuid_regs r = cpuid(0);
	memcpy(out->vendor, &r.b, 4); /* the name is in ebx, edx, ecx */
	memcpy(out->vendor + 4, &r.d, 4);
	memcpy(out->vendor + 8, &r.c, 4);
	if (r.a >= 1) {
		struct cpuid_regs one = cpuid(1);
		uint32_t family = (one.a >> 8) & 0xf, model = (one.a >> 4) & 0xf;
		if (family == 15)
			family += (one.a >> 20) & 0xff;
		if (family == 6 || family >= 15)
			model |= ((one.a >> 16) & 0xf) << 4;
		out->family = family;
		out->model = model;
		out->stepping = one.a & 0xf;
		out->features_edx = one.d;
		out->features_ecx = one.c;
	}
	cpu_read_brand(out->model_name);
	out->tsc_khz = cpu_tsc_khz();
}
