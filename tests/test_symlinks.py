"""
test_symlinks.py — symbolic links through the shell (issue 8): ln -s and ls -l's
arrow, reading and writing through a link, a link to a directory and cd through it,
readlink and readlink -f, rm and mv acting on the link and not its target, cp
following it, a loop ("Too many levels of symbolic links"), a dangling link, ln's
options and errors, and the links the initramfs brings (/bin/poweroff -> halt,
/etc/mtab -> ../proc/mounts).

All tests share one VM and run in order, in /tmp/s.  The system-call details
(readlink's truncation, O_NOFOLLOW, the *at calls, errno values) are usertests'
symlink.c; the lookup itself is fs/namei_test.c's.
"""

import re

import harness
from shell import PROMPT, expect_match, expect_output, run  # noqa: F401



def test_setup(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_output(ctx, "mkdir /tmp/s && cd /tmp/s && echo hello > f && pwd", "/tmp/s")


def test_ln_s_and_ls_long(ctx):
    expect_output(ctx, "ln -s f l; echo $?", "0")
    # The link's own mode (l, 0777) and size (its text's length), then the arrow.
    expect_match(ctx, "ls -l l", r"^lrwxrwxrwx +1 +root +root +1 .*\bl -> f$")
    expect_match(ctx, "ls -l", r"^lrwxrwxrwx .* l -> f$")
    expect_output(ctx, "ls l", "l")
    expect_output(ctx, "test -L l && echo link; test -L f || echo file", "link\nfile")


def test_read_and_write_through_link(ctx):
    expect_output(ctx, "cat l", "hello")
    expect_output(ctx, "echo more >> l; cat f", "hello\nmore")
    expect_output(ctx, "wc -l < l", "2")


def test_link_to_directory(ctx):
    expect_output(ctx, "mkdir d; echo inside > d/x; ln -s d ld; cat ld/x; ls ld", "inside\nx")
    expect_output(ctx, "cd ld && pwd && cat x && cd ..", "/tmp/s/d\ninside")
    expect_output(ctx, "ln -s ../f d/up; cat d/up; cat ld/up", "hello\nmore\nhello\nmore")
    # ".." climbs from where the link led: lq/.. is p, not /tmp/s.
    expect_output(ctx, "mkdir -p p/q; ln -s p/q lq; ls lq/..; rm lq; rm -r p", "q")
    expect_output(ctx, "rmdir ld; echo $?", "rmdir: ld: Not a directory\n1")


def test_readlink(ctx):
    expect_output(ctx, "readlink l; readlink d/up", "f\n../f")
    expect_output(ctx, "readlink f; echo $?", "1")  # not a link: no answer, no message
    expect_output(ctx, "readlink -f l; readlink -f ld/up; readlink -f ld/./x",
                  "/tmp/s/f\n/tmp/s/f\n/tmp/s/d/x")
    expect_output(ctx, "readlink -f nothere", "/tmp/s/nothere")  # the last may be missing
    expect_output(ctx, "readlink nothere; echo $?",
                  "readlink: nothere: No such file or directory\n1")
    expect_output(ctx, "readlink -h", "usage: readlink [-f] PATH...")


def test_cp_follows_mv_and_rm_do_not(ctx):
    expect_output(ctx, "cp l copy; cat copy; test -L copy || echo regular",
                  "hello\nmore\nregular")
    expect_output(ctx, "mv l l2; readlink l2; cat f", "f\nhello\nmore")
    expect_output(ctx, "rm l2; echo $?; cat f", "0\nhello\nmore")
    expect_output(ctx, "ls l2", "ls: l2: No such file or directory")
    expect_output(ctx, "rm ld; ls d", "up\nx")  # the directory stays


def test_loop_and_dangling(ctx):
    expect_output(ctx, "ln -s a b; ln -s b a; cat a; echo $?",
                  "cat: a: Too many levels of symbolic links\n1")
    expect_output(ctx, "cd a; echo $?", "sh: cd: a: Too many levels of symbolic links\n1")
    expect_output(ctx, "ln -s nowhere dg; cat dg; echo $?",
                  "cat: dg: No such file or directory\n1")
    expect_match(ctx, "ls -l dg", r" dg -> nowhere$")
    expect_output(ctx, "echo made > dg; cat nowhere", "made")  # creates what it names
    expect_output(ctx, "rm a b dg nowhere; echo $?", "0")


def test_ln_options_and_errors(ctx):
    expect_output(ctx, "ln -s f l; ln -s f l; echo $?", "ln: l: File exists\n1")
    expect_output(ctx, "ln -sf copy l; readlink l", "copy")
    expect_output(ctx, "ln -s -f f l; readlink l", "f")
    expect_output(ctx, "ln f hard; ls -l hard | grep -c '^-rw-r--r-- 2 '", "1")
    expect_output(ctx, "ln nothere h2; echo $?", "ln: nothere: No such file or directory\n1")
    expect_output(ctx, "ln d hd; echo $?", "ln: hd: Operation not permitted\n1")
    expect_output(ctx, "ln -s /tmp/s/f copy d; readlink d/f; readlink d/copy",
                  "/tmp/s/f\ncopy")
    expect_output(ctx, "ln -h; echo $?",
                  "usage: ln [-s] [-f] TARGET LINK | ln [-s] [-f] TARGET... DIR\n0")
    expect_output(ctx, "ln -x a b; echo $?",
                  "ln: invalid option -- 'x'\n"
                  "usage: ln [-s] [-f] TARGET LINK | ln [-s] [-f] TARGET... DIR\n2")
    expect_output(ctx, "ln f 2> err; echo $?; cat err; rm err",
                  "2\nln: missing link name after 'f'\n"
                  "usage: ln [-s] [-f] TARGET LINK | ln [-s] [-f] TARGET... DIR")


def test_initramfs_links(ctx):
    expect_match(ctx, "ls -l /bin/poweroff", r"^lrwxrwxrwx .* /bin/poweroff -> halt$")
    expect_output(ctx, "readlink /etc/mtab; readlink -f /etc/mtab", "../proc/mounts\n/proc/mounts")
    mtab, mounts = run(ctx, "cat /etc/mtab"), run(ctx, "cat /proc/mounts")
    assert mtab == mounts and " / " in mtab, f"/etc/mtab {mtab!r}, /proc/mounts {mounts!r}"
    # poweroff runs halt under its own name (test_utils.py boots one to see it stop).
    expect_output(ctx, "runas 1000 poweroff; echo $?",
                  "poweroff: reboot: Operation not permitted\n1")


def test_cleanup(ctx):
    expect_output(ctx, "cd / && rm -r /tmp/s; ls -d /tmp/s",
                  "ls: /tmp/s: No such file or directory")
