# 6-free.sh — rmdir a container that still has a running task and a file.
# rmdir never waits: the tasks move to the root container, and so do the
# pages and files charged to the container.  Then the audit recounts every
# counter in the kernel and says whether they all agree.
C=/configfs/container

rmdir $C/old 2>/dev/null
mkdir $C/old
cexec old memhog 100 -w > /dev/null &
hog=$!
cexec old filehog /tmp/oldfile 50 1 > /dev/null
sleep 1
echo "before: $(cat $C/old/num_tasks) task, $(cat $C/old/num_anon_pages) anon pages, $(cat $C/old/num_file_pages) file pages"

rmdir $C/old
echo "rmdir: $?"
echo "memhog (pid $hog) is still running, now in container $(cat /proc/$hog/container)"
containers
containers -a

kill $hog; wait $hog
rm /tmp/oldfile
