/*
 * wait.h — wait4 options and the encoding of a child's status (Linux).
 *   exited:  (code & 0xff) << 8        killed by a signal: signal number (0..127)
 *   stopped: (signal << 8) | 0x7f      continued: 0xffff
 */
#ifndef UAPI_WAIT_H
#define UAPI_WAIT_H

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8

#define WEXITSTATUS(s) (((s)&0xff00) >> 8)
#define WTERMSIG(s) ((s)&0x7f)
#define WIFEXITED(s) (WTERMSIG(s) == 0)
#define WIFSIGNALED(s) (((signed char)(((s)&0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(s) (((s)&0xff) == 0x7f)
#define WSTOPSIG(s) WEXITSTATUS(s)
#define WIFCONTINUED(s) ((s) == 0xffff)

#endif
