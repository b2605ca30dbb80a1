#!/bin/sh
# mkdatadisk.sh IMAGE: the data disk of the reclaim VM tests and benchmarks.
# Random contents, because mke2fs -d turns all-zero blocks into holes and a
# sparse file would not fill the guest's page cache from the disk.
set -eu
image=$1
staging=$image.d
rm -rf "$staging" "$image"
mkdir -p "$staging/hot"
head -c 400M /dev/urandom > "$staging/big400"
head -c 100M /dev/urandom > "$staging/hot/a"
head -c 100M /dev/urandom > "$staging/hot/b"
mke2fs -q -t ext4 -L ebbdata -d "$staging" "$image.tmp" 680M
rm -rf "$staging"
mv "$image.tmp" "$image"
