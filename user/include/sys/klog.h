/*
 * sys/klog.h — klogctl, glibc's name for syslog(2): the kernel's log ring
 * (lib/system.c).  The actions are Linux's; kernel/syslog.c says who may use
 * which.  Each line of the ring reads "<level>text\n".
 */
#ifndef _SYS_KLOG_H
#define _SYS_KLOG_H

#define SYSLOG_ACTION_READ 2	      /* wait for unread bytes, take them (root) */
#define SYSLOG_ACTION_READ_ALL 3      /* the newest whole lines that fit */
#define SYSLOG_ACTION_READ_CLEAR 4    /* READ_ALL, then CLEAR (root) */
#define SYSLOG_ACTION_CLEAR 5	      /* READ_ALL starts after what is there (root) */
#define SYSLOG_ACTION_CONSOLE_LEVEL 8 /* levels below len reach the console (root) */
#define SYSLOG_ACTION_SIZE_BUFFER 10  /* the ring's size in bytes */

int klogctl(int type, char *buf, int len);

#endif
