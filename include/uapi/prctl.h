/*
 * prctl.h — prctl(2) options (Linux values), shared by the kernel and libc.
 */
#ifndef UAPI_PRCTL_H
#define UAPI_PRCTL_H

#define PR_SET_PDEATHSIG 1 /* arg2: the signal to get when the parent exits (0: none) */
#define PR_GET_PDEATHSIG 2 /* arg2: int * to store it in */
#define PR_SET_NAME 15     /* arg2: the task's name, up to 16 bytes */
#define PR_GET_NAME 16     /* arg2: a 16-byte buffer */

#endif
