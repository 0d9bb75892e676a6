"""
test_kmem.py — kernel memory charged to containers (docs/kernel-memory.md):

  - num_kernel_pages is read-only (r--r--r--, a write is EACCES), 0 in a new container,
    and `stat` has the `kernel` key between `file` and `mapped`;
  - it grows with the container's tasks (stack, struct, address space, fd table) and
    goes back to 0 when they have exited and been reaped;
  - a pipe held open by a task of the container adds its buffer;
  - a forkbomb in a container with page_limit 500 and task_limit max is stopped by
    kernel-memory charging: its forks fail with ENOMEM while the same forkbomb without
    a limit forks far more; the shell answers; the forkbomb is killed; the counts come
    back, the audit is clean, and rmdir leaves no charge behind.

All tests share one VM and run in order; each removes the containers it made.
"""

import re

import harness
from shell import PROMPT, expect_ls_long, expect_output, run, wait_until
from container_files import attr_number, read_attr

WRITES_DISK = False  # ramfs only
TIMEOUT = 900
C = "/configfs/container"
EACCES = "Permission denied"
ENOMEM_LINE = "forkbomb: fork: Cannot allocate memory"


def stat(ctx, name):
    pairs = [line.split() for line in read_attr(ctx, name, "stat").split("\n")]
    return {k: int(v) for k, v in pairs}


def expect_audit_ok(ctx):
    expect_output(ctx, "containers -a; echo $?", "audit: ok\n0")
    expect_output(ctx, "cat /proc/container_audit", "audit: ok")


def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_audit_ok(ctx)


def test_attribute_and_stat_key(ctx):
    run(ctx, f"mkdir {C}/k")
    expect_ls_long(ctx, f"ls -l {C}/k/num_kernel_pages",
                   f"-r--r--r-- 1 root root 4096 {C}/k/num_kernel_pages")
    expect_output(ctx, f"cat {C}/k/num_kernel_pages", "0")
    expect_output(ctx, f"echo 5 > {C}/k/num_kernel_pages; echo $?",
                  f"sh: {C}/k/num_kernel_pages: {EACCES}\n1")
    expect_output(ctx, f"cat {C}/k/num_kernel_pages", "0")  # nothing changed
    keys = [line.split()[0] for line in read_attr(ctx, "k", "stat").split("\n")]
    assert keys[:4] == ["anon", "file", "kernel", "mapped"], f"stat keys: {keys}"
    expect_output(ctx, f"grep '^kernel ' {C}/k/stat", "kernel 0")
    run(ctx, f"rmdir {C}/k")


def test_kernel_pages_grow_with_tasks(ctx):
    run(ctx, f"mkdir {C}/k")
    run(ctx, "cexec k sleep 300 & echo $! > /tmp/s1")
    wait_until(ctx, "the first sleep", lambda: attr_number(ctx, "k", "num_tasks") == 1)
    one = attr_number(ctx, "k", "num_kernel_pages")
    # Each task: an 8 KiB stack and its struct, a page directory, page tables.
    assert one >= 3, f"one task charges only {one} kernel pages"
    run(ctx, "for i in 1 2 3 4 5 6 7 8; do cexec k sleep 300 & done")
    wait_until(ctx, "nine sleeps", lambda: attr_number(ctx, "k", "num_tasks") == 9)
    nine = attr_number(ctx, "k", "num_kernel_pages")
    # Objects share pages, so each further task adds a little under 3 pages or more.
    assert nine >= one + 8 * 2, f"kernel pages: {one} with one task, {nine} with nine"
    assert stat(ctx, "k")["kernel"] == nine
    run(ctx, f"P=$(cat {C}/k/showtasks); kill $P; wait $P")
    expect_output(ctx, f"cat {C}/k/num_tasks {C}/k/num_kernel_pages", "0\n0")
    expect_audit_ok(ctx)
    run(ctx, f"rmdir {C}/k")
    return f"kernel pages: {one} with 1 task, {nine} with 9"


def is_sleeping(ctx, fds):
    """Has the task in /tmp/s1 exec'd sleep, with fds descriptors 3 open?"""
    out = run(ctx, "grep -c '^Name:.*sleep' /proc/$(cat /tmp/s1)/status; "
                   "ls /proc/$(cat /tmp/s1)/fd | grep -c '^3$'")
    return out == f"1\n{fds}"


def test_kernel_pages_grow_with_a_pipe(ctx):
    """The same one-task container with and without a FIFO held open (O_RDWR, so the
    open does not wait): the pipe's struct and 4 KiB buffer are charged to it."""
    run(ctx, f"mkdir {C}/p; busybox mkfifo /tmp/kf")
    run(ctx, "cexec p busybox sh -c 'exec sleep 300' & echo $! > /tmp/s1")
    wait_until(ctx, "the sleep", lambda: is_sleeping(ctx, fds=0))
    without = attr_number(ctx, "p", "num_kernel_pages")
    run(ctx, "kill $(cat /tmp/s1); wait $(cat /tmp/s1)")
    expect_output(ctx, f"cat {C}/p/num_kernel_pages", "0")
    run(ctx, "cexec p busybox sh -c 'exec 3<>/tmp/kf; exec sleep 300' & echo $! > /tmp/s1")
    wait_until(ctx, "the sleep holding the fifo", lambda: is_sleeping(ctx, fds=1))
    with_pipe = attr_number(ctx, "p", "num_kernel_pages")
    assert with_pipe >= without + 1, f"kernel pages {without} without the pipe, {with_pipe} with"
    run(ctx, "kill $(cat /tmp/s1); wait $(cat /tmp/s1); rm /tmp/kf")
    expect_output(ctx, f"cat {C}/p/num_kernel_pages", "0")
    run(ctx, f"rmdir {C}/p")
    expect_audit_ok(ctx)
    return f"kernel pages {without} without the pipe, {with_pipe} with"


def test_forkbomb_is_stopped_by_kernel_memory(ctx):
    # The yardstick: without a page_limit the same forkbomb gets all 200 of its forks.
    run(ctx, f"mkdir {C}/big; echo max > {C}/big/task_limit")
    expect_output(ctx, "cexec big forkbomb 200", "forkbomb: 200 of 200 forks succeeded",
                  timeout=ctx.timeout(240))
    run(ctx, f"rmdir {C}/big")

    run(ctx, f"mkdir {C}/fb; echo 500 > {C}/fb/page_limit; echo max > {C}/fb/task_limit")
    run(ctx, "cexec fb forkbomb -s 600 200 > /tmp/fb.out 2> /tmp/fb.err & echo $! > /tmp/fb")
    # Every fork has been tried once its refusals stop growing with the parent alive.
    wait_until(ctx, "refused forks", lambda: run(ctx, "grep -c fork: /tmp/fb.err") != "0",
               timeout=240)
    wait_until(ctx, "the last fork attempt",
               lambda: int(run(ctx, "grep -c fork: /tmp/fb.err")) + attr_number(ctx, "fb", "num_tasks")
               == 201, timeout=240)
    samples = []
    for _ in range(3):
        expect_output(ctx, "echo alive", "alive")  # the shell answers
        samples.append(attr_number(ctx, "fb", "num_tasks"))
    st = stat(ctx, "fb")
    refused = int(run(ctx, "grep -c fork: /tmp/fb.err"))
    expect_output(ctx, f"sort -u /tmp/fb.err", ENOMEM_LINE)  # every refusal: ENOMEM
    assert max(samples) <= 100, f"the forkbomb has {samples} tasks under page_limit 500"
    assert refused >= 100, f"only {refused} forks refused"
    assert st["kernel"] <= 500, f"kernel pages {st['kernel']} past page_limit 500"
    hits = attr_number(ctx, "fb", "page_limit_hits")
    assert hits >= refused, f"{refused} forks refused but {hits} page-limit hits"
    assert attr_number(ctx, "fb", "task_limit_hits") == 0  # not the task limit: the memory

    run(ctx, "kill -9 $(cat /tmp/fb); wait $(cat /tmp/fb)")  # its children die with it (PDEATHSIG)
    wait_until(ctx, "the forkbomb's children to go", lambda: attr_number(ctx, "fb", "num_tasks") == 0)
    wait_until(ctx, "their kernel pages to go",
               lambda: attr_number(ctx, "fb", "num_kernel_pages") == 0, timeout=30)
    expect_audit_ok(ctx)
    # The container works again: a fork fits now that the memory is back.
    expect_output(ctx, "cexec fb forkbomb 3", "forkbomb: 3 of 3 forks succeeded")
    expect_output(ctx, f"cat {C}/fb/num_kernel_pages", "0")
    run(ctx, f"rmdir {C}/fb")
    expect_audit_ok(ctx)
    return (f"tasks {samples}, {refused} forks refused, kernel pages {st['kernel']}, "
            f"anon {st['anon']}, hits {hits}")


def test_rmdir_with_tasks_moves_kernel_charges_to_the_root(ctx):
    run(ctx, f"mkdir {C}/r")
    run(ctx, "cexec r sleep 300 & echo $! > /tmp/s1")
    wait_until(ctx, "the sleep", lambda: attr_number(ctx, "r", "num_kernel_pages") > 0)
    run(ctx, f"rmdir {C}/r")  # the sleep and its charges go to the root
    expect_audit_ok(ctx)
    run(ctx, "kill $(cat /tmp/s1); wait $(cat /tmp/s1)")  # the free uncharges the root
    expect_audit_ok(ctx)
