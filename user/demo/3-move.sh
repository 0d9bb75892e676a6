# 3-move.sh — move a shell into a container and out again.
# Writing a pid to addtask moves that task; its children are born inside.
# rmtask moves it back to the root container (shown as /).
C=/configfs/container

rmdir $C/box 2>/dev/null
mkdir $C/box
echo "this shell is pid $$, in container $(cat /proc/$$/container)"

echo $$ > $C/box/addtask
echo "after addtask: $(cat /proc/$$/container)"
echo "showtasks (this shell, and the cat that prints it -- born inside):"
cat $C/box/showtasks
echo "ps agrees (its CONTAINER column says box):"
ps | grep box

echo $$ > $C/box/rmtask
echo "after rmtask: $(cat /proc/$$/container), box has $(cat $C/box/num_tasks) tasks"

echo "cexec does the same for one command:"
cexec box cat /proc/self/container
rmdir $C/box
