"""
test_containers.py — containers through the shell (DESIGN.md section 5, issue 4): one
scenario per "Done when" bullet of the issue, and every bad input of the contract, each
of which must print its errno through sh ("sh: ...: Invalid argument") and change
nothing.

  - mkdir makes a directory with exactly the contract's attributes and defaults; rmdir
    and ls; the errors mkdir and rmdir give; 512 containers at once, the 513th out of
    ids (ENOSPC), ids reused lowest first;
  - addtask / rmtask / showtasks / /proc/PID/container / ps agree; children are born
    inside; showtasks ascending whatever order tasks joined in; cexec;
  - task_limit 3 against forkbomb 10 (EAGAIN, hits, the system stays responsive);
  - memhog and filehog move the page counters; a file stays charged to its creator; a
    page shared copy-on-write after fork is charged once;
  - every bad input of every attribute, and writes to read-only attributes;
  - 64 containers made and removed 10 times: free memory and ids come back;
  - rmdir of a container with a running memhog and an open file;
  - delegation to uid 1000 by chown, and what a delegate still may not do; addfile
    checks permission on the very inode it moves, under a concurrent rename;
  - the containers table, its -w and -c (CSV) forms and options, the /demo scripts, and
    the audit at the end.

All tests share one VM and run in order; each removes the containers it made.
Nothing here writes the disk (ramfs only).
"""

import csv
import io
import re

import harness
from shell import (PROMPT, expect_ls_long, expect_output, run, wait_until,  # noqa: F401
                   without_ls_time)
from container_files import attr_number, read_attr

WRITES_DISK = False  # ramfs only
SECONDS = 45  # alone under TCG, about: run.py starts the longest files first
TIMEOUT = 1500  # the file's budget: the loops fork a few thousand processes under TCG
LOOP_TIMEOUT = 400
C = "/configfs/container"

# The contract's attributes, as ls sorts them, and which of them can be written.
ATTRS = sorted([
    "id", "num_tasks", "num_files", "num_anon_pages", "num_mapped_pages", "num_file_pages",
    "num_active_pages", "page_limit", "task_limit", "limit_mode", "page_limit_hits",
    "task_limit_hits", "oom_kills", "freeing", "addtask", "rmtask", "showtasks", "stat",
    "addfile", "rmfile", "num_kernel_pages", "mlock_limit", "num_locked_pages", "cpu_weight",
    "cpu_max", "io_bps_max",
])
WRITABLE = {"page_limit", "task_limit", "limit_mode", "mlock_limit", "addtask", "rmtask",
            "addfile", "rmfile", "cpu_weight", "cpu_max", "io_bps_max"}
WRITE_ONLY = {"addtask", "rmtask", "addfile", "rmfile"}
READ_ONLY = [a for a in ATTRS if a not in WRITABLE]
DEFAULTS = {
    "num_tasks": "0", "num_files": "0", "num_anon_pages": "0", "num_mapped_pages": "0",
    "num_file_pages": "0", "num_active_pages": "0", "page_limit": "max", "task_limit": "100",
    "limit_mode": "soft", "page_limit_hits": "0", "task_limit_hits": "0", "oom_kills": "0",
    "freeing": "0", "showtasks": "", "num_kernel_pages": "0", "mlock_limit": "max",
    "num_locked_pages": "0", "cpu_weight": "100", "cpu_max": "max", "io_bps_max": "max",
}
STAT_KEYS = ["anon", "file", "kernel", "mapped", "locked", "active_anon", "inactive_anon",
             "active_file",
             "inactive_file", "swap", "pgfault", "pgmajfault", "pgscan", "pgsteal",
             "pgdeactivate", "pswpin", "pswpout", "throttled", "oom_kill",
             "cpu_usage_usec", "cpu_user_usec", "cpu_system_usec", "cpu_nr_throttled",
             "cpu_throttled_usec", "io_rbytes", "io_wbytes", "io_throttled_usec"]

EINVAL = "Invalid argument"
ERANGE = "Numerical result out of range"
ESRCH = "No such process"
ENOSPC = "No space left on device"
EACCES = "Permission denied"
ENOENT = "No such file or directory"


def task_count(ctx, name):
    out = read_attr(ctx, name, "showtasks")
    return len(out.split()) if out else 0


def memfree_kb(ctx):
    out = run(ctx, "grep MemFree /proc/meminfo")
    match = re.fullmatch(r"MemFree:\s+(\d+) kB", out)
    assert match, f"no MemFree line: {out!r}"
    return int(match.group(1))


def expect_audit_ok(ctx):
    expect_output(ctx, "containers -a; echo $?", "audit: ok\n0")


def expect_no_containers(ctx):
    expect_output(ctx, f"ls {C}", "committed\ndescription")


# ---- mkdir, rmdir, ls -----------------------------------------------------------------

def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_no_containers(ctx)
    expect_ls_long(ctx, f"ls -l {C}/description", f"-r--r--r-- 1 root root 4096 {C}/description")
    expect_ls_long(ctx, f"ls -l {C}/committed", f"-r--r--r-- 1 root root 4096 {C}/committed")
    out = run(ctx, f"cat {C}/committed")
    assert re.fullmatch(r"hard_limits 0\nceiling [1-9]\d*", out), f"committed: {out!r}"
    out = run(ctx, f"cat {C}/description")
    assert out.startswith("containers: ") and "\n" not in out, f"description: {out!r}"


def test_mkdir_lists_the_attributes_with_defaults(ctx):
    expect_output(ctx, f"mkdir {C}/a; echo $?; ls {C}", "0\na\ncommitted\ndescription")
    expect_output(ctx, f"ls {C}/a", "\n".join(ATTRS))
    out = without_ls_time(run(ctx, f"ls -l {C}/a"))
    for line, attr in zip(out.split("\n"), ATTRS):
        mode = "-rw-r--r--" if attr in WRITABLE else "-r--r--r--"
        assert line == f"{mode} 1 root root 4096 {attr}", f"ls -l: {line!r} for {attr}"
    assert attr_number(ctx, "a", "id") >= 1
    for attr, want in DEFAULTS.items():
        got = read_attr(ctx, "a", attr)
        assert got == want, f"a fresh container's {attr} reads {got!r}, expected {want!r}"
    expect_output(ctx, f"cat {C}/a/stat", "\n".join(f"{k} 0" for k in STAT_KEYS))
    for attr in sorted(WRITE_ONLY):  # no show: cannot be opened for reading, root or not
        expect_output(ctx, f"cat {C}/a/{attr}", f"cat: {C}/a/{attr}: {EACCES}")


def test_rmdir_and_ls(ctx):
    expect_output(ctx, f"mkdir {C}/web {C}/db.2 {C}/Z_-9; ls {C}",
                  "Z_-9\na\ncommitted\ndb.2\ndescription\nweb")
    ids = [attr_number(ctx, n, "id") for n in ("a", "web", "db.2", "Z_-9")]
    assert len(set(ids)) == 4, f"ids not unique: {ids}"
    expect_output(ctx, f"rmdir {C}/web; echo $?; ls {C}", "0\nZ_-9\na\ncommitted\ndb.2\ndescription")
    expect_output(ctx, f"rmdir {C}/web; echo $?", f"rmdir: {C}/web: {ENOENT}\n1")
    expect_output(ctx, f"rmdir {C}/a {C}/db.2 {C}/Z_-9; echo $?", "0")
    expect_no_containers(ctx)


def test_mkdir_errors(ctx):
    run(ctx, f"mkdir {C}/a")
    expect_output(ctx, f"mkdir {C}/a; echo $?", f"mkdir: {C}/a: File exists\n1")
    for bad in ("'a b'", "'a!b'", "'a:b'", "'a*'", "0123456789012345678901234567890x"):
        shown = bad.strip("'")
        expect_output(ctx, f"mkdir {C}/{bad}; echo $?", f"mkdir: {C}/{shown}: {EINVAL}\n1")
    long_ok = "0123456789012345678901234567890"  # 31 characters: the longest name
    expect_output(ctx, f"mkdir {C}/{long_ok}; echo $?; rmdir {C}/{long_ok}", "0")
    # Items hold only attributes; attributes are neither made nor removed by hand.
    expect_output(ctx, f"mkdir {C}/a/b; echo $?", f"mkdir: {C}/a/b: Operation not permitted\n1")
    expect_output(ctx, f"rm {C}/a/id; echo $?", f"rm: {C}/a/id: Operation not permitted\n1")
    expect_output(ctx, f"echo x > {C}/a/new; echo $?", f"sh: {C}/a/new: {EACCES}\n1")
    expect_output(ctx, f"rmdir {C}/description; echo $?",
                  f"rmdir: {C}/description: Not a directory\n1")
    expect_output(ctx, f"ls {C}", "a\ncommitted\ndescription")
    run(ctx, f"rmdir {C}/a")


def names(first, last):
    """A sh loop's worth of container paths: $C/n<first> ... $C/n<last>, in a variable l."""
    return (f"l=; i={first}; while [ $i -le {last} ]; do l=\"$l $C/n$i\"; i=$((i+1)); done")


def test_512_containers_ids_reused(ctx):
    """512 containers live at once (DESIGN.md: the seed's maximum), the 513th finds no id
    (ENOSPC); removed ones leave holes that the next mkdirs fill, lowest id first; after
    they are all gone, ids start again at 1."""
    for first in range(1, 513, 32):  # mkdir takes many names: 16 processes, not 512
        expect_output(ctx, f"C={C}; {names(first, first + 31)}; mkdir $l; echo $?", "0",
                      timeout=LOOP_TIMEOUT)
    expect_output(ctx, f"ls {C} | grep -c '^n'", "512")
    expect_output(ctx, f"mkdir {C}/n513; echo $?", f"mkdir: {C}/n513: {ENOSPC}\n1")
    expect_output(ctx, f"ls {C} | grep -c n513", "0")
    expect_output(ctx, f"cat {C}/n1/id {C}/n300/id {C}/n512/id", "1\n300\n512")
    run(ctx, f"rmdir {C}/n300 {C}/n7 {C}/n511")
    expect_output(ctx, f"mkdir {C}/h1 {C}/h2 {C}/h3; cat {C}/h1/id {C}/h2/id {C}/h3/id",
                  "7\n300\n511")
    expect_output(ctx, f"mkdir {C}/h4; echo $?", f"mkdir: {C}/h4: {ENOSPC}\n1")
    run(ctx, f"rmdir {C}/h1 {C}/h2 {C}/h3; mkdir {C}/n300 {C}/n7 {C}/n511")
    expect_audit_ok(ctx)
    for first in range(1, 513, 32):
        expect_output(ctx, f"C={C}; {names(first, first + 31)}; rmdir $l; echo $?", "0",
                      timeout=LOOP_TIMEOUT)
    expect_output(ctx, f"mkdir {C}/x; cat {C}/x/id; rmdir {C}/x", "1")
    expect_no_containers(ctx)
    expect_audit_ok(ctx)


# ---- tasks ------------------------------------------------------------------------------

def test_move_the_shell(ctx):
    shell = run(ctx, "echo $$")
    run(ctx, f"mkdir {C}/m")
    expect_output(ctx, f"echo $$ > {C}/m/addtask; echo $?; cat /proc/$$/container", "0\nm")
    # showtasks lists the shell and the cat printing it, which was born inside.
    out = run(ctx, f"cat {C}/m/showtasks")
    pids = [int(p) for p in out.split("\n")]
    assert pids == sorted(pids) and pids[0] == int(shell) and len(pids) == 2, \
        f"showtasks {out!r} (shell {shell})"
    expect_output(ctx, "sh -c 'cat /proc/$$/container; cat /proc/self/container'", "m\nm")
    out = run(ctx, f"ps | grep '^ *{shell} '")
    assert re.fullmatch(rf"\s*{shell}\s+\d+\s+\S\s+m\s+.*", out), f"ps: {out!r}"
    expect_output(ctx, f"echo $$ > {C}/m/addtask; echo $?", "0")  # already there: nothing to do
    expect_output(ctx, f"cat {C}/m/num_tasks", "2")                # the shell and cat
    expect_output(ctx, f"echo $$ > {C}/m/rmtask; echo $?; cat /proc/$$/container", "0\n/")
    expect_output(ctx, f"cat {C}/m/num_tasks {C}/m/showtasks", "0")
    # pid 0 means the writer itself, as in cgroup.procs.
    expect_output(ctx, f"sh -c 'echo 0 > {C}/m/addtask; cat /proc/$$/container'", "m")
    expect_output(ctx, f"cat {C}/m/num_tasks", "0")  # that sh has exited
    expect_audit_ok(ctx)


def test_rmtask_moves_a_task_out(ctx):
    run(ctx, "sleep 60 & echo $! > /tmp/sleeper")
    expect_output(ctx, f"echo $(cat /tmp/sleeper) > {C}/m/addtask; cat /proc/$(cat /tmp/sleeper)/container",
                  "m")
    expect_output(ctx, f"cat {C}/m/showtasks", run(ctx, "cat /tmp/sleeper"))
    expect_output(ctx, f"echo $(cat /tmp/sleeper) > {C}/m/rmtask; cat /proc/$(cat /tmp/sleeper)/container",
                  "/")
    expect_output(ctx, f"cat {C}/m/num_tasks", "0")
    run(ctx, "kill $(cat /tmp/sleeper); wait")


def test_showtasks_ascending(ctx):
    """Tasks join in descending pid order; showtasks lists them ascending all the same."""
    run(ctx, "rm -f /tmp/sl; for n in 1 2 3 4 5; do sleep 60 & echo $! >> /tmp/sl; done")
    pids = [int(p) for p in run(ctx, "cat /tmp/sl").split()]
    assert len(pids) == 5 and pids == sorted(pids), f"sleepers {pids}"
    for pid in reversed(pids):
        expect_output(ctx, f"echo {pid} > {C}/m/addtask; echo $?", "0")
    expect_output(ctx, f"cat {C}/m/showtasks", "\n".join(str(p) for p in pids))
    expect_output(ctx, f"echo {pids[2]} > {C}/m/rmtask; cat {C}/m/showtasks",
                  "\n".join(str(p) for p in pids if p != pids[2]))
    expect_audit_ok(ctx)
    run(ctx, "kill $(cat /tmp/sl); wait; rm /tmp/sl")
    expect_output(ctx, f"cat {C}/m/num_tasks {C}/m/showtasks", "0")


def test_cexec(ctx):
    expect_output(ctx, "cexec m cat /proc/self/container; echo $?", "m\n0")
    expect_output(ctx, "cexec m sh -c 'exit 7'; echo $?", "7")
    expect_output(ctx, "cexec nope true; echo $?", "cexec: nope: no such container\n1")
    expect_output(ctx, "cexec ../m true; echo $?", "cexec: ../m: not a container name\n1")
    expect_output(ctx, "cexec m nosuchprogram; echo $?", f"cexec: nosuchprogram: {ENOENT}\n127")
    expect_output(ctx, "cexec 2>&1; echo $?",
                  "cexec: missing container name\nusage: cexec NAME CMD [ARG...]\n2")
    expect_output(ctx, "cexec m 2>&1; echo $?",
                  "cexec: missing command\nusage: cexec NAME CMD [ARG...]\n2")
    # addtask answers a full container with ENOSPC (a fork there gets EAGAIN):
    # cexec says which limit it met instead of "No space left on device".
    expect_output(ctx, f"echo 0 > {C}/m/task_limit; cexec m true; echo $?",
                  "cexec: cannot move into m: task_limit reached (0 of 0 tasks)\n1")
    expect_output(ctx, f"cat {C}/m/task_limit_hits; rmdir {C}/m", "1")


def test_task_limit_with_forkbomb(ctx):
    run(ctx, f"mkdir {C}/t; echo 3 > {C}/t/task_limit")
    # forkbomb itself is one task: two of its forks fit, eight fail with EAGAIN.
    run(ctx, "cexec t forkbomb -s 4 10 > /tmp/fb.out 2> /tmp/fb.err &")
    wait_until(ctx, "forkbomb's children", lambda: task_count(ctx, "t") == 3)
    samples = []
    for _ in range(5):
        expect_output(ctx, "echo alive", "alive")  # the system stays responsive
        samples.append(attr_number(ctx, "t", "num_tasks"))
    assert max(samples) <= 3, f"num_tasks went past task_limit 3: {samples}"
    run(ctx, "wait", timeout=60)
    expect_output(ctx, "cat /tmp/fb.out", "forkbomb: 2 of 10 forks succeeded")
    expect_output(ctx, "cat /tmp/fb.err",
                  "\n".join(["forkbomb: fork: Resource temporarily unavailable"] * 8))
    expect_output(ctx, f"cat {C}/t/task_limit_hits {C}/t/num_tasks", "8\n0")
    # A lower limit than the usage is allowed; `max` lifts it.
    expect_output(ctx, f"echo max > {C}/t/task_limit; cat {C}/t/task_limit", "max")
    expect_output(ctx, "cexec t forkbomb 10", "forkbomb: 10 of 10 forks succeeded")
    run(ctx, f"rmdir {C}/t")
    return f"num_tasks samples {samples}"


def test_addtask_into_a_full_container(ctx):
    run(ctx, f"mkdir {C}/f; echo 1 > {C}/f/task_limit; sleep 60 & echo $! > /tmp/s1; "
             f"sleep 60 & echo $! > /tmp/s2")
    expect_output(ctx, f"echo $(cat /tmp/s1) > {C}/f/addtask; echo $?", "0")
    expect_output(ctx, f"echo $(cat /tmp/s1) > {C}/f/addtask; echo $?", "0")  # inside already
    expect_output(ctx, f"echo $(cat /tmp/s2) > {C}/f/addtask; echo $?",
                  f"sh: {C}/f/addtask: {ENOSPC}\n1")
    expect_output(ctx, f"cat {C}/f/num_tasks {C}/f/task_limit_hits /proc/$(cat /tmp/s2)/container",
                  "1\n1\n/")
    run(ctx, f"kill $(cat /tmp/s1) $(cat /tmp/s2); wait; rmdir {C}/f")


# ---- pages ------------------------------------------------------------------------------

def test_memhog_counters(ctx):
    run(ctx, f"mkdir {C}/h")
    run(ctx, "cexec h memhog 200 -w > /tmp/mh.out & echo $! > /tmp/mh")
    anon = wait_until(ctx, "memhog's 200 pages",
                      lambda: (n := attr_number(ctx, "h", "num_anon_pages")) >= 200 and n)
    active = attr_number(ctx, "h", "num_active_pages")
    assert active >= 200, f"num_active_pages {active} with {anon} anon pages"
    stat = run(ctx, f"cat {C}/h/stat")
    assert re.search(r"^anon (\d+)$", stat, re.M), stat
    assert int(re.search(r"^pgfault (\d+)$", stat, re.M).group(1)) >= 200, stat
    run(ctx, "kill $(cat /tmp/mh); wait")
    after = attr_number(ctx, "h", "num_anon_pages")
    assert after <= 2, f"num_anon_pages {after} after memhog exited (was {anon})"
    expect_output(ctx, f"cat {C}/h/num_tasks", "0")
    return f"{anon} anon pages while memhog 200 ran, {after} after"


def test_filehog_counters(ctx):
    expect_output(ctx, "cexec h filehog /tmp/big 300 1", "filehog: wrote 300 pages to /tmp/big\n"
                  "filehog: read 300 pages 1 times", timeout=120)
    pages = attr_number(ctx, "h", "num_file_pages")
    assert 300 <= pages <= 302, f"num_file_pages {pages} for a 300-page file"
    expect_output(ctx, f"cat {C}/h/num_files", "1")
    stat = run(ctx, f"cat {C}/h/stat")
    assert re.search(rf"^file {pages}$", stat, re.M), stat
    expect_output(ctx, f"rm /tmp/big; cat {C}/h/num_file_pages {C}/h/num_files", "0\n0")
    run(ctx, f"rmdir {C}/h")
    return f"{pages} file pages"


def test_file_stays_with_its_creator(ctx):
    run(ctx, f"mkdir {C}/A {C}/B")
    run(ctx, "cexec A filehog /tmp/fa 20 1")
    expect_output(ctx, "cexec B cat /tmp/fa | wc -c; cexec B filehog /tmp/fa 20 0 > /dev/null",
                  "81920")
    expect_output(ctx, f"cat {C}/A/num_files {C}/A/num_file_pages {C}/B/num_files "
                       f"{C}/B/num_file_pages", "1\n20\n0\n0")
    # addfile moves the charge, rmfile gives it to the root.
    expect_output(ctx, f"echo /tmp/fa > {C}/B/addfile; cat {C}/A/num_file_pages "
                       f"{C}/B/num_file_pages {C}/B/num_files", "0\n20\n1")
    expect_output(ctx, f"cd /tmp; echo fa > {C}/B/rmfile; echo $?; cd /; "
                       f"cat {C}/B/num_file_pages {C}/B/num_files", "0\n0\n0")
    expect_audit_ok(ctx)
    run(ctx, f"rm /tmp/fa; rmdir {C}/A {C}/B")


def test_cow_page_charged_once(ctx):
    """A shell holding ~100 pages of text in a variable forks a subshell (the builtin
    `read` of a pipeline) that shares them copy-on-write: the container's anonymous
    count must grow by the few pages the subshell writes, not by the shared ones."""
    run(ctx, f"mkdir {C}/cow; filehog /tmp/cow 100 1 > /dev/null; rm -f /tmp/cow-ready")
    run(ctx, "cexec cow sh -c 'x=$(cat /tmp/cow); echo > /tmp/cow-ready; sleep 6; "
             "sleep 8 | read v' &")
    wait_until(ctx, "the shell's big variable",
               lambda: run(ctx, "ls /tmp/cow-ready 2>&1") == "/tmp/cow-ready"
               and task_count(ctx, "cow") == 2)
    alone = attr_number(ctx, "cow", "num_anon_pages")
    wait_until(ctx, "the pipeline", lambda: task_count(ctx, "cow") == 3, timeout=30)
    shared = attr_number(ctx, "cow", "num_anon_pages")
    run(ctx, "wait", timeout=60)
    assert alone >= 100, f"the shell holds only {alone} pages: the test proves nothing"
    assert shared - alone < 40, \
        f"fork added {shared - alone} pages to {alone}: shared pages charged twice?"
    run(ctx, f"rm /tmp/cow /tmp/cow-ready; rmdir {C}/cow")
    return f"{alone} anon pages before the fork, {shared} with the COW child"


# ---- bad input ----------------------------------------------------------------------------

def bad_write(ctx, attr, text, errno, check=None, want=None):
    """Write text (quoted for sh) to attr of container e: the errno comes back through sh,
    and `check` (an attribute) still reads `want`."""
    expect_output(ctx, f"echo {text} > {C}/e/{attr}; echo $?", f"sh: {C}/e/{attr}: {errno}\n1")
    if check:
        got = read_attr(ctx, "e", check)
        assert got == want, f"after writing {text} to {attr}, {check} reads {got!r} not {want!r}"


NUMBER_BAD = [("abc", EINVAL), ("''", EINVAL), ("' '", EINVAL), ("-1", EINVAL),
              ("+5", EINVAL), ("1.5", EINVAL), ("12abc", EINVAL), ("0x10", EINVAL),
              ("'1 2'", EINVAL), ("MAX", EINVAL), ("'max max'", EINVAL),
              ("4294967296", ERANGE), ("99999999999999999999", ERANGE)]


def test_bad_limits(ctx):
    run(ctx, f"mkdir {C}/e")
    for attr in ("page_limit", "task_limit"):
        expect_output(ctx, f"echo 123 > {C}/e/{attr}; cat {C}/e/{attr}", "123")
        for text, errno in NUMBER_BAD:
            bad_write(ctx, attr, text, errno, attr, "123")
        # Whitespace around a number is fine, so is no newline; `max` works.
        expect_output(ctx, f"echo '  77 ' > {C}/e/{attr}; cat {C}/e/{attr}", "77")
        expect_output(ctx, f"echo -n 78 > {C}/e/{attr}; cat {C}/e/{attr}", "78")
        expect_output(ctx, f"echo 0 > {C}/e/{attr}; cat {C}/e/{attr}", "0")
        expect_output(ctx, f"echo 4294967294 > {C}/e/{attr}; cat {C}/e/{attr}", "4294967294")
        expect_output(ctx, f"echo max > {C}/e/{attr}; cat {C}/e/{attr}", "max")
    for text in ("medium", "''", "Soft", "'soft hard'", "1"):
        bad_write(ctx, "limit_mode", text, EINVAL, "limit_mode", "soft")
    expect_output(ctx, f"echo hard > {C}/e/limit_mode; cat {C}/e/limit_mode", "hard")
    expect_output(ctx, f"echo ' soft ' > {C}/e/limit_mode; cat {C}/e/limit_mode", "soft")


def test_bad_task_moves(ctx):
    for attr in ("addtask", "rmtask"):
        for text, errno in NUMBER_BAD:
            bad_write(ctx, attr, text, errno, "showtasks", "")
        bad_write(ctx, attr, "99999", ESRCH, "num_tasks", "0")   # beyond the largest pid
        bad_write(ctx, attr, "32000", ESRCH, "num_tasks", "0")   # no such task
    bad_write(ctx, "rmtask", "$$", ESRCH, "num_tasks", "0")       # not in this container
    bad_write(ctx, "rmtask", "1", ESRCH, "num_tasks", "0")
    expect_output(ctx, "cat /proc/$$/container /proc/1/container", "/\n/")


def test_bad_file_moves(ctx):
    run(ctx, "echo data > /tmp/ef")
    for attr in ("addfile", "rmfile"):
        bad_write(ctx, attr, "/nope", ENOENT, "num_files", "0")
        bad_write(ctx, attr, "''", EINVAL, "num_files", "0")
        bad_write(ctx, attr, "/nope/x", ENOENT, "num_files", "0")
    bad_write(ctx, "addfile", "/tmp", EINVAL, "num_files", "0")      # a directory has no cache
    bad_write(ctx, "rmfile", "/tmp/ef", EINVAL, "num_files", "0")    # not charged here
    expect_output(ctx, f"echo /tmp/ef > {C}/e/addfile; cat {C}/e/num_files", "1")
    expect_output(ctx, f"rm /tmp/ef; cat {C}/e/num_files", "0")


def test_read_only_attributes(ctx):
    before = {a: read_attr(ctx, "e", a) for a in READ_ONLY}
    for attr in READ_ONLY:
        bad_write(ctx, attr, "1", EACCES)
    after = {a: read_attr(ctx, "e", a) for a in READ_ONLY}
    assert before == after, f"read-only attributes changed: {before} -> {after}"
    expect_output(ctx, f"echo x > {C}/description; echo $?", f"sh: {C}/description: {EACCES}\n1")
    expect_output(ctx, f"runas 1000 sh -c 'echo 1 > {C}/e/id'", f"sh: {C}/e/id: {EACCES}")
    run(ctx, f"rmdir {C}/e")
    expect_audit_ok(ctx)


# ---- lifetime ---------------------------------------------------------------------------

def make_and_remove_64(ctx, rounds):
    """Make l0..l63 and remove them, rounds times; print l0's and l63's ids each round."""
    out = run(ctx, f"C={C}; r=0; while [ $r -lt {rounds} ]; do i=0; "
                   "while [ $i -lt 64 ]; do mkdir $C/l$i; i=$((i+1)); done; "
                   "echo $(cat $C/l0/id $C/l63/id); i=0; "
                   "while [ $i -lt 64 ]; do rmdir $C/l$i; i=$((i+1)); done; "
                   "r=$((r+1)); done", timeout=LOOP_TIMEOUT)
    assert out == "\n".join(["1 64"] * rounds), f"ids per round: {out!r}"


def test_64_containers_10_times(ctx):
    expect_no_containers(ctx)
    make_and_remove_64(ctx, 1)  # warm kmalloc's caches up
    before = memfree_kb(ctx)
    make_and_remove_64(ctx, 10)
    after = memfree_kb(ctx)
    expect_no_containers(ctx)
    expect_output(ctx, f"mkdir {C}/x; cat {C}/x/id; rmdir {C}/x", "1")
    assert before - after <= 16, f"MemFree {before} kB before 10 rounds, {after} kB after"
    expect_audit_ok(ctx)
    return f"MemFree {before} kB before, {after} kB after"


def test_rmdir_with_a_running_memhog_and_an_open_file(ctx):
    run(ctx, f"mkdir {C}/r")
    run(ctx, "cexec r memhog 100 -w > /dev/null & echo $! > /tmp/rm-hog")
    run(ctx, "cexec r sh -c 'filehog /tmp/rfile 30 1 > /dev/null; sleep 60 < /tmp/rfile' & "
             "echo $! > /tmp/rm-sh")
    wait_until(ctx, "memhog and the open file",
               lambda: attr_number(ctx, "r", "num_anon_pages") >= 100
               and attr_number(ctx, "r", "num_file_pages") == 30 and task_count(ctx, "r") == 3)
    expect_output(ctx, f"rmdir {C}/r; echo $?", "0")
    expect_no_containers(ctx)
    # The tasks keep running, in the root container; the file's pages went with them.
    expect_output(ctx, "cat /proc/$(cat /tmp/rm-hog)/container /proc/$(cat /tmp/rm-sh)/container",
                  "/\n/")
    expect_output(ctx, "ps | grep -c 'memhog 100 -w$'", "1")
    expect_output(ctx, "wc -c < /tmp/rfile", "122880")
    expect_audit_ok(ctx)
    out = run(ctx, "containers")
    assert re.search(r"^/\s+0\s+\d+/max\s+(\d+)\s+(\d+)", out, re.M), out
    run(ctx, "kill $(cat /tmp/rm-hog) $(cat /tmp/rm-sh); wait; rm /tmp/rfile")
    expect_audit_ok(ctx)


# ---- delegation ---------------------------------------------------------------------------

def as_user(ctx, line, expected):
    """Run line (no single quotes in it) as uid 1000."""
    expect_output(ctx, f"runas 1000 sh -c '{line}'", expected)


def test_delegation(ctx):
    run(ctx, f"mkdir {C}/d {C}/jail")
    # Nothing is writable for a stranger; mkdir and rmdir need the subsystem directory.
    as_user(ctx, f"echo 5 > {C}/d/page_limit", f"sh: {C}/d/page_limit: {EACCES}")
    as_user(ctx, f"echo $$ > {C}/d/addtask", f"sh: {C}/d/addtask: {EACCES}")
    as_user(ctx, f"mkdir {C}/mine", f"mkdir: {C}/mine: {EACCES}")
    as_user(ctx, f"rmdir {C}/d", f"rmdir: {C}/d: {EACCES}")
    as_user(ctx, f"chown 1000 {C}/d/page_limit", f"chown: {C}/d/page_limit: Operation not permitted")
    expect_output(ctx, f"cat {C}/d/page_limit", "max")
    # Root delegates the directory and some of its files.
    run(ctx, f"chown 1000 {C}/d {C}/d/page_limit {C}/d/addtask {C}/d/rmtask")
    expect_output(ctx, f"ls -l {C}/d | grep -c ' user '", "3")
    as_user(ctx, f"echo 5000 > {C}/d/page_limit; cat {C}/d/page_limit", "5000")
    as_user(ctx, f"echo 5 > {C}/d/task_limit", f"sh: {C}/d/task_limit: {EACCES}")
    as_user(ctx, f"echo hard > {C}/d/limit_mode", f"sh: {C}/d/limit_mode: {EACCES}")
    expect_output(ctx, f"cat {C}/d/task_limit {C}/d/limit_mode", "100\nsoft")
    # Its own tasks may come in and go out again...
    as_user(ctx, f"echo $$ > {C}/d/addtask; cat /proc/$$/container; "
                 f"echo $$ > {C}/d/rmtask; cat /proc/$$/container", "d\n/")
    # ... but not another user's (root's shell, init): EACCES, nothing moves.
    as_user(ctx, f"echo 1 > {C}/d/addtask", f"sh: {C}/d/addtask: {EACCES}")
    expect_output(ctx, f"runas 1000 sh -c \"echo $$ > {C}/d/addtask\"",
                  f"sh: {C}/d/addtask: {EACCES}")
    run(ctx, f"cexec d sleep 60 & echo $! > /tmp/dsleep")
    expect_output(ctx, f"runas 1000 sh -c \"echo $(cat /tmp/dsleep) > {C}/d/rmtask\"",
                  f"sh: {C}/d/rmtask: {EACCES}")
    expect_output(ctx, f"cat /proc/$$/container /proc/1/container {C}/d/num_tasks", "/\n/\n1")
    run(ctx, "kill $(cat /tmp/dsleep); wait")
    # A task of the user that root confined in another container cannot leave it for
    # the delegated one (cgroup v2: the source needs write access too)...
    expect_output(ctx, f"cexec jail runas 1000 sh -c 'echo $$ > {C}/d/addtask; "
                       f"cat /proc/$$/container'", f"sh: {C}/d/addtask: {EACCES}\njail")
    # ... until root delegates jail's rmtask as well.
    run(ctx, f"chown 1000 {C}/jail/rmtask")
    expect_output(ctx, f"cexec jail runas 1000 sh -c 'echo $$ > {C}/d/addtask; "
                       f"cat /proc/$$/container'", "d")
    # Files: a delegate may move only files it owns.
    run(ctx, f"chown 1000 {C}/d/addfile; echo x > /tmp/rootfile")
    as_user(ctx, f"echo /tmp/rootfile > {C}/d/addfile", f"sh: {C}/d/addfile: {EACCES}")
    as_user(ctx, f"echo y > /tmp/userfile; echo /tmp/userfile > {C}/d/addfile; "
                 f"cat {C}/d/num_files", "1")
    run(ctx, f"rm /tmp/rootfile /tmp/userfile; rmdir {C}/d {C}/jail")
    expect_no_containers(ctx)
    expect_audit_ok(ctx)


def test_addfile_checks_the_inode_it_moves(ctx):
    """addfile looks the path up once and checks permission on the inode it moves: a
    delegate cannot move a file it does not own (EACCES, the charge stays), not even by
    racing a rename that puts that file under the name of one it owns."""
    run(ctx, f"mkdir {C}/d; chown 1000 {C}/d {C}/d/addfile")
    run(ctx, "filehog /tmp/secret 3 0 > /dev/null; chmod 600 /tmp/secret")
    as_user(ctx, "filehog /tmp/mine 1 0 > /dev/null; echo ok", "ok")
    as_user(ctx, "cat /tmp/secret", f"cat: /tmp/secret: {EACCES}")
    as_user(ctx, f"echo /tmp/secret > {C}/d/addfile", f"sh: {C}/d/addfile: {EACCES}")
    expect_output(ctx, f"cat {C}/d/num_files {C}/d/num_file_pages", "0\n0")
    # Root swaps the two names back and forth while the delegate writes the name of its
    # own file to addfile: whatever a write finds, it may only ever move the delegate's
    # one-page file, never the three pages of root's.
    run(ctx, "echo 'i=0; while [ $i -lt 40 ]; do mv /tmp/secret /tmp/x; "
             "mv /tmp/mine /tmp/secret; mv /tmp/x /tmp/mine; i=$((i+1)); done' > /tmp/swap.sh")
    run(ctx, f"echo 'i=0; while [ $i -lt 60 ]; do echo /tmp/mine > {C}/d/addfile; "
             "i=$((i+1)); done' > /tmp/add.sh")
    run(ctx, "sh /tmp/swap.sh > /dev/null 2>&1 &")
    expect_output(ctx, "runas 1000 sh /tmp/add.sh 2> /dev/null; echo done", "done", timeout=120)
    run(ctx, "wait", timeout=120)
    assert attr_number(ctx, "d", "num_file_pages") <= 1, "root's file was charged to d"
    assert attr_number(ctx, "d", "num_files") <= 1
    expect_audit_ok(ctx)
    run(ctx, f"rm -f /tmp/secret /tmp/mine /tmp/x /tmp/swap.sh /tmp/add.sh; rmdir {C}/d")
    expect_no_containers(ctx)


# ---- the tools, the demos, the audit -------------------------------------------------------

TABLE_UNITS = "page counts in 4 KiB pages"
TABLE_HEADER = (r"NAME\s+ID\s+TASKS/LIMIT\s+ANON\s+FILE\s+MAPPED\s+ACTIVE\s+"
                r"PAGE_LIMIT\s+MODE\s+HITS\(page/task\)\s+OOM\s+KERNEL\s+CPU%\s+IO_KiB/s")
CONTAINERS_USAGE = "usage: containers [-c] [-w SECONDS] | containers -a"
CSV_HEADER = ("time,name,id,tasks,task_limit,anon,file,mapped,active,swap,page_limit,mode,"
              "page_limit_hits,oom_kills,kernel,cpu_percent,io_kib_per_s")
# The last three columns of a named row: kernel pages, CPU% and I/O KiB/s (rates
# between two samples a quarter of a second apart).
RATES = r"\s+(\d+)\s+(\d+\.\d)\s+(\d+)"
CLEAR = "\x1b[H\x1b[2J"


def start_web_and_batch(ctx):
    """web (hard, 1000 pages) with a 50-page memhog waiting in it; batch (task_limit 3)."""
    run(ctx, f"mkdir {C}/web {C}/batch; echo 1000 > {C}/web/page_limit; "
             f"echo hard > {C}/web/limit_mode; echo 3 > {C}/batch/task_limit")
    run(ctx, "cexec web memhog 50 -w > /dev/null & echo $! > /tmp/th")
    wait_until(ctx, "memhog in web", lambda: attr_number(ctx, "web", "num_anon_pages") >= 50)


def stop_web_and_batch(ctx):
    run(ctx, f"kill $(cat /tmp/th); wait; rmdir {C}/web {C}/batch; rm /tmp/th")
    expect_no_containers(ctx)


def parse_csv(text):
    """containers -c's output, read as CSV: the header line and a dict per row."""
    table = list(csv.reader(io.StringIO(text)))
    header = table[0]
    for fields in table[1:]:
        assert len(fields) == len(header), f"CSV row {fields} has {len(fields)} fields"
    return ",".join(header), [dict(zip(header, fields)) for fields in table[1:]]


def test_containers_table(ctx):
    """The table says its unit, the root row first, then the named ones by name."""
    start_web_and_batch(ctx)
    out = run(ctx, "containers")
    lines = out.split("\n")
    assert lines[0] == TABLE_UNITS, lines[0]
    assert re.fullmatch(TABLE_HEADER, lines[1]), lines[1]
    assert re.fullmatch(r"/\s+0\s+\d+/max\s+\d+\s+\d+\s+\d+\s+\d+\s+max\s+-\s+-\s+-"
                        r"\s+-\s+\d+\.\d\s+-", lines[2]), f"root row: {lines[2]!r}"
    batch = re.fullmatch(r"batch\s+\d+\s+0/3\s+0\s+0\s+0\s+0\s+max\s+soft\s+0/0\s+0" + RATES,
                         lines[3])
    assert batch and batch.groups() == ("0", "0.0", "0"), f"batch row: {lines[3]!r}"
    web = re.fullmatch(r"web\s+\d+\s+1/100\s+(\d+)\s+0\s+0\s+(\d+)\s+1000\s+hard\s+0/0\s+0"
                       + RATES, lines[4])
    assert web and int(web.group(1)) >= 50, f"web row: {lines[4]!r}"
    assert len(lines) == 5, out
    stop_web_and_batch(ctx)


def test_containers_options(ctx):
    """-h/--help: usage on stdout, 0; a bad option or operand: why and usage on stderr, 2."""
    expect_output(ctx, "containers -h; echo $?", f"{CONTAINERS_USAGE}\n0")
    expect_output(ctx, "containers --help > /dev/null; echo $?", "0")
    expect_output(ctx, "containers -x 2>&1 > /dev/null; echo $?",
                  f"containers: invalid option -- 'x'\n{CONTAINERS_USAGE}\n2")
    expect_output(ctx, "containers -w 2> /dev/null; echo $?", "2")
    for bad in ["0", "-1", "1.5", "x", "99999999999"]:
        out = run(ctx, f"containers -w {bad} 2>&1 > /dev/null; echo $?")
        assert out.startswith("containers: -w: ") and out.endswith(f"{CONTAINERS_USAGE}\n2"), \
            f"-w {bad}: {out!r}"
    expect_output(ctx, "containers web 2>&1; echo $?",
                  f"containers: extra operand 'web'\n{CONTAINERS_USAGE}\n2")
    expect_output(ctx, "containers -a -c 2> /dev/null; echo $?", "2")


def test_containers_csv(ctx):
    """-c: a header, then one row per container (root first), all with one timestamp
    close to the guest's clock; the numbers are the table's, plus swap."""
    start_web_and_batch(ctx)
    now = int(run(ctx, "date +%s"))
    header, rows = parse_csv(run(ctx, "containers -c"))
    assert header == CSV_HEADER, header
    assert [r["name"] for r in rows] == ["/", "batch", "web"], rows
    times = {r["time"] for r in rows}
    assert len(times) == 1 and re.fullmatch(r"\d+\.\d{3}", times.pop()), rows
    assert abs(float(rows[0]["time"]) - now) < 30, (now, rows[0])
    root, batch, web = rows
    for r in rows:
        for key in ["id", "tasks", "anon", "file", "mapped", "active", "swap"]:
            assert r[key].isdigit(), f"{r['name']}: {key} = {r[key]!r}"
    assert (root["id"], root["task_limit"], root["page_limit"], root["mode"],
            root["page_limit_hits"], root["oom_kills"]) == ("0", "max", "max", "-", "-", "-"), root
    assert (batch["tasks"], batch["task_limit"], batch["anon"], batch["page_limit"],
            batch["mode"], batch["page_limit_hits"], batch["oom_kills"]) == \
        ("0", "3", "0", "max", "soft", "0", "0"), batch
    assert (web["tasks"], web["page_limit"], web["mode"], web["swap"]) == \
        ("1", "1000", "hard", "0"), web
    assert int(web["anon"]) >= 50, web
    assert web["id"] == run(ctx, f"cat {C}/web/id"), web
    assert (batch["kernel"], batch["cpu_percent"], batch["io_kib_per_s"]) == ("0", "0.0", "0"), batch
    assert web["kernel"].isdigit() and int(web["kernel"]) > 0, web  # memhog's stack, page tables
    assert (root["kernel"], root["io_kib_per_s"]) == ("-", "-"), root
    assert re.fullmatch(r"\d+\.\d", root["cpu_percent"]), root
    stop_web_and_batch(ctx)


def test_containers_watch_redraws(ctx):
    """-w 1 for a few seconds: the screen is cleared and the table drawn at least twice,
    each time under a timestamp line; SIGTERM ends it as the signal's death (143)."""
    expect_output(ctx, "containers -w 1 > /tmp/w & sleep 3; kill $!; wait $!; echo $?", "143")
    out = run(ctx, "cat /tmp/w")
    draws = out.split(CLEAR)
    assert draws[0] == "" and len(draws) >= 3, f"fewer than two redraws: {out!r}"
    for draw in draws[1:]:
        lines = draw.rstrip("\n").split("\n")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, every 1 s \(\^C stops\)",
                            lines[0]), lines[0]
        assert lines[1] == TABLE_UNITS and re.fullmatch(TABLE_HEADER, lines[2]), draw
        assert lines[3].startswith("/ "), draw
    run(ctx, "rm /tmp/w")


def test_containers_watch_stops_at_ctrl_c(ctx):
    m = ctx.machine
    m.sendline("containers -w 1")
    m.expect(r"every 1 s \(\^C stops\)\n")
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo status $?", "status 130")


def test_containers_csv_every_second(ctx):
    """-c -w 1: one header, then a row set per second with increasing timestamps."""
    run(ctx, f"mkdir {C}/plot")
    run(ctx, "containers -c -w 1 > /tmp/c & sleep 4; kill $!; wait")
    header, rows = parse_csv(run(ctx, "cat /tmp/c"))
    assert header == CSV_HEADER, header
    times = [float(r["time"]) for r in rows if r["name"] == "/"]
    assert len(times) >= 3, f"fewer than three samples: {rows}"
    assert [r["name"] for r in rows] == ["/", "plot"] * len(times), rows
    assert all(b - a >= 0.9 for a, b in zip(times, times[1:])), times
    assert all(float(r["time"]) == t for r, t in zip(rows, sorted(times * 2))), rows
    run(ctx, f"rm /tmp/c; rmdir {C}/plot")


def test_demo_scripts(ctx):
    """Every numbered /demo script runs to its end and shows what its comments promise
    (hardlimit.sh and isolation.sh need the disks: test_demo_limits.py)."""
    expect_output(ctx, "ls /demo", "1-create.sh\n2-tasklimit.sh\n3-move.sh\n4-counters.sh\n"
                  "5-delegate.sh\n6-free.sh\nREADME\nhardlimit.sh\nisolation.sh")
    checks = {
        "1-create.sh": [r"^page_limit = 500 \(unchanged\)$", r"Invalid argument",
                        r"^demo\s+\d+\s+0/100"],
        "2-tasklimit.sh": [r"^tasks inside: 3 \(task_limit 3\)$", r"^task_limit_hits = 8$",
                           r"^forkbomb: 2 of 10 forks succeeded$"],
        "3-move.sh": [r"^after addtask: box$", r"^after rmtask: /, box has 0 tasks$",
                      r"^box$"],
        "4-counters.sh": [r"^num_anon_pages   = 2\d\d ", r"^after it exits: num_anon_pages = 0$",
                          r"^num_files = 1, num_file_pages = 300$",
                          r"^after rm: num_file_pages = 0$"],
        "5-delegate.sh": [r"^page_limit 50, my container team$",
                          r"task_limit: Permission denied$", r"addtask: Permission denied$"],
        "6-free.sh": [r"^rmdir: 0$", r"now in container /$", r"^audit: ok$"],
    }
    for script, patterns in checks.items():
        out = run(ctx, f"sh /demo/{script}", timeout=120)
        for pattern in patterns:
            assert re.search(pattern, out, re.M), f"{script}: no {pattern!r} in:\n{out}"
        expect_no_containers(ctx)


def test_audit_at_the_end(ctx):
    expect_no_containers(ctx)
    expect_output(ctx, "cat /proc/container_audit", "audit: ok")
    expect_audit_ok(ctx)
