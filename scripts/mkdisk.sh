#!/bin/sh
# mkdisk.sh STAGING OUT [BLOCK_SIZE] — the ext2 data disk mounted at /mnt
# (DESIGN.md sections 2 and 4): 64 MiB, made with mke2fs -d from STAGING,
# which this script fills with the test data tests/test_ext2.py reads back:
#   README, hello.txt           small text files
#   big                         1 MiB of numbered lines: past the direct and
#                               single-indirect range of 1 KiB blocks (268 KiB)
#   many/f000 .. many/f299      a directory of 300 small files
#   deep/a/b/c/d/leaf.txt       nested directories
#   fastlink -> hello.txt       a fast symbolic link (target in the inode)
#   slowlink -> deep/...        a slow one (target of 60+ bytes in a block)
set -eu
staging=$1 out=$2 block_size=${3:-1024}
rm -rf "$staging"
mkdir -p "$staging/many" "$staging/deep/a/b/c/d"
echo "This is the Corral data disk (ext2 on /dev/hda)." > "$staging/README"
echo "hello from ext2" > "$staging/hello.txt"
seq -f "%07g: the quick brown fox jumps over the lazy dog" 1 20000 > "$staging/big"
i=0
while [ $i -lt 300 ]; do
	n=$(printf "%03d" $i)
	echo "file $n" > "$staging/many/f$n"
	i=$((i + 1))
done
echo "a leaf in a deep tree" > "$staging/deep/a/b/c/d/leaf.txt"
ln -s hello.txt "$staging/fastlink"
ln -s deep/a/b/c/d/../../../../../deep/a/b/c/d/../d/../../c/d/leaf.txt "$staging/slowlink"
PATH=$PATH:/sbin:/usr/sbin
rm -f "$out"
mke2fs -q -F -t ext2 -b "$block_size" -L corral -d "$staging" "$out" 64M
