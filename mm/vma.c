/*
 * vma.c — the VMAs of an address space: sorted, non-overlapping ranges of
 * user addresses, each with its permissions and (later) its backing file.
 *
 * munmap, mprotect and mlock may cover part of a VMA; the VMA is then split
 * so that each piece has one set of flags.  A VM_LOCKED VMA holds a charge
 * of its size in mm->nr_locked_pages (mm/mlock.c): split pieces share it,
 * vma_free gives each piece's back.  Next: mm/fault.c.
 */
#include <corral/kmalloc.h>
#include <corral/memlayout.h>
#include <corral/mm.h>
#include <corral/printk.h>
#include <corral/rmap.h>
#include <corral/vfs.h>
#include <uapi/errno.h>

struct vma *vma_find(struct mm *mm, uintptr_t addr)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (addr < v->start)
			return NULL;
		if (addr < v->end)
			return v;
	}
	return NULL;
}

static bool vma_overlaps(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start < end && start < v->end)
			return true;
	}
	return false;
}

static struct vma *vma_new(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags)
{
	struct vma *v = kzalloc(sizeof(*v));
	if (v) {
		v->mm = mm;
		v->start = start;
		v->end = end;
		v->flags = flags;
		list_init(&v->node);
		list_init(&v->anon_node);
		list_init(&v->file_node);
	}
	return v;
}

/* Link v into the sorted list. */
static void vma_link(struct mm *mm, struct vma *v)
{
	struct list_head *pos;
	list_for_each(pos, &mm->vmas)
		if (list_entry(pos, struct vma, node)->start > v->start)
			break;
	list_add_tail(&v->node, pos);
}

void vma_free(struct vma *v)
{
	if (v->flags & VM_LOCKED) /* its charge, taken when the flag was set */
		mlock_uncharge(v->mm, (uint32_t)((v->end - v->start) / PAGE_SIZE));
	rmap_unlink_vma(v);
	inode_put(v->file);
	path_name_put(v->path);
	kfree(v);
}

int vma_insert(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags)
{
	return vma_insert_file(mm, start, end, flags, NULL, 0);
}

int vma_insert_file(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags,
		    struct inode *file, uint32_t file_pgoff)
{
	if (start >= end || end > KERNEL_BASE || (start | end) & (PAGE_SIZE - 1))
		return -EINVAL;
	if (start < USER_BASE)
		return -EPERM; /* mmap_min_addr: see USER_BASE */
	if (vma_overlaps(mm, start, end))
		return -EEXIST;
	struct vma *v = vma_new(mm, start, end, flags);
	if (!v)
		return -ENOMEM;
	v->file = file;
	v->file_pgoff = file_pgoff;
	inode_get(file); /* the mapping keeps the file alive, as an open file does */
	rmap_link_vma(v, NULL);
	vma_link(mm, v);
	return 0;
}

void vma_set_path(struct mm *mm, uintptr_t start, struct path_name *path)
{
	struct vma *v = vma_find(mm, start);
	if (v && v->start == start && !v->path)
		v->path = path_name_get(path);
}

int vma_copy(struct mm *child, const struct vma *v)
{
	/* A fork's child does not inherit locks (mm/mlock.c). */
	struct vma *copy = vma_new(child, v->start, v->end, v->flags & ~VM_LOCKED);
	if (!copy)
		return -ENOMEM;
	copy->file = v->file;
	copy->file_pgoff = v->file_pgoff;
	copy->path = path_name_get(v->path);
	inode_get(copy->file);
	rmap_link_vma(copy, v); /* the fork family shares one anon_rmap */
	vma_link(child, copy);
	return 0;
}

/* Split v at addr (inside it): v keeps [start, addr), a new VMA gets the rest. */
static int vma_split(struct mm *mm, struct vma *v, uintptr_t addr)
{
	struct vma *tail = vma_new(mm, addr, v->end, v->flags);
	if (!tail)
		return -ENOMEM;
	tail->file = v->file;
	tail->path = path_name_get(v->path);
	inode_get(tail->file);
	tail->file_pgoff = v->file_pgoff + (uint32_t)((addr - v->start) / PAGE_SIZE);
	rmap_link_vma(tail, v); /* its pages keep their anon_rmap */
	v->end = addr;
	vma_link(mm, tail);
	return 0;
}

/* Split the VMAs so that start and end fall on VMA boundaries. */
int vma_split_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	struct vma *v = vma_find(mm, start);
	if (v && v->start < start) {
		int err = vma_split(mm, v, start);
		if (err)
			return err;
	}
	v = vma_find(mm, end);
	if (v && v->start < end)
		return vma_split(mm, v, end);
	return 0;
}

int vma_unmap_range(struct mm *mm, uintptr_t start, uintptr_t end)
{
	int err = vma_split_range(mm, start, end);
	if (err)
		return err;
	struct list_head *pos, *tmp;
	list_for_each_safe(pos, tmp, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start >= start && v->end <= end) {
			vm_unmap_pages(mm, v->start, v->end);
			list_del(&v->node);
			vma_free(v);
		}
	}
	return 0;
}

bool vma_range_is_mapped(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (uintptr_t a = start; a < end;) {
		struct vma *v = vma_find(mm, a);
		if (!v)
			return false;
		a = v->end;
	}
	return true;
}

int vma_protect_range(struct mm *mm, uintptr_t start, uintptr_t end, uint32_t flags)
{
	if (!vma_range_is_mapped(mm, start, end))
		return -ENOMEM;
	int err = vma_split_range(mm, start, end);
	if (err)
		return err;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		if (v->start >= start && v->end <= end) {
			v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | flags;
			vm_protect_pages(mm, v->start, v->end, v->flags);
		}
	}
	return 0;
}

uintptr_t vma_find_free_range(struct mm *mm, size_t len)
{
	uintptr_t end = mm->mmap_base;
	while (end >= len + USER_BASE && end - len >= mm->brk) {
		uintptr_t start = end - len;
		struct vma *v = NULL;
		struct list_head *pos;
		list_for_each(pos, &mm->vmas) {
			struct vma *c = list_entry(pos, struct vma, node);
			if (c->start < end && start < c->end) {
				v = c; /* the lowest one in the way */
				break;
			}
		}
		if (!v)
			return start;
		end = v->start; /* try just below the lowest VMA in the way */
	}
	return 0;
}

void mm_get_usage(struct mm *mm, struct mm_usage *out)
{
	*out = (struct mm_usage){0};
	out->nr_resident_pages = mm->nr_resident_pages;
	out->brk_start = mm->brk_start;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		uint32_t nr_pages = (uint32_t)((v->end - v->start) / PAGE_SIZE);
		out->nr_pages += nr_pages;
		if ((v->flags & VM_EXEC) && !out->code_end) {
			out->code_start = v->start; /* the program's text: the first executable VMA */
			out->code_end = v->end;
		}
		if (v->flags & VM_EXEC)
			out->nr_text_pages += nr_pages;
		else if ((v->flags & VM_WRITE) && !(v->flags & VM_SHARED))
			out->nr_data_pages += nr_pages;
		if (v->flags & VM_GROWSDOWN)
			out->stack_top = v->end;
	}
}

size_t mm_format_maps(struct mm *mm, char *buf, size_t size)
{
	size_t len = 0;
	struct list_head *pos;
	list_for_each(pos, &mm->vmas) {
		struct vma *v = list_entry(pos, struct vma, node);
		const char *what = v->flags & VM_GROWSDOWN ? "[stack]"
				   : v->flags & VM_HEAP    ? "[heap]"
							   : "";
		/* A file mapping shows its device, inode number and the path
		 * it was opened by (fs/path_name.c), as Linux's maps does. */
		if (v->path)
			what = v->path->text;
		uint32_t dev = v->file ? v->file->sb->dev : 0, ino = v->file ? v->file->ino : 0;
		int n = snprintf(buf + len, size - len, "%08x-%08x %c%c%c%c %08x %02x:%02x %u %s\n",
				 (unsigned)v->start, (unsigned)v->end, v->flags & VM_READ ? 'r' : '-',
				 v->flags & VM_WRITE ? 'w' : '-', v->flags & VM_EXEC ? 'x' : '-',
				 v->flags & VM_SHARED ? 's' : 'p', v->file_pgoff * 4096u,
				 (unsigned)(dev >> 8), (unsigned)(dev & 0xff), (unsigned)ino, what);
		if (n < 0 || (size_t)n >= size - len)
			break;
		len += (size_t)n;
	}
	return len;
}
