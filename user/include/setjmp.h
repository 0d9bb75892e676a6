/*
 * setjmp.h — non-local jumps (lib/setjmp.S).  A jmp_buf keeps the registers the
 * i386 C ABI asks a function to preserve (ebx esi edi ebp), the stack pointer
 * and the return address.  The signal mask is not saved.
 */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef unsigned long jmp_buf[6];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int value);

#endif
