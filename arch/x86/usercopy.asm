; usercopy.asm — copying between kernel and user memory, with a safety net.
;
; user_copy_bytes(dst, src, n) copies n bytes and returns how many were NOT
; copied (0 on success).  If a user page cannot be brought in, the page-fault
; handler (arch/x86/trap.c) sees that the fault came from one of the two copy
; instructions and resumes at that instruction's fixup, which works out the
; bytes left from the registers.  The caller turns a non-zero result into
; -EFAULT.
;
; Whole 32-bit words first (rep movsd), then the 0-3 bytes left (rep movsb).
; Both are the same to a real CPU's microcode, but QEMU's TCG runs one
; iteration of a rep string instruction per translated-block entry, so a byte
; at a time made every 4 KiB read() or write() cost 4096 block entries.

section .text
global user_copy_bytes
global user_copy_may_fault_words, user_copy_fixup_words
global user_copy_may_fault_bytes, user_copy_fixup_bytes
user_copy_bytes:
        push esi
        push edi
        mov edi, [esp + 12]
        mov esi, [esp + 16]
        mov edx, [esp + 20]
        mov ecx, edx
        shr ecx, 2
        and edx, 3              ; edx: the bytes after the words
        cld
user_copy_may_fault_words:
        rep movsd
        mov ecx, edx
user_copy_may_fault_bytes:
        rep movsb
        xor eax, eax
        pop edi
        pop esi
        ret
user_copy_fixup_words:          ; ecx words and edx bytes were not copied
        lea eax, [ecx * 4 + edx]
        pop edi
        pop esi
        ret
user_copy_fixup_bytes:          ; ecx bytes were not copied
        mov eax, ecx
        pop edi
        pop esi
        ret
