#!/bin/sh
# mkprograms.sh BINSRC — the table the shell's help builtin prints for /bin:
# one "NAME<TAB>what it does" line per program, from the first line of each
# program's header comment (" * cat.c — copy files ..." or, for a program in
# a folder, " * main.c — bench, micro-benchmarks ...": the part up to the
# first ':' or ';', without a final '.' or the "NAME, " or "NAME: " a
# folder's main.c starts with; the shell's main.c describes the file, so sh
# has its line here).  Written to stdout.
set -eu
src=$1
describe() { # NAME FILE
	[ "$1" = sh ] && { echo "the shell (help lists its builtins)"; return; }
	sed -n '2{s/^ \* [^ ]* — //;p;q}' "$2" | sed "s/^$1[,:] //;s/[:;].*//;s/\.$//"
}
for f in "$src"/*.c "$src"/*/main.c; do
	[ -f "$f" ] || continue
	case $f in
	*/main.c) name=$(basename "$(dirname "$f")") ;;
	*) name=$(basename "$f" .c) ;;
	esac
	printf '%s\t%s\n' "$name" "$(describe "$name" "$f")"
done
printf 'busybox\tDebian'"'"'s busybox: its applets are in /usr/bin (busybox --list)\n'
printf 'poweroff\tthe same as halt\n'
