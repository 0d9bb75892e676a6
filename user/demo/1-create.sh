# 1-create.sh — make a container and look at its files.
# A container is a directory in /configfs/container: mkdir makes one,
# rmdir frees it.  Every file in it is one number or word.
C=/configfs/container

rmdir $C/demo 2>/dev/null            # left over from an earlier run?
echo "--- what the subsystem is:"
cat $C/description

echo "--- mkdir $C/demo, then list the containers:"
mkdir $C/demo
ls $C

echo "--- its files (r--r--r-- are counters, rw-r--r-- can be written):"
ls -l $C/demo

echo "--- a fresh container: no tasks, no pages, no limits but 100 tasks"
for f in id num_tasks num_anon_pages num_file_pages page_limit task_limit limit_mode; do
	echo "$f = $(cat $C/demo/$f)"
done

echo "--- limits take a number or 'max'; anything else is refused:"
echo 500 > $C/demo/page_limit
echo "page_limit = $(cat $C/demo/page_limit)"
echo lots > $C/demo/page_limit       # sh: ...: Invalid argument
echo "page_limit = $(cat $C/demo/page_limit) (unchanged)"
echo max > $C/demo/page_limit

echo "--- the table of every container (the root container is /):"
containers

rmdir $C/demo
echo "--- after rmdir:"
ls $C
