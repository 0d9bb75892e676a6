/*
 * syscall.S — the one way into the kernel: int $0x80 with the Linux i386
 * convention (number in eax, arguments in ebx ecx edx esi edi ebp, result or
 * -errno back in eax).  C calls
 *
 *     long __syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
 *
 * (the macros in <sys/syscall.h> always pass all seven).  ebx, esi, edi and ebp
 * belong to the caller in the C ABI, so they are saved around the trap.
 *
 * Also here: __restore_rt, the signal restorer.  sigaction() passes it with
 * SA_RESTORER; the kernel makes it a handler's return address, and it asks the
 * kernel to restore the interrupted context (rt_sigreturn, 173).
 */
#include <uapi/unistd.h>

	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	pushl %ebp
	pushl %edi
	pushl %esi
	pushl %ebx
	movl 20(%esp), %eax
	movl 24(%esp), %ebx
	movl 28(%esp), %ecx
	movl 32(%esp), %edx
	movl 36(%esp), %esi
	movl 40(%esp), %edi
	movl 44(%esp), %ebp
	int $0x80
	popl %ebx
	popl %esi
	popl %edi
	popl %ebp
	ret
	.size __syscall, . - __syscall

	.globl __restore_rt
	.type __restore_rt, @function
__restore_rt:
	movl $__NR_rt_sigreturn, %eax
	int $0x80
	hlt /* rt_sigreturn does not return here */
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", @progbits
