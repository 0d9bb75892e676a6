/*
 * ext2_disk.h — the ext2 on-disk format: what the bytes on /dev/hda mean.
 *
 * All fields are little-endian, which is the CPU's order here, so these
 * structures are read straight out of a block.  The disk, for block size B:
 *
 *   byte 0     1024        ...
 *   [boot 1K] [superblock 1K] ... (block 0 with 4K blocks, block 1 with 1K)
 *   group 0: [sb] [group descriptors] [reserved gdt] [block bitmap]
 *            [inode bitmap] [inode table] [data blocks ...]
 *   group 1: ([sb copy] [gd copy], only in groups 0, 1 and powers of 3, 5, 7
 *            with sparse_super) [block bitmap] [inode bitmap] [inode table] ...
 *
 * An inode's data: i_block[0..11] are direct block numbers, i_block[12] a
 * block of block numbers (single indirect), [13] double, [14] triple.
 * Block number 0 is a hole.  A directory is a file of records
 * (struct ext2_dirent) that tile each block exactly.  docs/ext2.md has the
 * whole picture.  Read next: fs/ext2/ext2.h.
 */
#ifndef FS_EXT2_DISK_H
#define FS_EXT2_DISK_H

#include <corral/types.h>

#define EXT2_SUPER_OFFSET 1024
#define EXT2_MAGIC 0xef53
#define EXT2_ROOT_INO 2
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_NR_DIRECT 12
#define EXT2_IND_BLOCK 12
#define EXT2_DIND_BLOCK 13
#define EXT2_TIND_BLOCK 14
#define EXT2_N_BLOCKS 15
#define EXT2_FAST_SYMLINK_MAX 60 /* bytes of target that fit in i_block */

/* s_feature_incompat / ro_compat bits this driver understands. */
#define EXT2_INCOMPAT_FILETYPE 0x0002
#define EXT2_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_SUPPORTED_INCOMPAT EXT2_INCOMPAT_FILETYPE
#define EXT2_SUPPORTED_RO_COMPAT (EXT2_RO_COMPAT_SPARSE_SUPER | EXT2_RO_COMPAT_LARGE_FILE)

#define EXT2_STATE_VALID 1

struct ext2_super {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;   /* block size = 1024 << this */
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	uint16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* Revision 1. */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algo_bitmap;
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_rest[820];         /* journal fields, hash seeds, padding */
} __attribute__((packed));

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_pad;
	uint8_t bg_reserved[12];
} __attribute__((packed));

struct ext2_disk_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;           /* 512-byte sectors, data and indirect blocks */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high;        /* i_dir_acl before large_file */
	uint32_t i_faddr;
	uint8_t i_frag, i_fsize;
	uint16_t i_pad1;
	uint16_t i_uid_high;
	uint16_t i_gid_high;
	uint32_t i_reserved2;
} __attribute__((packed));

/* A directory record; name follows, name_len bytes, no NUL.  rec_len is a
 * multiple of 4, at least 8 + name_len, and records tile the block. */
struct ext2_dirent {
	uint32_t inode;              /* 0: an unused record */
	uint16_t rec_len;
	uint8_t name_len;
	uint8_t file_type;           /* EXT2_FT_* with the FILETYPE feature */
	char name[];
} __attribute__((packed));

#define EXT2_DIRENT_HEADER 8
#define EXT2_DIRENT_SIZE(name_len) ((EXT2_DIRENT_HEADER + (name_len) + 3) & ~3u)

enum {
	EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK,
};

#endif
