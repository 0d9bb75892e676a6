"""
test_shell.py — /bin/sh on the serial console (DESIGN.md section 6): quoting, lists,
pipelines, redirections, variables, arithmetic, control flow, builtins, scripts, its
error messages and exit statuses, and ctrl-C without job control.

All tests share one VM and run in order; each leaves the shell at its prompt.  Files
go under /tmp/sh.  The same behaviours are checked against Linux on the host by
user/tests/host-check.sh; here they run on Corral's own kernel.
"""

import re

import harness
from shell import PROMPT, expect_output, run  # noqa: F401



def test_prompt(ctx):
    """Boot ends at root's prompt, at the start of a line."""
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    expect_output(ctx, "mkdir -p /tmp/sh; cd /tmp/sh; pwd", "/tmp/sh")


def test_echo_and_quotes(ctx):
    expect_output(ctx, "echo hello   world", "hello world")
    expect_output(ctx, "echo 'a  b' \"c  d\" e\\ f 'it''s' \"\\$x \\\"q\\\"\" ''",
                  'a  b c  d e f its $x "q" ')
    expect_output(ctx, "echo -n no; echo line", "noline")


def test_comments(ctx):
    expect_output(ctx, "echo a # not printed", "a")
    expect_output(ctx, "# a whole line of comment", "")
    expect_output(ctx, "echo b#c", "b#c")


def test_lists(ctx):
    expect_output(ctx, "echo 1; echo 2 ; echo 3", "1\n2\n3")
    expect_output(ctx, "true && echo a || echo b; false && echo c || echo d", "a\nd")
    expect_output(ctx, "false || false || echo e; true && false; echo $?", "e\n1")


def test_exit_status(ctx):
    expect_output(ctx, "true; echo $?; false; echo $?", "0\n1")
    expect_output(ctx, "sh -c 'exit 3'; echo $?", "3")
    expect_output(ctx, "! true; echo $?; ! false; echo $?", "1\n0")


def test_pipelines(ctx):
    expect_output(ctx, "echo hello | cat | cat | cat | wc -c", "6")
    expect_output(ctx, "echo a b c | wc -w", "3")
    expect_output(ctx, "true | false; echo $?; false | true; echo $?", "1\n0")
    # A long pipeline: every stage is its own process, all joined by pipes.
    expect_output(ctx, "echo x | cat | cat | cat | cat | cat | cat | cat | cat | grep -c x", "1")
    expect_output(ctx, "ls /bin | grep -c '^sh$'", "1")


def test_redirections(ctx):
    expect_output(ctx, "echo x > f; echo y >> f; cat < f; wc -l < f", "x\ny\n2")
    expect_output(ctx, "echo z > f; cat f", "z")
    expect_output(ctx, "ls /nope 2> err; echo $?; cat err",
                  "1\nls: /nope: No such file or directory")
    expect_output(ctx, "ls /nope > both 2>&1; cat both", "ls: /nope: No such file or directory")
    expect_output(ctx, "ls /nope 2>/dev/null; echo $?", "1")
    expect_output(ctx, "sh -c 'echo to-stderr >&2' 2>&1 | cat", "to-stderr")


def test_redirection_errors(ctx):
    expect_output(ctx, "cat < /nope; echo $?", "sh: /nope: No such file or directory\n1")
    expect_output(ctx, "echo hi > /nope/x; echo $?", "sh: /nope/x: No such file or directory\n1")


def test_not_found(ctx):
    expect_output(ctx, "nope; echo $?", "sh: nope: not found\n127")
    expect_output(ctx, "/nope; echo $?", "sh: /nope: No such file or directory\n127")
    expect_output(ctx, "echo x > notexec; chmod 644 notexec; ./notexec; echo $?",
                  "sh: ./notexec: Permission denied\n126")


def test_killed_by_signal(ctx):
    """128 + N for a command killed by signal N, and the signal's name said."""
    expect_output(ctx, "sh -c 'kill -9 $$'; echo $?", "Killed\n137")
    expect_output(ctx, "sh -c 'kill $$'; echo $?", "Terminated\n143")


def test_special_parameters(ctx):
    pid = run(ctx, "echo $$")
    assert re.fullmatch(r"\d+", pid), f"$$ is {pid!r}"
    ps = run(ctx, f"ps | grep '^ *{pid} '")
    assert re.search(rf"^\s*{pid}\s+1\s+\S+\s+/\s+/bin/sh$", ps, re.M), \
        f"$$ = {pid} is not the shell (a child of init) in ps: {ps!r}"
    expect_output(ctx, "sh -c 'echo $0 $1 $#' zero one", "zero one 1")


def test_variables(ctx):
    expect_output(ctx, "x=1; y=\"$x 2\"; echo \"$y\" ${x}0 [$unset]", "1 2 10 []")
    expect_output(ctx, "echo ${u:-def} ${x:+alt} ${#y} ${z:=set} $z", "def alt 3 set set")
    expect_output(ctx, "v='a  b'; echo $v; echo \"$v\"", "a b\na  b")


def test_export(ctx):
    expect_output(ctx, "export A=1; sh -c 'echo $A'", "1")
    expect_output(ctx, "B=2 sh -c 'echo $B'; echo [$B]", "2\n[]")
    expect_output(ctx, "C=3; sh -c 'echo [$C]'; export C; sh -c 'echo [$C]'", "[]\n[3]")
    out = run(ctx, "env | grep '^A='")
    assert out == "A=1", f"env does not show the exported A: {out!r}"


def test_arithmetic(ctx):
    expect_output(ctx, "a=5; echo $((1+2*3)) $(( (1+2)*3 )) $((7/2)) $((7%3)) $((-3+1))",
                  "7 9 3 1 -2")
    expect_output(ctx, "echo $((a*2)) $(($a+1)) $((1<2)) $((2>=3)) $((2==2)) $((1!=1))",
                  "10 6 1 0 1 0")
    expect_output(ctx, "i=0; i=$((i+1)); i=$((i+1)); echo $i", "2")
    expect_output(ctx, "echo $((i+=3)) $i $((j=2*3)) $j", "5 5 6 6")
    expect_output(ctx, "echo $((1/0)); echo $?", "sh: arithmetic: 1/0: division by zero\n2")
    # Errors name the expression and where in it they were found.
    expect_output(ctx, "echo $((3 $ 4)); echo $?", 'sh: arithmetic: 3 $ 4: syntax error at "$ 4"\n2')
    expect_output(ctx, "echo $((1+)); echo $?", "sh: arithmetic: 1+: missing operand\n2")
    expect_output(ctx, "echo $((2**8)) $((2**3**2)) $((-2**2)) $((2**-1))",
                  "sh: arithmetic: 2**-1: exponent less than 0")
    expect_output(ctx, "echo $((2**8)) $((2**3**2)) $((-2**2)) $((7*2**2))", "256 512 4 28")


def test_command_substitution(ctx):
    expect_output(ctx, "x=$(echo hi); echo \"[$x]\" `echo bq` $(echo $(echo nested))",
                  "[hi] bq nested")
    expect_output(ctx, "n=$(ls /bin | wc -l); [ $n -gt 20 ] && echo many", "many")


def test_read(ctx):
    expect_output(ctx, "echo 'x y z' | { read a b; echo \"$a|$b\"; }", "x|y z")
    expect_output(ctx, "echo 1 > r; echo 2 >> r; while read l; do echo got $l; done < r",
                  "got 1\ngot 2")


def test_if(ctx):
    expect_output(ctx, "for n in 1 2 3; do if [ $n = 1 ]; then echo one; "
                       "elif [ $n = 2 ]; then echo two; else echo other; fi; done",
                  "one\ntwo\nother")


def test_while_and_for(ctx):
    expect_output(ctx, "i=0; while [ $i -lt 3 ]; do echo i=$i; i=$((i+1)); done",
                  "i=0\ni=1\ni=2")
    expect_output(ctx, "for w in one 'two three' four; do echo \"<$w>\"; done",
                  "<one>\n<two three>\n<four>")
    expect_output(ctx, "for a in 1 2 3 4; do [ $a = 2 ] && continue; [ $a = 4 ] && break; "
                       "echo $a; done", "1\n3")
    expect_output(ctx, "for i in 1 2 3; do echo $i; done > loop; wc -l < loop", "3")


def test_multiline_command(ctx):
    """An unfinished command asks for more with PS2 ("> ") and runs when complete."""
    m = ctx.machine
    m.sendline("if true")
    m.expect(r"^> ")
    m.sendline("then echo multi")
    m.expect(r"^> ")
    m.sendline("fi")
    m.expect(r"^multi$")
    m.expect_prompt(prompt=PROMPT)


def test_test_builtin(ctx):
    expect_output(ctx, "echo x > tf; [ -e tf ] && [ -f tf ] && [ ! -d tf ] && echo file", "file")
    expect_output(ctx, "[ -d /tmp ] && test -e /bin/sh && echo dir", "dir")
    expect_output(ctx, "[ -z '' ] && [ -n x ] && [ abc = abc ] && [ a != b ] && echo strings",
                  "strings")
    expect_output(ctx, "[ 1 -eq 1 ] && [ 1 -ne 2 ] && [ 1 -lt 2 ] && [ 2 -le 2 ] && "
                       "[ 3 -gt 2 ] && [ 3 -ge 3 ] && echo numbers", "numbers")
    expect_output(ctx, "[ 3 -lt 2 ]; echo $?; [ ! 3 -lt 2 ]; echo $?", "1\n0")
    expect_output(ctx, "[ 1 = 1; echo $?", "sh: [: missing ]\n2")
    expect_output(ctx, "[ abc -eq 1 ]; echo $?", "sh: test: abc: bad number\n2")


def test_cd(ctx):
    expect_output(ctx, "cd /; pwd; cd /tmp/sh; pwd", "/\n/tmp/sh")
    expect_output(ctx, "cd /nope; echo $?; pwd", "sh: cd: /nope: No such file or directory\n1\n/tmp/sh")
    expect_output(ctx, "(cd /; pwd); pwd", "/\n/tmp/sh")


def test_glob(ctx):
    expect_output(ctx, "mkdir g; cd g; echo > b.txt; echo > a.txt; echo > c.log; "
                       "echo *.txt; echo *.none; echo ?.log; cd ..",
                  "a.txt b.txt\n*.none\nc.log")
    expect_output(ctx, "echo /bin/ec*", "/bin/echo")


def test_background_and_wait(ctx):
    expect_output(ctx, "sleep 1 & p=$!; [ $p -gt 0 ] && echo pid; wait $p; echo waited $?",
                  "pid\nwaited 0")
    expect_output(ctx, "sh -c 'exit 5' & wait $!; echo $?", "5")
    expect_output(ctx, "sleep 1 & sleep 1 & wait; echo all done", "all done")


def test_scripts(ctx):
    expect_output(ctx, "echo 'echo script $1 $#; exit 4' > s.sh; sh s.sh arg; echo $?",
                  "script arg 1\n4")
    expect_output(ctx, "sh /nope.sh; echo $?", "sh: /nope.sh: No such file or directory\n127")
    expect_output(ctx, "sh -c 'echo in -c; false'; echo $?", "in -c\n1")
    # A file that is not ELF (no #! either): execve says ENOEXEC; the shell runs it.
    expect_output(ctx, "echo 'echo from script $1; exit 3' > s2; chmod 755 s2; ./s2 a; echo $?",
                  "from script a\n3")
    expect_output(ctx, "sh -c 'if true; then echo x'; echo $?",
                  "sh: syntax error: unexpected end of file\n2")


def test_rc_ran(ctx):
    """init ran /etc/rc before the first shell: /proc is mounted."""
    expect_output(ctx, "grep -c ' /proc proc ' /proc/mounts", "1")


def test_ctrl_c_interrupts_foreground(ctx):
    m = ctx.machine
    m.sendline("sleep 100")
    m.expect(r"sleep 100$")
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo status $?", "status 130")


def test_ctrl_c_abandons_typed_line(ctx):
    m = ctx.machine
    m.send("echo never printed")
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    out = run(ctx, "echo after")
    assert out == "after", f"after ^C on a half-typed line: {out!r}"
    assert "never printed\n" not in m.output, "the abandoned line ran"


def test_ctrl_c_right_after_the_prompt(ctx):
    """A ^C that lands while the shell goes from printing the prompt to reading
    (sent the moment the prompt shows) still gives a new prompt at once."""
    m = ctx.machine
    for i in range(30):
        m.send(f"echo late {i}\x03")
        m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo after", "after")
    assert "late 3\n" not in m.output, "an abandoned line ran"


def test_ctrl_c_stops_a_builtin_loop(ctx):
    m = ctx.machine
    m.sendline("while true; do :; done")
    m.expect(r"done$")
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo still alive", "still alive")


def test_background_ignores_ctrl_c(ctx):
    """Without job control, & commands ignore SIGINT: ^C only stops the foreground."""
    pid = run(ctx, "sleep 300 & echo $!")
    assert re.fullmatch(r"\d+", pid), f"$! is {pid!r}"
    m = ctx.machine
    m.sendline("sleep 100")
    m.expect(r"sleep 100$")
    m.send("\x03")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, f"kill -0 {pid} && echo alive", "alive")
    expect_output(ctx, f"kill {pid}; wait {pid}; echo $?", "143")


def test_user_prompt(ctx):
    """Another user's interactive shell prompts "$ "; exit returns to root's."""
    m = ctx.machine
    m.sendline("runas 1000 sh")
    m.expect(r"^\$ ")
    m.sendline("echo uid-shell")
    m.expect(r"^uid-shell$")
    m.expect(r"^\$ ")
    m.sendline("exit")
    m.expect_prompt(prompt=PROMPT)
    expect_output(ctx, "echo back", "back")


def test_exit_respawns_shell(ctx):
    """exit ends the login shell; init starts a new one on the console."""
    old = run(ctx, "echo $$")
    m = ctx.machine
    m.sendline("exit")
    m.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    new = run(ctx, "echo $$")
    assert new != old and re.fullmatch(r"\d+", new), f"shell pid {old} -> {new}"
    return f"shell {old} -> {new}"
