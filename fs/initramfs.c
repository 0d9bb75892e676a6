/*
 * initramfs.c — unpack the boot module "initramfs" (a cpio archive, "newc"
 * format, as scripts/mkinitramfs.sh makes it) into the ramfs at /.
 *
 * The archive is a list of records, each a 110-byte ASCII header, the path,
 * then the file's bytes, with the path and the data each padded to 4 bytes:
 *
 *     "070701" ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj
 *     rdevmin namesize check      (13 fields of 8 hex digits)
 *     path\0 [pad]  data [pad]    ...   "TRAILER!!!" ends the archive
 *
 * Directories, regular files and symbolic links (whose data is the target,
 * without a NUL) are made through the ordinary VFS calls (vfs_mkdir,
 * vfs_open + file_write, vfs_symlink_at), then given the archive's mode and
 * owner exactly (no umask; a link's own, never its target's).
 *
 * A regular file whose data starts on a page (scripts/mkcpio.py pads names
 * so that files of a page or more do; GRUB loads the archive on a page) does
 * not copy its whole pages: the archive's own frames become the file's
 * page-cache pages (page_alloc_adopt_reserved + page_cache_add_uptodate), and
 * only the last page is written.  Copying every program would write 1.3 MiB
 * of fresh memory at boot, which under QEMU's TCG costs tens of milliseconds,
 * and keep two copies of /bin for good.  The rest of the archive (headers,
 * small files, the copied last pages: about 200 KiB) stays reserved: given
 * back to the allocator, those frames made a process whose page directory
 * landed in one 40 times slower under TCG, for a reason not found yet
 * (docs/status.md).  Other types
 * (device nodes, fifos) are skipped with a warning: devfs provides /dev.
 * Read next: fs/ramfs.c.
 */
#include <corral/memlayout.h>
#include <corral/page.h>
#include <corral/page_cache.h>
#include <corral/printk.h>
#include <corral/string.h>
#include <corral/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define CPIO_HEADER_SIZE 110

static uint32_t nr_shared_pages; /* archive pages that became file pages */
#define CPIO_MAGIC "070701"

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	uint32_t mode, uid, gid;
	uint32_t mtime; /* seconds since 1970: when the build made the file */
	const char *data;
	uint32_t size;
};

enum cpio_field { CPIO_INO, CPIO_MODE, CPIO_UID, CPIO_GID, CPIO_NLINK, CPIO_MTIME,
		  CPIO_FILESIZE, CPIO_NAMESIZE = 11 };

static uint32_t cpio_hex_field(const char *header, int field)
{
	const char *p = header + 6 + field * 8;
	uint32_t value = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		uint32_t digit = c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
				 : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
				 : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
							: 0;
		value = value << 4 | digit;
	}
	return value;
}

/* Parse the record at offset; returns the next record's offset, or 0 when bad. */
static size_t cpio_parse(const char *archive, size_t size, size_t offset, struct cpio_entry *e)
{
	if (size - offset < CPIO_HEADER_SIZE)
		return 0;
	const char *h = archive + offset;
	if (memcmp(h, CPIO_MAGIC, 6) != 0)
		return 0;
	uint32_t namesize = cpio_hex_field(h, CPIO_NAMESIZE);
	e->mode = cpio_hex_field(h, CPIO_MODE);
	e->uid = cpio_hex_field(h, CPIO_UID);
	e->gid = cpio_hex_field(h, CPIO_GID);
	e->mtime = cpio_hex_field(h, CPIO_MTIME);
	e->size = cpio_hex_field(h, CPIO_FILESIZE);
	e->name = h + CPIO_HEADER_SIZE;
	size_t data = ALIGN_UP(offset + CPIO_HEADER_SIZE + namesize, 4);
	if (namesize == 0 || data > size || e->name[namesize - 1] != '\0' || size - data < e->size)
		return 0;
	e->data = archive + data;
	return ALIGN_UP(data + e->size, 4);
}

/* How many of e's pages can become the file's own: the whole pages of a
 * file whose data starts on a page (scripts/mkcpio.py aligns them), all but
 * the one holding the last byte, which is written (copied) so that the write
 * sets the file's size. */
static uint32_t initramfs_pages_to_share(const struct cpio_entry *e)
{
	if ((uintptr_t)e->data % PAGE_SIZE || e->size <= PAGE_SIZE)
		return 0;
	return (e->size - 1) / PAGE_SIZE;
}

/* Hand the archive's pages of e to the file's page cache, from page 0 on, as
 * far as that works; returns how many went. */
static uint32_t initramfs_share_pages(struct inode *inode, const struct cpio_entry *e)
{
	uint32_t nr = initramfs_pages_to_share(e), done;
	for (done = 0; done < nr; done++) {
		uint32_t pfn = virt_to_phys(e->data + done * PAGE_SIZE) >> PAGE_SHIFT;
		struct page *page = page_alloc_adopt_reserved(pfn);
		if (!page)
			break;
		if (page_cache_add_uptodate(inode, done, page)) {
			put_page(page); /* the allocator's now: freed, and copied below */
			break;
		}
	}
	nr_shared_pages += done;
	return done;
}

static int initramfs_write_file(const char *path, const struct cpio_entry *e)
{
	struct file *file;
	int err = vfs_open(path, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777, &file);
	if (err)
		return err;
	uint32_t done = initramfs_share_pages(file->inode, e) * PAGE_SIZE;
	file->pos = done;
	while (done < e->size) {
		ssize_t n = file_write(file, e->data + done, e->size - done);
		if (n <= 0) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
		done += (uint32_t)n;
	}
	file_put(file);
	return err;
}

static int initramfs_make_symlink(const char *path, const struct cpio_entry *e)
{
	static char target[PATH_MAX]; /* boot runs this once, on one task */
	if (e->size >= sizeof(target))
		return -ENAMETOOLONG;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	return vfs_symlink_at(NULL, target, path);
}

/* The archive's mode and owner, exactly (the kernel unpacks as root). */
static int initramfs_set_attributes(const char *path, const struct cpio_entry *e)
{
	struct inode *inode;
	int err = vfs_lookup_at(NULL, path, 0, &inode); /* a link itself, not its target */
	if (err)
		return err;
	inode->mode = (inode->mode & S_IFMT) | (e->mode & 07777);
	inode->uid = e->uid;
	inode->gid = e->gid;
	if (e->mtime) /* (a directory's moves on as its entries are unpacked into it) */
		inode->atime = inode->mtime = e->mtime;
	inode_put(inode);
	return 0;
}

static int initramfs_make(const struct cpio_entry *e)
{
	static char path[PATH_MAX]; /* boot runs this once, on one task */
	const char *name = e->name;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (*name == '/')
		name++;
	if (!*name || strcmp(name, ".") == 0)
		return 0; /* the root itself */
	if ((size_t)snprintf(path, sizeof(path), "/%s", name) >= sizeof(path))
		return -ENAMETOOLONG;
	int err;
	if (S_ISDIR(e->mode)) {
		err = vfs_mkdir(path, e->mode & 07777);
		err = err == -EEXIST ? 0 : err;
	} else if (S_ISREG(e->mode)) {
		err = initramfs_write_file(path, e);
	} else if (S_ISLNK(e->mode)) {
		err = initramfs_make_symlink(path, e);
	} else {
		pr_warn("initramfs: %s: file type %o not supported, skipped\n", path,
			e->mode & S_IFMT);
		return 0;
	}
	if (!err)
		err = initramfs_set_attributes(path, e);
	if (err)
		pr_err("initramfs: %s: error %d\n", path, err);
	return err;
}

int initramfs_unpack(const void *archive, size_t size)
{
	size_t offset = 0;
	int nr_files = 0, first_err = 0;
	while (offset < size) {
		struct cpio_entry e;
		size_t next = cpio_parse(archive, size, offset, &e);
		if (!next) {
			pr_err("initramfs: bad record at byte %u\n", (unsigned)offset);
			return -EINVAL;
		}
		if (strcmp(e.name, "TRAILER!!!") == 0)
			break;
		int err = initramfs_make(&e);
		if (err && !first_err)
			first_err = err;
		nr_files += !err;
		offset = next;
	}
	printk("initramfs: %d entries unpacked, %u pages of them shared\n", nr_files,
	       nr_shared_pages);
	return first_err;
}
