/*
 * version.h — the kernel's version: the boot banner (kernel/main.c) and
 * /proc/version (fs/procfs_system.c) print it.
 */
#ifndef CORRAL_VERSION_H
#define CORRAL_VERSION_H

#define CORRAL_VERSION "0.1"

#endif
