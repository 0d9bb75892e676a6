# 4-counters.sh — watch the page counters with memhog and filehog.
# Anonymous memory is charged to the container of the task that touches it;
# a file's pages to the container that created the file.
C=/configfs/container

rmdir $C/hogs 2>/dev/null
mkdir $C/hogs

echo "--- memhog touches 200 pages (800 KiB) inside, and waits:"
cexec hogs memhog 200 -w > /dev/null &
hog=$!
sleep 1
echo "num_anon_pages   = $(cat $C/hogs/num_anon_pages)   (200, plus the program's own)"
echo "num_active_pages = $(cat $C/hogs/num_active_pages)"
kill $hog; wait $hog
echo "after it exits: num_anon_pages = $(cat $C/hogs/num_anon_pages)"

echo "--- filehog writes a 300-page file from inside:"
cexec hogs filehog /tmp/hogfile 300 1 > /dev/null
echo "num_files = $(cat $C/hogs/num_files), num_file_pages = $(cat $C/hogs/num_file_pages)"

echo "--- reading it from the root does not move the charge:"
cat /tmp/hogfile > /dev/null
echo "num_file_pages = $(cat $C/hogs/num_file_pages)"

echo "--- the whole picture (stat):"
cat $C/hogs/stat

rm /tmp/hogfile
echo "after rm: num_file_pages = $(cat $C/hogs/num_file_pages)"
rmdir $C/hogs
