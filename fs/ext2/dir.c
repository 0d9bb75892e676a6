/*
 * dir.c — directory records: checking, finding, listing, adding, removing.
 *
 * A directory's data is a run of whole blocks; records tile each block:
 *
 *   | inode 2 | rec 12 | 1 | "."  | inode 2 | rec 12 | 2 | ".." | inode 12 | rec 1000 | ...
 *
 * A record's rec_len reaches the next record; the slack after its name is
 * room for a new entry (a record is split when a name fits in it), and a
 * removed entry is merged into the record before it (or, first in its
 * block, marked unused with inode 0).  Directory blocks go through the
 * buffer cache and every block is checked before use (ext2_dir_check_block):
 * rec_len at least 8, a multiple of 4, inside the block, name inside the
 * record, inode number in range.  A bad block is EIO with a console line,
 * and nothing is written into it.
 *
 * readdir's position is the byte offset of the next record in the
 * directory.  Locking: sbi->lock.  Read next: fs/ext2/namei.c.
 */
#include <corral/string.h>
#include <uapi/errno.h>

#include "ext2.h"

int ext2_dir_check_block(struct ext2_sb_info *sbi, uint32_t ino, const uint8_t *data,
			 uint32_t size)
{
	for (uint32_t off = 0; off < size;) {
		const struct ext2_dirent *de = (const void *)(data + off);
		bool is_bad = size - off < EXT2_DIRENT_HEADER || de->rec_len < EXT2_DIRENT_HEADER ||
			      de->rec_len % 4 || de->rec_len > size - off ||
			      EXT2_DIRENT_HEADER + de->name_len > de->rec_len ||
			      de->inode > sbi->super.s_inodes_count;
		if (is_bad) {
			ext2_error(sbi, "inode %u: bad directory entry at offset %u "
				   "(rec_len %u, name_len %u, inode %u)", ino, off,
				   size - off < EXT2_DIRENT_HEADER ? 0 : de->rec_len,
				   size - off < EXT2_DIRENT_HEADER ? 0 : de->name_len,
				   size - off < EXT2_DIRENT_HEADER ? 0 : de->inode);
			return -EIO;
		}
		off += de->rec_len;
	}
	return 0;
}

static uint32_t dir_nr_blocks(struct inode *dir)
{
	return (uint32_t)(dir->size >> EXT2_SB(dir->sb)->block_shift);
}

/* Directory block n, checked; NULL and *err on failure. */
static struct ext2_buf *dir_block_get(struct inode *dir, uint32_t n, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	uint32_t block;
	*err = ext2_bmap(dir, n, false, &block);
	if (*err)
		return NULL;
	if (!block) {
		ext2_error(sbi, "inode %u: hole in a directory at block %u", dir->ino, n);
		*err = -EIO;
		return NULL;
	}
	struct ext2_buf *buf = ext2_buf_get(sbi, block, err);
	if (buf && (*err = ext2_dir_check_block(sbi, dir->ino, buf->data, sbi->block_size))) {
		ext2_buf_put(sbi, buf);
		return NULL;
	}
	return buf;
}

/* Visit each record of dir; f returns non-zero to stop (that value is
 * returned, the block's buffer in *hit_buf with a reference). */
typedef int (*dirent_visit_fn)(struct ext2_dirent *de, struct ext2_dirent *prev, void *arg);

static int dir_for_each(struct inode *dir, dirent_visit_fn f, void *arg,
			struct ext2_buf **hit_buf)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	for (uint32_t n = 0; n < dir_nr_blocks(dir); n++) {
		int err;
		struct ext2_buf *buf = dir_block_get(dir, n, &err);
		if (!buf)
			return err;
		struct ext2_dirent *prev = NULL;
		for (uint32_t off = 0; off < sbi->block_size;) {
			struct ext2_dirent *de = (void *)(buf->data + off);
			int ret = f(de, prev, arg);
			if (ret) {
				if (hit_buf)
					*hit_buf = buf;
				else
					ext2_buf_put(sbi, buf);
				return ret;
			}
			prev = de;
			off += de->rec_len;
		}
		ext2_buf_put(sbi, buf);
	}
	return 0;
}

struct dir_match {
	const char *name;
	size_t len;
	struct ext2_dirent *de, *prev;
};

static int match_name(struct ext2_dirent *de, struct ext2_dirent *prev, void *arg)
{
	struct dir_match *m = arg;
	if (!de->inode || de->name_len != m->len || memcmp(de->name, m->name, m->len))
		return 0;
	m->de = de;
	m->prev = prev;
	return 1;
}

/* The record named name: 1 with its buffer, 0 if none, or -errno. */
static int dir_lookup_record(struct inode *dir, struct dir_match *m, struct ext2_buf **buf)
{
	return dir_for_each(dir, match_name, m, buf);
}

int ext2_dir_find(struct inode *dir, const char *name, size_t len, uint32_t *ino)
{
	struct dir_match m = {name, len, NULL, NULL};
	struct ext2_buf *buf = NULL;
	int ret = dir_lookup_record(dir, &m, &buf);
	if (ret <= 0)
		return ret ? ret : -ENOENT;
	*ino = m.de->inode;
	ext2_buf_put(EXT2_SB(dir->sb), buf);
	return 0;
}

static uint8_t file_type_of(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

static void dirent_fill(struct ext2_sb_info *sbi, struct ext2_dirent *de, const char *name,
			size_t len, uint32_t ino, uint32_t mode)
{
	de->inode = ino;
	de->name_len = (uint8_t)len;
	de->file_type = sbi->has_filetype ? file_type_of(mode) : 0;
	memcpy(de->name, name, len);
}

int ext2_dir_set_ino(struct inode *dir, const char *name, size_t len, uint32_t ino,
		     uint32_t mode)
{
	struct dir_match m = {name, len, NULL, NULL};
	struct ext2_buf *buf = NULL;
	int ret = dir_lookup_record(dir, &m, &buf);
	if (ret <= 0)
		return ret ? ret : -ENOENT;
	dirent_fill(EXT2_SB(dir->sb), m.de, name, len, ino, mode);
	ext2_buf_dirty(buf);
	ext2_buf_put(EXT2_SB(dir->sb), buf);
	dir->mtime = dir->ctime = vfs_now();
	return 0;
}

struct dir_room {
	uint32_t needed;
	struct ext2_dirent *de;
};

/* A record with room for a name of `needed` bytes: unused, or with slack. */
static int find_room(struct ext2_dirent *de, struct ext2_dirent *prev, void *arg)
{
	struct dir_room *r = arg;
	uint32_t used = de->inode ? EXT2_DIRENT_SIZE(de->name_len) : 0;
	if (de->rec_len - used < r->needed)
		return 0;
	if (used) { /* split: the new record takes the slack */
		struct ext2_dirent *next = (void *)((uint8_t *)de + used);
		next->rec_len = (uint16_t)(de->rec_len - used);
		de->rec_len = (uint16_t)used;
		de = next;
	}
	r->de = de;
	return 1;
}

/* One more block at the end of dir, a single unused record. */
static struct ext2_buf *dir_grow(struct inode *dir, int *err)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	uint32_t block;
	*err = ext2_bmap(dir, dir_nr_blocks(dir), true, &block);
	if (*err)
		return NULL;
	struct ext2_buf *buf = ext2_buf_get_new(sbi, block, err);
	if (!buf)
		return NULL;
	struct ext2_dirent *de = (void *)buf->data;
	de->rec_len = (uint16_t)sbi->block_size;
	dir->size += sbi->block_size;
	return buf;
}

/* Add name → ino (the caller checked that name is not there). */
int ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino,
		 uint32_t mode)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	if (len == 0 || len > 255)
		return -ENAMETOOLONG;
	struct dir_room r = {EXT2_DIRENT_SIZE(len), NULL};
	struct ext2_buf *buf = NULL;
	int err = dir_for_each(dir, find_room, &r, &buf);
	if (err < 0)
		return err;
	if (!err) {
		buf = dir_grow(dir, &err);
		if (!buf)
			return err;
		r.de = (void *)buf->data;
	}
	dirent_fill(sbi, r.de, name, len, ino, mode);
	ext2_buf_dirty(buf);
	ext2_buf_put(sbi, buf);
	dir->mtime = dir->ctime = vfs_now();
	return ext2_inode_write(dir);
}

int ext2_dir_remove(struct inode *dir, const char *name, size_t len)
{
	struct dir_match m = {name, len, NULL, NULL};
	struct ext2_buf *buf = NULL;
	int ret = dir_lookup_record(dir, &m, &buf);
	if (ret <= 0)
		return ret ? ret : -ENOENT;
	if (m.prev)
		m.prev->rec_len = (uint16_t)(m.prev->rec_len + m.de->rec_len);
	else
		m.de->inode = 0;
	ext2_buf_dirty(buf);
	ext2_buf_put(EXT2_SB(dir->sb), buf);
	dir->mtime = dir->ctime = vfs_now();
	return ext2_inode_write(dir);
}

static int find_other_entry(struct ext2_dirent *de, struct ext2_dirent *prev, void *arg)
{
	if (!de->inode)
		return 0;
	bool is_dot = de->name_len == 1 && de->name[0] == '.';
	bool is_dotdot = de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.';
	return !is_dot && !is_dotdot;
}

int ext2_dir_is_empty(struct inode *dir, bool *is_empty)
{
	int ret = dir_for_each(dir, find_other_entry, NULL, NULL);
	*is_empty = ret == 0;
	return ret < 0 ? ret : 0;
}

/* A new directory's first block: "." and "..". */
int ext2_dir_init(struct inode *dir, uint32_t parent_ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	int err;
	struct ext2_buf *buf = dir_grow(dir, &err);
	if (!buf)
		return err;
	struct ext2_dirent *dot = (void *)buf->data;
	dot->rec_len = EXT2_DIRENT_SIZE(1);
	dirent_fill(sbi, dot, ".", 1, dir->ino, S_IFDIR);
	struct ext2_dirent *dotdot = (void *)(buf->data + dot->rec_len);
	dotdot->rec_len = (uint16_t)(sbi->block_size - dot->rec_len);
	dirent_fill(sbi, dotdot, "..", 2, parent_ino, S_IFDIR);
	ext2_buf_put(sbi, buf);
	return ext2_inode_write(dir);
}

static unsigned dtype_of(struct ext2_sb_info *sbi, const struct ext2_dirent *de)
{
	static const unsigned char types[] = {DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR,
					      DT_BLK, DT_FIFO, 12 /* DT_SOCK */, DT_LNK};
	if (!sbi->has_filetype || de->file_type >= sizeof(types))
		return DT_UNKNOWN;
	return types[de->file_type];
}

/* Emit the records of one block at or after ctx->pos; 1 when emit is full. */
static int readdir_block(struct ext2_sb_info *sbi, struct ext2_buf *buf, uint64_t block_pos,
			 struct dir_context *ctx)
{
	for (uint32_t off = 0; off < sbi->block_size;) {
		struct ext2_dirent *de = (void *)(buf->data + off);
		uint64_t pos = block_pos + off;
		off += de->rec_len;
		if (pos < ctx->pos || !de->inode)
			continue;
		ctx->pos = pos;
		if (ctx->emit(ctx, de->name, de->name_len, de->inode, dtype_of(sbi, de)))
			return 1;
		ctx->pos = block_pos + off;
	}
	return 0;
}

int ext2_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->inode;
	struct ext2_sb_info *sbi = EXT2_SB(dir->sb);
	mutex_lock(&sbi->lock);
	int err = 0;
	for (uint32_t n = (uint32_t)(ctx->pos >> sbi->block_shift); n < dir_nr_blocks(dir); n++) {
		struct ext2_buf *buf = dir_block_get(dir, n, &err);
		if (!buf)
			break;
		int full = readdir_block(sbi, buf, (uint64_t)n << sbi->block_shift, ctx);
		ext2_buf_put(sbi, buf);
		if (full)
			break;
		ctx->pos = (uint64_t)(n + 1) << sbi->block_shift;
	}
	mutex_unlock(&sbi->lock);
	return err;
}
