# 2-tasklimit.sh — task_limit stops a fork bomb.
# The container may hold 3 tasks.  forkbomb (1 task) tries 10 forks inside
# it: 2 succeed, the other 8 fail with "Resource temporarily unavailable"
# (EAGAIN), and each refused fork counts a task-limit hit.
C=/configfs/container

rmdir $C/bomb 2>/dev/null
mkdir $C/bomb
echo 3 > $C/bomb/task_limit

# cexec moves itself into the container, then runs the command there.
# forkbomb -s 2 holds its children for 2 seconds before it kills them.
cexec bomb forkbomb -s 2 10 &
sleep 1
echo "tasks inside: $(cat $C/bomb/num_tasks) (task_limit $(cat $C/bomb/task_limit))"
wait

echo "task_limit_hits = $(cat $C/bomb/task_limit_hits)"
echo "num_tasks       = $(cat $C/bomb/num_tasks) (all gone again)"
echo "Meanwhile the rest of the system did not notice:"
echo hello from the root container
rmdir $C/bomb
