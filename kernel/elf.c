/*
 * elf.c — execve: replace the current program with a static ELF32 executable.
 *
 * The new address space is built completely before the old one is dropped,
 * so a failing exec (a missing file, a bad header, no memory) returns an
 * error to a caller that still has its old program.  Then:
 *
 *   1. each PT_LOAD segment becomes a VMA and its bytes are copied in (the
 *      rest of the segment, .bss, stays zero);
 *   2. the stack VMA ends at USER_STACK_TOP and starts with the strings of
 *      argv and envp, the pointers to them and the auxiliary vector, laid out
 *      as Linux's i386 ABI says, so any static i386 program can start:
 *          esp → argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL
 *   3. the registers in the trap frame are set to enter the program at its
 *      entry point with that stack.
 */
#include <corral/container.h>
#include <corral/elf.h>
#include <corral/fpu.h>
#include <corral/gdt.h>
#include <corral/kmalloc.h>
#include <corral/mm.h>
#include <corral/page.h>
#include <corral/paging.h>
#include <corral/string.h>
#include <corral/task.h>
#include <corral/tls.h>
#include <corral/time.h>
#include <corral/vfs.h>
#include <corral/x86.h>
#include <corral/swap.h>
#include <corral/vmscan.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define ELF_MAX_PHDRS 16
#define STACK_INITIAL_SIZE (32 * 1024)

/* Write len bytes at user address va of mm (not necessarily the active one),
 * allocating the pages: the direct map lets us reach them without mapping. */
static int exec_poke(struct mm *mm, uintptr_t va, const void *src, size_t len, uint32_t vm_flags)
{
	while (len) {
		uintptr_t page_va = ALIGN_DOWN(va, PAGE_SIZE);
		uint32_t *pte = vm_lookup_pte(mm, page_va);
		if (pte && pte_is_swap(*pte)) { /* reclaim took it while we read the file */
			int err = fault_handle_user(mm, page_va, true, page_va);
			if (err)
				return err;
		} else if (!pte || !(*pte & PTE_PRESENT)) {
			struct vma *vma = vma_find(mm, page_va);
			struct page *fresh = vma ? alloc_user_page(true) : NULL;
			if (!fresh)
				return vma ? -ENOMEM : -EFAULT;
			if (container_make_room(current->container)) {
				put_page(fresh);
				return -ENOMEM;
			}
			container_charge_anon(fresh, current->container);
			if (vm_map_anon_page(mm, vma, page_va, fresh, vm_pte_flags(vm_flags))) {
				put_page(fresh);
				return -ENOMEM;
			}
		}
		pte = vm_lookup_pte(mm, page_va);
		size_t chunk = MIN(len, PAGE_SIZE - (va - page_va));
		char *dst = (char *)phys_to_virt(*pte & ~0xfffu) + (va - page_va);
		if (src)
			memcpy(dst, src, chunk);
		va += chunk;
		len -= chunk;
		if (src)
			src = (const char *)src + chunk;
	}
	return 0;
}

static int exec_read_at(struct file *f, uint64_t off, void *buf, size_t len)
{
	f->pos = off;
	size_t done = 0;
	while (done < len) {
		ssize_t n = file_read(f, (char *)buf + done, len - done);
		if (n <= 0)
			return n < 0 ? (int)n : -ENOEXEC;
		done += (size_t)n;
	}
	return 0;
}

static int exec_check_header(const struct elf32_ehdr *eh)
{
	if (eh->e_magic != ELF_MAGIC || eh->e_class != ELFCLASS32 || eh->e_data != ELFDATA2LSB ||
	    eh->e_type != ET_EXEC || eh->e_machine != EM_386 ||
	    eh->e_phentsize != sizeof(struct elf32_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > ELF_MAX_PHDRS)
		return -ENOEXEC;
	return 0;
}

static uint32_t exec_vm_flags(uint32_t p_flags)
{
	return ((p_flags & PF_R) ? VM_READ : 0) | ((p_flags & PF_W) ? VM_WRITE | VM_READ : 0) |
	       ((p_flags & PF_X) ? VM_EXEC | VM_READ : 0);
}

/* The part of a segment that can be a private mapping of the file itself:
 * the whole pages of file data, when the file's page cache can back them and
 * the segment sits in the file at the same offset within a page as in
 * memory (every normal linker's output).  Returns its end (== start: none). */
static uintptr_t exec_mappable_end(struct file *f, const struct elf32_phdr *ph, uintptr_t start)
{
	bool is_aligned = (ph->p_vaddr % PAGE_SIZE) == (ph->p_offset % PAGE_SIZE);
	if (!is_aligned || !f->inode->sb->has_page_cache)
		return start;
	uintptr_t file_end = ALIGN_DOWN(ph->p_vaddr + ph->p_filesz, PAGE_SIZE);
	return MAX(file_end, start);
}

/* Copy file bytes [ph's data from va on) into zeroed anonymous pages: the
 * partial last page of the file data, and everything when it cannot be
 * mapped; .bss stays zero. */
static int exec_copy_rest(struct mm *mm, struct file *f, const struct elf32_phdr *ph,
			  uintptr_t va, uintptr_t stop, uint32_t flags)
{
	int err = exec_poke(mm, va, NULL, stop - va, flags); /* zeroed pages: .bss */
	char *buf = kmalloc(PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	uintptr_t data_end = ph->p_vaddr + ph->p_filesz;
	for (uintptr_t a = MAX(va, (uintptr_t)ph->p_vaddr); !err && a < data_end;) {
		uint32_t n = MIN(PAGE_SIZE - (a % PAGE_SIZE), data_end - a);
		err = exec_read_at(f, ph->p_offset + (a - ph->p_vaddr), buf, n);
		if (!err)
			err = exec_poke(mm, a, buf, n, flags);
		a += n;
	}
	kfree(buf);
	return err;
}

/* Map and fill one PT_LOAD segment; *end grows to cover it.  The whole pages
 * of file data are a private file mapping (the page cache's pages, shared by
 * every process running the program, copied only when written); the rest is
 * anonymous memory filled here. */
static int exec_load_segment(struct mm *mm, struct file *f, const struct elf32_phdr *ph,
			     uintptr_t *end)
{
	uintptr_t start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	uintptr_t stop = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	if (ph->p_filesz > ph->p_memsz || stop <= start || stop > USER_STACK_TOP - USER_STACK_MAX)
		return -ENOEXEC;
	uint32_t flags = exec_vm_flags(ph->p_flags);
	uintptr_t mapped_end = exec_mappable_end(f, ph, start);
	int err = 0;
	if (mapped_end > start)
		err = vma_insert_file(mm, start, mapped_end, flags, f->inode,
				      (ph->p_offset - (ph->p_vaddr - start)) / PAGE_SIZE);
	if (!err && mapped_end > start)
		vma_set_path(mm, start, f->path);
	if (!err && mapped_end < stop)
		err = vma_insert(mm, mapped_end, stop, flags);
	if (err)
		return err == -EEXIST ? -ENOEXEC : err;
	if (mapped_end < stop)
		err = exec_copy_rest(mm, f, ph, mapped_end, stop, flags);
	*end = MAX(*end, stop);
	return err;
}

struct exec_stack {
	struct mm *mm;
	uintptr_t sp;
	int err;
};

static uintptr_t stack_push(struct exec_stack *st, const void *data, size_t len)
{
	st->sp -= len;
	if (!st->err)
		st->err = exec_poke(st->mm, st->sp, data, len, VM_READ | VM_WRITE);
	return st->sp;
}

static uintptr_t stack_push_word(struct exec_stack *st, uint32_t w)
{
	return stack_push(st, &w, sizeof(w));
}

static int count_strings(char *const *v)
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* Lay out strings, vectors and the auxiliary vector; returns the initial esp. */
static int exec_build_stack(struct exec_stack *st, char *const *argv, char *const *envp,
			    const struct elf32_ehdr *eh, uintptr_t phdr_va)
{
	int argc = count_strings(argv), envc = count_strings(envp);
	uint32_t argv_va[65], envp_va[65];
	for (int i = envc - 1; i >= 0; i--)
		envp_va[i] = stack_push(st, envp[i], strlen(envp[i]) + 1);
	for (int i = argc - 1; i >= 0; i--)
		argv_va[i] = stack_push(st, argv[i], strlen(argv[i]) + 1);
	uint64_t seed = rdtsc() ^ jiffies_read();
	uintptr_t random_va = stack_push(st, &seed, 8);
	stack_push(st, &seed, 8);
	st->sp &= ~15u;

	uint32_t auxv[] = {AT_PHDR, phdr_va, AT_PHENT, sizeof(struct elf32_phdr), AT_PHNUM,
			   eh->e_phnum, AT_PAGESZ, PAGE_SIZE, AT_ENTRY, eh->e_entry,
			   AT_UID, current->cred.uid, AT_EUID, current->cred.euid, AT_GID,
			   current->cred.gid, AT_EGID, current->cred.egid, AT_SECURE, 0,
			   AT_RANDOM, random_va, AT_NULL, 0};
	/* Keep the final esp 16-byte aligned, as the i386 ABI asks at _start. */
	size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + ARRAY_SIZE(auxv);
	st->sp -= (16 - (words * 4) % 16) % 16;
	stack_push(st, auxv, sizeof(auxv));
	stack_push_word(st, 0);
	for (int i = envc - 1; i >= 0; i--)
		stack_push_word(st, envp_va[i]);
	stack_push_word(st, 0);
	for (int i = argc - 1; i >= 0; i--)
		stack_push_word(st, argv_va[i]);
	stack_push_word(st, (uint32_t)argc);
	return st->err;
}

/* The program headers' user address, for AT_PHDR: inside the first segment
 * that covers file offset e_phoff. */
static uintptr_t exec_phdr_address(const struct elf32_ehdr *eh, const struct elf32_phdr *ph)
{
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	return 0;
}

static int exec_load_image(struct mm *mm, struct file *f, char *const *argv,
			   char *const *envp, uintptr_t *entry, uintptr_t *esp)
{
	struct elf32_ehdr eh;
	struct elf32_phdr ph[ELF_MAX_PHDRS];
	int err = exec_read_at(f, 0, &eh, sizeof(eh));
	if (err || (err = exec_check_header(&eh)))
		return err == -ENOEXEC || !err ? -ENOEXEC : err;
	err = exec_read_at(f, eh.e_phoff, ph, eh.e_phnum * sizeof(ph[0]));
	if (err)
		return -ENOEXEC;
	uintptr_t end = 0;
	for (int i = 0; i < eh.e_phnum && !err; i++)
		if (ph[i].p_type == PT_LOAD)
			err = exec_load_segment(mm, f, &ph[i], &end);
	if (err)
		return err;
	if (!end)
		return -ENOEXEC;
	mm->brk_start = mm->brk = end;
	err = vma_insert(mm, USER_STACK_TOP - STACK_INITIAL_SIZE, USER_STACK_TOP,
			 VM_READ | VM_WRITE | VM_GROWSDOWN);
	struct exec_stack st = {mm, USER_STACK_TOP, err};
	if (!err)
		err = exec_build_stack(&st, argv, envp, &eh, exec_phdr_address(&eh, ph));
	*entry = eh.e_entry;
	*esp = st.sp;
	return err;
}

static void exec_set_cmdline(struct task *t, char *const *argv)
{
	size_t len = 0;
	for (int i = 0; argv && argv[i]; i++) {
		size_t n = strlen(argv[i]) + 1;
		if (len + n > sizeof(t->cmdline))
			break;
		memcpy(t->cmdline + len, argv[i], n);
		len += n;
	}
	t->cmdline_len = len;
}

/* Point the saved user registers at the new program. */
static void exec_reset_registers(struct trap_frame *f, uintptr_t entry, uintptr_t esp)
{
	memset(f, 0, sizeof(*f));
	f->cs = SEL_USER_CODE;
	f->ds = f->es = f->fs = f->gs = f->user_ss = SEL_USER_DATA;
	f->eip = entry;
	f->user_esp = esp;
	f->eflags = EFLAGS_IF | 0x2; /* bit 1 is always set */
}

int elf_exec(const char *path, char *const *argv, char *const *envp)
{
	struct file *f;
	int err = vfs_open(path, O_RDONLY, 0, &f);
	if (err)
		return err;
	if (!S_ISREG(f->inode->mode) || inode_permission(f->inode, 1 /* X_OK */)) {
		file_put(f);
		return -EACCES;
	}
	if (!current->fpu && !(current->fpu = fpu_alloc())) { /* a kernel thread's first exec */
		file_put(f);
		return -ENOMEM;
	}
	struct mm *mm = mm_create();
	uintptr_t entry = 0, esp = 0;
	err = mm ? exec_load_image(mm, f, argv, envp, &entry, &esp) : -ENOMEM;
	struct path_name *exe = path_name_get(f->path); /* /proc/PID/exe, after the file goes */
	file_put(f);
	if (err) {
		path_name_put(exe);
		if (mm)
			mm_destroy(mm);
		return err;
	}
	struct mm *old = current->mm;
	current->mm = mm;
	mm_activate(mm);
	if (old)
		mm_destroy(old);
	task_set_name(current, path);
	path_name_put(current->exe);
	current->exe = exe;
	exec_set_cmdline(current, argv);
	if (current->files)
		files_close_on_exec(current->files);
	signal_reset_on_exec(current);
	current->has_execed = true; /* its parent may no longer setpgid it */
	exec_reset_registers(current->user_frame, entry, esp);
	fpu_set_default(current->fpu); /* as after FNINIT, MXCSR 0x1f80: like Linux */
	fpu_restore(current->fpu);
	memset(current->tls, 0, sizeof(current->tls)); /* a new program sets its own */
	current->clear_child_tid = NULL; /* the word was in the old address space */
	current->robust_list = NULL;
	tls_load(current);
	return 0;
}
