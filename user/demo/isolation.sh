# isolation.sh — the seed's case: a backup job must not push a service out of memory.
# The "service" is memhog 1024 -r: a 4 MiB working set it reads and rewrites
# all the time, in the root container.  The "backup job" is filehog: it writes
# a file bigger than RAM to /mnt and reads it back, about 3 times RAM of file
# data in all.  The job runs twice: first in the root container like the
# service, then inside container `backup` with page_limit 256 (1 MiB).
# A page the service lost comes back with a major fault: the numbers are
# /proc/vmstat's pgmajfault and pswpin over each run (the whole system's; the
# service is nearly all of it).  Without a container the job's page cache
# competes with the service for all of memory, and whatever reclaim takes from
# the service comes back as major faults; inside one, the job's pages are
# reclaimed from the job itself and the service keeps its working set.
# Takes a few minutes under QEMU; needs the data disk at /mnt.  Boot with
# `make run MEM=32M` for the clearest numbers: the file has to be bigger than
# RAM, and /mnt has room for about 50 MiB.
C=/configfs/container
F=/mnt/backup.img

if [ $(grep -c ' /mnt ' /proc/mounts) = 0 ]; then
	echo "isolation.sh: needs the data disk mounted at /mnt"
	exit 1
fi
rmdir $C/backup 2>/dev/null          # left over from an earlier run?
rm $F 2>/dev/null

# Sizes, in pages of 4 KiB: the job's file is 1.25 x RAM if /mnt has room
# (less 4 MiB), read back until about 3 x RAM has gone through the cache.
set -- $(grep MemTotal /proc/meminfo)
ram=$(($2 / 4))
set -- $(df /mnt)
shift 7
room=$(($4 / 4 - 1024))
pages=$((ram + ram / 4))
if [ $pages -gt $room ]; then
	pages=$room
fi
if [ $pages -lt 1024 ]; then
	echo "isolation.sh: /mnt is too full (room for $room pages)"
	exit 1
fi
rounds=$(((3 * ram + pages - 1) / pages))
echo "RAM: $ram pages; swap devices: $(grep -c /dev/ /proc/swaps)"
echo "service: memhog 1024 -r (4 MiB, kept hot), in the root container"
echo "backup job: filehog $F $pages $rounds (writes $pages pages, reads them $rounds times)"
if [ $pages -lt $ram ]; then
	echo "(the file is smaller than RAM: it may fit beside the service, and both runs look alike)"
fi

for run in 1 2; do
	if [ $run = 1 ]; then
		echo "--- run 1: the backup job in the root container, beside the service"
		job=filehog
	else
		mkdir $C/backup
		echo 256 > $C/backup/page_limit
		echo "--- run 2: the backup job in container backup (page_limit 256, $(cat $C/backup/limit_mode))"
		job="cexec backup filehog"
	fi
	memhog 1024 -r 100000 &
	service=$!
	sleep 3                          # its 1024 pages faulted in
	set -- $(grep pgmajfault /proc/vmstat)
	majors=$2
	set -- $(grep pswpin /proc/vmstat)
	swapins=$2
	start=$(date +%s)
	$job $F $pages $rounds > /dev/null
	status=$?
	end=$(date +%s)
	set -- $(grep pgmajfault /proc/vmstat)
	majors=$(($2 - majors))
	set -- $(grep pswpin /proc/vmstat)
	swapins=$(($2 - swapins))
	kill $service
	wait $service
	echo "job: status $status, $((end - start)) s; major faults: $majors, pages swapped in: $swapins"
	if [ $run = 1 ]; then
		majors_root=$majors
	else
		echo "backup now: $(cat $C/backup/num_file_pages) file pages, $(cat $C/backup/page_limit_hits) page_limit_hits"
		set -- $(grep pgsteal $C/backup/stat)
		steal=$2
		set -- $(grep throttled $C/backup/stat)
		echo "its own pages reclaimed: $steal, times it was throttled: $2"
	fi
	rm $F
done
rmdir $C/backup

echo "--- the service's major faults: $majors_root with the backup job beside it, $majors with the job in a 1 MiB container"
