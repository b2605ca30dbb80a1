#!/usr/bin/python3
"""tar-debugfs.py TAR EPOCH: debugfs commands that give every file of an
ext4 image made with `mke2fs -d` from TAR's extracted tree the owner and
mode TAR records, and EPOCH as its times; plus /dev/console.

A user without root extracts the tree with its own uid and without setuid
bits; this restores them with no privileges (debugfs -w on the image).
Members under ./dev/ are not extracted (devtmpfs covers /dev), nor the
package lists (./var/lib/apt/lists/*_*): build.sh's tar --exclude list."""
import fnmatch
import sys
import tarfile

TYPE_BITS = {tarfile.REGTYPE: 0o100000, tarfile.AREGTYPE: 0o100000, tarfile.LNKTYPE: 0o100000,
             tarfile.SYMTYPE: 0o120000, tarfile.DIRTYPE: 0o040000}


def quoted(path):
    if '"' in path or "\n" in path:
        sys.exit(f"tar-debugfs.py: cannot quote {path!r} for debugfs")
    return f'"{path}"'


def main():
    archive, epoch = sys.argv[1], sys.argv[2]
    print("cd /dev", "mknod console c 5 1", "cd /", "sif /dev/console mode 020600", sep="\n")
    for extra in ("/lost+found", "/dev/console"):
        print(f"sif {extra} uid 0", f"sif {extra} gid 0", sep="\n")
    with tarfile.open(archive) as tar:
        for member in tar:
            name = member.name.removeprefix("./").rstrip("/")
            skipped = name.startswith("dev/") or fnmatch.fnmatch(name, "var/lib/apt/lists/*_*")
            if skipped or member.type not in TYPE_BITS:
                continue
            path = quoted("/" + name)
            if member.type != tarfile.LNKTYPE:
                print(f"sif {path} uid {member.uid}", f"sif {path} gid {member.gid}", sep="\n")
                if member.type != tarfile.SYMTYPE:
                    print(f"sif {path} mode 0{TYPE_BITS[member.type] | member.mode:o}")
            for field in ("atime", "mtime", "ctime", "crtime"):
                print(f"sif {path} {field} @{epoch}")


main()
