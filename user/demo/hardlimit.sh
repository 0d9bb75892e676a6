# hardlimit.sh — limit_mode hard: a container never holds more than page_limit pages.
# memhog's 1000 pages do not fit in a 256-page (1 MiB) container.  With swap,
# the kernel makes room by swapping out the container's own pages, and memhog
# still reads every byte back right.  Without swap nothing can be reclaimed, so
# the container's OOM killer kills memhog -- the task inside, never one outside:
# this shell lives on.  The kernel prints a line saying whom it killed.
C=/configfs/container
N=hardbox

rmdir $C/$N 2>/dev/null              # left over from an earlier run?
mkdir $C/$N
echo 256 > $C/$N/page_limit          # pages of 4 KiB: 1 MiB
echo hard > $C/$N/limit_mode
echo "page_limit = $(cat $C/$N/page_limit) pages, limit_mode = $(cat $C/$N/limit_mode)"
swap=$(grep -c /dev/hdb /proc/swaps)

echo "--- 1. memhog 1000 -r 5 inside: 1000 pages in a 256-page container, swap on"
cexec $N memhog 1000 -r 5 &
hog=$!
# Sample num_anon_pages five times a second until memhog leaves the container
# (at most 600 samples: the script never hangs).
max=0
samples=0
seen=0
while [ $samples -lt 600 ]; do
	tasks=$(cat $C/$N/num_tasks)
	if [ $tasks -gt 0 ]; then
		seen=1
	elif [ $seen = 1 ]; then
		break
	fi
	anon=$(cat $C/$N/num_anon_pages)
	if [ $anon -gt $max ]; then
		max=$anon
	fi
	samples=$((samples + 1))
	sleep 0.2
done
kill $hog 2>/dev/null                # only if it is still running after all that
wait $hog
echo "memhog's status: $? (0: every page read back right)"
echo "num_anon_pages: highest of $samples samples = $max (the limit is 256)"
set -- $(grep pswpout $C/$N/stat)
echo "pswpout = $2 (its pages written to swap), page_limit_hits = $(cat $C/$N/page_limit_hits)"

echo "--- 2. swap off, memhog 1000 inside: nothing to reclaim, the container's OOM killer"
if [ $swap -gt 0 ]; then
	swapoff /dev/hdb
fi
cexec $N memhog 1000
echo "memhog's status: $? (137: killed by SIGKILL)"
echo "oom_kills = $(cat $C/$N/oom_kills), num_anon_pages = $(cat $C/$N/num_anon_pages)"
if [ $swap -gt 0 ]; then
	swapon /dev/hdb
fi
echo "this shell is still here (pid $$), swap devices: $(grep -c /dev/ /proc/swaps)"

rmdir $C/$N
