; trap_entry.asm — one entry stub per interrupt vector, and the common path.
;
; The CPU pushes EFLAGS, CS, EIP (and ESP, SS when coming from ring 3), and for
; some exceptions an error code.  Each stub pushes a dummy error code when the
; CPU did not, then its vector number, so every trap reaches trap_common with
; the same layout: struct trap_frame in include/corral/trap.h.  trap_common
; saves the rest, switches to kernel data segments and calls trap_dispatch().

%define SEL_KERNEL_DATA 0x10

%macro TRAP_NO_ERRCODE 1
trap_stub_%1:
        push dword 0
        push dword %1
        jmp trap_common
%endmacro

%macro TRAP_ERRCODE 1
trap_stub_%1:
        push dword %1
        jmp trap_common
%endmacro

section .text
extern trap_dispatch

; Vectors 8, 10-14, 17, 21, 29, 30 carry a CPU error code.
%assign v 0
%rep 256
%if v = 8 || (v >= 10 && v <= 14) || v = 17 || v = 21 || v = 29 || v = 30
        TRAP_ERRCODE v
%else
        TRAP_NO_ERRCODE v
%endif
%assign v v + 1
%endrep

global trap_common
trap_common:
        cld                     ; user code may have set DF (std): the C code below,
                                ; and its rep movs/stos, assume the direction is up
        pusha
        push ds
        push es
        push fs
        push gs
        mov ax, SEL_KERNEL_DATA
        mov ds, ax
        mov es, ax
        xor eax, eax            ; the kernel never uses fs or gs: null, so that no
        mov fs, ax              ; reload of a stale TLS selector (its slot rewritten
        mov gs, ax              ; for the next task) can fault in the kernel
        push esp                ; struct trap_frame *
        call trap_dispatch
        add esp, 4
; The way back.  Each instruction that loads a user-controlled selector (the
; four pops and the iret) may fault if the selector is no good any more; such a
; fault lands in trap.c, which finds the instruction in trap_return_loads and
; kills the task instead of panicking (trap_fix_return_fault).
global trap_return, trap_return_loads
trap_return:
.gs:    pop gs
.fs:    pop fs
.es:    pop es
.ds:    pop ds
        popa
        add esp, 8              ; vector and error code
.iret:  iret

section .rodata
trap_return_loads:              ; what each may-fault instruction loads
        dd trap_return.gs, trap_return.fs, trap_return.es, trap_return.ds
        dd trap_return.iret, 0

global trap_stub_table
trap_stub_table:
%assign v 0
%rep 256
        dd trap_stub_%+v
%assign v v + 1
%endrep
