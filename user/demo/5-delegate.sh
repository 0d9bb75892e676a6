# 5-delegate.sh — let an ordinary user (uid 1000) manage a container.
# As in cgroup v2, root delegates by chown: the user may then write the files
# they own, and nothing else.  runas 1000 CMD runs CMD as that user.
C=/configfs/container

rmdir $C/team 2>/dev/null
mkdir $C/team

echo "--- before delegation, user 1000 may not change anything:"
runas 1000 sh -c 'echo 50 > /configfs/container/team/page_limit'

echo "--- root hands over the directory, the limit and the task files:"
chown 1000 $C/team $C/team/page_limit $C/team/addtask $C/team/rmtask
ls -l $C/team | grep 1000

echo "--- now user 1000 may set page_limit and move its own shell in:"
runas 1000 sh -c 'echo 50 > /configfs/container/team/page_limit; echo $$ > /configfs/container/team/addtask; echo "page_limit $(cat /configfs/container/team/page_limit), my container $(cat /proc/$$/container)"'

echo "--- but not task_limit (still root's), nor another user's task (init, pid 1):"
runas 1000 sh -c 'echo 5 > /configfs/container/team/task_limit'
runas 1000 sh -c 'echo 1 > /configfs/container/team/addtask'
rmdir $C/team
