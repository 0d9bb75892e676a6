/*
 * sys/wait.h — waiting for children (wait4) and decoding their status
 * (<uapi/wait.h> holds Linux's encoding).
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/types.h>
#include <uapi/wait.h>

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);

#endif
