/*
 * cpuinfo.h — what the processor says about itself (arch/x86/cpuinfo.c):
 * CPUID's vendor, family, model, brand string and feature bits, and the TSC's
 * rate measured against the timer, for /proc/cpuinfo.
 */
#ifndef CORRAL_CPUINFO_H
#define CORRAL_CPUINFO_H

#include <corral/types.h>

struct cpu_info {
	char vendor[13];      /* "GenuineIntel", "AuthenticAMD", ... */
	char model_name[49];  /* the brand string, or "unknown" */
	uint32_t family, model, stepping;
	uint32_t features_edx, features_ecx; /* CPUID leaf 1 */
	uint32_t tsc_khz;     /* 0 until the timer has run a while */
};

void cpu_get_info(struct cpu_info *out);
/* Linux's name for bit of CPUID leaf 1's edx (is_ecx false) or ecx, or NULL. */
const char *cpu_feature_name(bool is_ecx, unsigned bit);
void cpu_tsc_mark_start(void); /* when the timer starts: the TSC's starting line */

#endif
