/*
 * crt0.S — where every program starts.  The kernel enters _start with the Linux
 * i386 process stack:
 *
 *     esp -> argc, argv[0] ... argv[argc-1], NULL, envp[0] ..., NULL, auxv ...
 *
 * _start clears the frame pointer (the end of backtraces), aligns the stack to
 * 16 bytes as the i386 System V ABI asks for calls, and hands the address of
 * argc to __libc_start (lib/start.c), which calls main and exits.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movl %esp, %eax
	andl $-16, %esp
	subl $12, %esp
	pushl %eax
	call __libc_start
	hlt /* __libc_start never returns */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
