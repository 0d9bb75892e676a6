; usercopy.asm — copying between kernel and user memory, with a safety net.
;
; user_copy_bytes(dst, src, n) copies n bytes and returns how many were NOT
; copied (0 on success).  If a user page cannot be brought in, the page-fault
; handler (arch/x86/trap.c) sees that the fault came from the instruction at
; user_copy_may_fault and resumes at user_copy_fixup instead, where ecx still
; counts the bytes left.  The caller turns a non-zero result into -EFAULT.

section .text
global user_copy_bytes, user_copy_may_fault, user_copy_fixup
user_copy_bytes:
        push esi
        push edi
        mov edi, [esp + 12]
        mov esi, [esp + 16]
        mov ecx, [esp + 20]
        cld
user_copy_may_fault:
        rep movsb
        xor eax, eax
        pop edi
        pop esi
        ret
user_copy_fixup:
        mov eax, ecx
        pop edi
        pop esi
        ret
