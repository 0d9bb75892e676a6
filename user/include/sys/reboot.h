/*
 * sys/reboot.h — reboot(cmd), as glibc spells it: the magic numbers are added by
 * the library (<uapi/reboot.h>).
 */
#ifndef _SYS_REBOOT_H
#define _SYS_REBOOT_H

#include <uapi/reboot.h>

#define RB_AUTOBOOT LINUX_REBOOT_CMD_RESTART
#define RB_HALT_SYSTEM LINUX_REBOOT_CMD_HALT
#define RB_POWER_OFF LINUX_REBOOT_CMD_POWER_OFF

int reboot(int cmd);

#endif
