/*
 * sys/resource.h — what a process or its children used (getrusage, wait4):
 * Linux's struct rusage; and nice values (getpriority, setpriority).  Corral fills the times, page faults and ru_maxrss
 * (the resident size now, not the peak); the other counters stay 0.
 */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/time.h>
#include <sys/types.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)

struct rusage {
	struct timeval ru_utime; /* user time */
	struct timeval ru_stime; /* system time */
	long ru_maxrss;          /* KiB */
	long ru_ixrss, ru_idrss, ru_isrss;
	long ru_minflt, ru_majflt; /* page faults without and with I/O */
	long ru_nswap, ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals;
	long ru_nvcsw, ru_nivcsw;
};

#define PRIO_PROCESS 0
#define PRIO_PGRP 1
#define PRIO_USER 2

int getrusage(int who, struct rusage *usage);
/* The nice value (-20..19) of the most favoured match; -1 with errno set
 * on an error (and also a valid nice: clear errno first to tell). */
int getpriority(int which, int who);
int setpriority(int which, int who, int nice);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

#endif
