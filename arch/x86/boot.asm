; boot.asm — the first instructions: multiboot header, early paging, jump to C.
;
; GRUB loads the kernel image at physical 1 MiB and jumps to _start with paging
; off, EAX = multiboot magic and EBX = physical address of the multiboot info.
; The kernel is linked at 0xC0100000 (the higher half), so until paging is on
; every address we touch here must be converted to physical by hand (V2P).
;
; Early paging maps the first 16 MiB twice with 4 MiB pages (PSE): at 0 (so the
; instruction after "enable paging" still exists) and at 0xC0000000 (where the
; kernel is linked).  mm/paging.c replaces this with the full direct map and
; drops the identity mapping.  Next: kernel/main.c.

%define KERNEL_BASE     0xC0000000
%define V2P(x)          ((x) - KERNEL_BASE)

%define MB_MAGIC        0x1BADB002
%define MB_PAGE_ALIGN   (1 << 0)        ; modules on page boundaries
%define MB_MEMINFO      (1 << 1)        ; give us the memory map
%define MB_FLAGS        (MB_PAGE_ALIGN | MB_MEMINFO)

%define PDE_PRESENT     0x001
%define PDE_WRITE       0x002
%define PDE_LARGE       0x080           ; 4 MiB page (needs CR4.PSE)
%define EARLY_MAP_PDES  4               ; 4 x 4 MiB = 16 MiB

%define BOOT_STACK_SIZE 16384

section .multiboot
align 4
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)

section .data
align 4096
global boot_page_directory
boot_page_directory:
        times 1024 dd 0

section .bss
align 16
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
        resb BOOT_STACK_SIZE
boot_stack_top:

section .text
global _start
_start:
        cli
        mov esi, eax                    ; keep the multiboot magic

        ; Fill the early page directory: identity and higher-half 4 MiB pages.
        mov edi, V2P(boot_page_directory)
        mov ecx, 0
.map:
        mov edx, ecx
        shl edx, 22                     ; physical address of this 4 MiB page
        or edx, PDE_PRESENT | PDE_WRITE | PDE_LARGE
        mov [edi + ecx * 4], edx                    ; identity
        mov [edi + ecx * 4 + (KERNEL_BASE >> 22) * 4], edx ; higher half
        inc ecx
        cmp ecx, EARLY_MAP_PDES
        jne .map

        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov eax, V2P(boot_page_directory)
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80010000              ; CR0.PG | CR0.WP (honour read-only in ring 0)
        mov cr0, eax

        lea eax, [.higher_half]         ; an absolute, higher-half address
        jmp eax

.higher_half:
        mov esp, boot_stack_top
        xor ebp, ebp                    ; ends the backtrace chain
        push ebx                        ; multiboot info (physical)
        push esi                        ; multiboot magic
        extern kmain
        call kmain
.hang:
        cli
        hlt
        jmp .hang
