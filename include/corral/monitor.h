/*
 * monitor.h — the in-kernel console monitor (kernel/monitor.c).
 */
#ifndef CORRAL_MONITOR_H
#define CORRAL_MONITOR_H

#define MONITOR_PROMPT "corral> "

/* Read and run monitor commands on the console, forever. */
void monitor_run(void) __attribute__((noreturn));

#endif
