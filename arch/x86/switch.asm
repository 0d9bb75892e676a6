; switch.asm — switching kernel stacks between tasks.
;
; context_switch(&prev->saved_esp, next->saved_esp) saves the callee-saved
; registers (ebp ebx esi edi) on the current kernel stack, stores the stack
; pointer in prev, loads next's, and pops next's registers: the `ret` returns
; into whatever next was doing when it was switched out — or, for a new task,
; into the entry stub kernel/task.c put on its fresh stack:
;
;     new kernel thread:  [edi esi ebx ebp] task_entry_kthread
;     forked child:       [edi esi ebx ebp] task_entry_fork  [struct trap_frame]
;
; Called by schedule() with interrupts off; everything else the C calling
; convention lets a callee clobber is dead across the call.

section .text
global context_switch
context_switch:
        mov eax, [esp + 4]      ; &prev->saved_esp
        mov edx, [esp + 8]      ; next->saved_esp
        push ebp
        push ebx
        push esi
        push edi
        mov [eax], esp
        mov esp, edx
        pop edi
        pop esi
        pop ebx
        pop ebp
        ret

; A forked child starts here: finish the switch (release the run-queue lock),
; then leave to user mode through the copied trap frame above us.
extern sched_finish_switch
extern trap_return
extern futex_fork_child_start
global task_entry_fork
task_entry_fork:
        call sched_finish_switch
        call futex_fork_child_start ; CLONE_CHILD_SETTID, in the child's own memory
        jmp trap_return

; A kernel thread starts here with its function and argument in ebx and esi.
extern kthread_run
global task_entry_kthread
task_entry_kthread:
        call sched_finish_switch
        push esi
        push ebx
        call kthread_run        ; never returns
        ud2

; Leave the kernel for user mode through a prepared trap frame: how init
; (a kernel thread that has just exec'd /bin/init) first enters user space.
global task_enter_user
task_enter_user:
        mov esp, [esp + 4]
        jmp trap_return
