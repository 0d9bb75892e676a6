/*
 * ext2.h — what the files of fs/ext2/ share: the mounted filesystem's state,
 * an inode's ext2 part, and each file's entry points.  Nothing outside
 * fs/ext2/ includes it.
 *
 *   super.c    mount, superblock and group descriptors, sync, umount, statfs
 *   buffer.c   metadata blocks in memory (get, dirty, put, sync; LRU, capped)
 *   balloc.c   block bitmaps; the pure bitmap search both allocators use
 *   ialloc.c   inode bitmaps
 *   audit.c    recounting the bitmaps against the free counts
 *   inode.c    on-disk inodes in and out, the inode table, eviction
 *   bmap.c     logical → physical blocks: direct and indirect; truncation
 *   dir.c      directory records: parse, look up, list, add, remove
 *   namei.c    create, mkdir, rmdir, unlink, link, rename
 *   file.c     regular files: the page cache's read_page/write_page/prepare_write
 *   symlink.c  fast and slow symbolic links
 *
 * Locking: one mutex per mounted filesystem, sbi->lock, held by every ext2
 * operation that reads or changes metadata (buffers, bitmaps, group
 * descriptors, the superblock, an inode's i_block and nlink, directories).
 * Lock order: inode->lock (page cache), page locks, then sbi->lock.  Never
 * call inode_put() on an ext2 inode with sbi->lock held: dropping the last
 * reference of an unlinked inode calls evict, which takes it.
 * Read next: fs/ext2/super.c.
 */
#ifndef FS_EXT2_H
#define FS_EXT2_H

#include <corral/list.h>
#include <corral/types.h>
#include <corral/vfs.h>
#include <corral/wait.h>

#include "ext2_disk.h"

struct block_device;

/* One metadata block in memory (buffer.c).  Fields: sbi->lock. */
struct ext2_buf {
	uint32_t block;
	uint8_t *data;             /* block_size bytes */
	int refcount;              /* ext2_buf_get .. ext2_buf_put */
	bool is_dirty;
	struct list_head lru_node; /* on sbi->bufs, most recently used first */
};

/* A mounted ext2 (sb->private).  All fields: sbi->lock. */
struct ext2_sb_info {
	struct mutex lock;
	struct block_device *bdev;
	struct super_block *sb;
	char name[8];                  /* "hda": for console lines */
	struct ext2_super super;       /* the primary superblock, as in memory */
	bool is_super_dirty;
	struct ext2_group_desc *groups; /* nr_groups descriptors */
	uint32_t gdt_blocks;           /* blocks the descriptor table fills */
	bool is_gdt_dirty;
	uint32_t block_size, block_shift, sectors_per_block;
	uint32_t nr_groups;
	uint32_t inode_size;
	uint32_t inodes_per_block;
	uint32_t itable_blocks;        /* inode-table blocks per group */
	uint32_t addrs_per_block;      /* block numbers in an indirect block */
	bool has_filetype;
	/* The buffer cache (buffer.c). */
	struct list_head bufs;
	uint32_t nr_bufs;
	/* On super.c's list of mounted ext2s: the VFS's mount_mutex. */
	struct list_head mount_node;
};

/* An inode's ext2 part (inode->private).  Fields: sbi->lock. */
struct ext2_inode_info {
	uint32_t block[EXT2_N_BLOCKS];
	uint32_t nr_sectors;           /* i_blocks */
	uint32_t flags, generation, file_acl, dtime;
	uint32_t block_group;          /* where its blocks go first */
};

static inline struct ext2_sb_info *EXT2_SB(struct super_block *sb)
{
	return sb->private;
}

static inline struct ext2_inode_info *EXT2_I(struct inode *inode)
{
	return inode->private;
}

/* super.c */

void ext2_error(struct ext2_sb_info *sbi, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ext2_sync_locked(struct ext2_sb_info *sbi);
bool ext2_group_has_super(struct ext2_sb_info *sbi, uint32_t group);
/* Is block a valid place for file data (in range, not the filesystem's own
 * bookkeeping)?  Indirect pointers are checked with it before use. */
bool ext2_block_is_data(struct ext2_sb_info *sbi, uint32_t block);

/* buffer.c */
struct ext2_buf *ext2_buf_get(struct ext2_sb_info *sbi, uint32_t block, int *err);
struct ext2_buf *ext2_buf_get_new(struct ext2_sb_info *sbi, uint32_t block, int *err);
void ext2_buf_dirty(struct ext2_buf *buf);
void ext2_buf_put(struct ext2_sb_info *sbi, struct ext2_buf *buf);
int ext2_buf_sync_all(struct ext2_sb_info *sbi);
void ext2_buf_forget(struct ext2_sb_info *sbi, uint32_t block);
void ext2_buf_free_all(struct ext2_sb_info *sbi);

/* balloc.c */
/* First clear bit in [start, nbits) then [0, start); -1 if none. */
int ext2_bitmap_find_zero(const uint8_t *map, uint32_t nbits, uint32_t start);
int ext2_block_alloc(struct ext2_sb_info *sbi, uint32_t goal_group, uint32_t *out);
int ext2_block_free(struct ext2_sb_info *sbi, uint32_t block);

/* audit.c: recount the free bitmaps against every count; 0 = sound. */
int ext2_audit(struct ext2_sb_info *sbi);

/* ialloc.c */
int ext2_inode_alloc_nr(struct ext2_sb_info *sbi, uint32_t parent_group, bool is_dir,
			uint32_t *out);
int ext2_inode_free_nr(struct ext2_sb_info *sbi, uint32_t ino, bool is_dir);

/* inode.c */
int ext2_iget(struct super_block *sb, uint32_t ino, struct inode **out);
int ext2_inode_write(struct inode *inode);
int ext2_new_inode(struct inode *dir, uint32_t mode, struct inode **out);
void ext2_evict(struct inode *inode);
void ext2_inode_set_ops(struct inode *inode);
bool ext2_ino_is_valid(struct ext2_sb_info *sbi, uint32_t ino);

/* bmap.c */
#define EXT2_MAX_DEPTH 4
/* The path to logical block lblock: offsets[0] an i_block slot, then one
 * index per indirect level; returns the depth (1..4), 0 if out of range. */
int ext2_block_path(uint32_t addrs_per_block, uint32_t lblock, uint32_t offsets[4]);
/* *pblock for lblock (0: a hole, unless create); -EIO, -ENOSPC, -EFBIG. */
int ext2_bmap(struct inode *inode, uint32_t lblock, bool create, uint32_t *pblock);
int ext2_truncate_blocks(struct inode *inode, uint64_t size);

/* dir.c */
/* Check one directory block's records; 0 or -EIO (and a console line). */
int ext2_dir_check_block(struct ext2_sb_info *sbi, uint32_t ino, const uint8_t *data,
			 uint32_t size);
int ext2_dir_find(struct inode *dir, const char *name, size_t len, uint32_t *ino);
int ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino,
		 uint32_t mode);
int ext2_dir_remove(struct inode *dir, const char *name, size_t len);
int ext2_dir_set_ino(struct inode *dir, const char *name, size_t len, uint32_t ino,
		     uint32_t mode);
int ext2_dir_is_empty(struct inode *dir, bool *is_empty);
int ext2_dir_init(struct inode *dir, uint32_t parent_ino);
int ext2_readdir(struct file *file, struct dir_context *ctx);

/* namei.c */
extern const struct inode_operations ext2_dir_iops;
extern const struct file_operations ext2_dir_fops;

/* file.c */
extern const struct inode_operations ext2_file_iops;
extern const struct file_operations ext2_file_fops;
extern const struct page_cache_ops ext2_cache_ops;
int ext2_setattr(struct inode *inode);

/* symlink.c */
extern const struct inode_operations ext2_symlink_iops;
extern const struct inode_operations ext2_special_iops; /* FIFOs, devices, sockets */
int ext2_symlink_write(struct inode *inode, const char *target, size_t len);

#endif
