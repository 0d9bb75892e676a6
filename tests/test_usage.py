"""
test_usage.py — the usage convention (user/README.md, lib/usage.c) for every program in
/bin, listed at run time so that programs added later are checked too:

    PROG --help             "usage: PROG ..." on stdout, nothing on stderr, status 0
    PROG -h                 the same (but free and grep, whose -h is GNU's)
    PROG --no-such-option   nothing on stdout; "PROG: ..." then "usage: PROG ..." on
                            stderr; status 2
    and neither creates a file (mkdir --help once made a directory "--help").

Each program runs in an empty directory of its own, with /dev/null as its input.  The
programs are walked in batches, one shell line each, whose output is parsed here: a
round trip per program would be slower than the programs.
"""

import re

import harness
from shell import PROMPT, expect_output, run

# Programs that are not checked, and why.
SKIP = {
    "busybox": "Debian's busybox, not ours: `busybox --help` is its applet list",
    "true": "POSIX: true ignores its arguments, --help too",
    "false": "POSIX: false ignores its arguments, --help too",
}
# echo prints what it is given (POSIX); only a lone --help prints the usage (GNU).
PRINTS_OPTIONS = {"echo"}
# -h means something else here (GNU's meaning): only --help prints the usage.
OWN_H = {"free", "grep"}
# Programs being converted by other work: checked and reported, not failed yet.  Take a
# name out of here once its program follows the convention.
PENDING = set()

BATCH = 12  # programs per shell line (a typed line must stay under 1 KiB)
WORKDIR = "/tmp/walk"


def walk(ctx, programs):
    """Run the three checks for each program; return {name: record}."""
    body = ("mkdir w; cd w; "
            "/bin/$p --help < /dev/null > ../o1 2> ../e1; a=$?; "
            "/bin/$p --no-such-option < /dev/null > ../o2 2> ../e2; b=$?; "
            "/bin/$p -h < /dev/null > ../o3 2> /dev/null; c=$?; cd ..; "
            'echo "== $p $a $b $c $(ls -a w | wc -l) $(wc -c < e1) $(wc -c < o2)"; '
            "head -n 1 o1; echo '--'; head -n 2 e2; echo '--'; head -n 1 o3; rm -r w")
    records = {}
    for start in range(0, len(programs), BATCH):
        names = " ".join(programs[start:start + BATCH])
        out = run(ctx, f"for p in {names}; do {body}; done", timeout=120)
        for block in out.split("== ")[1:]:
            head, *rest = block.split("\n")
            name, help_status, bad_status, h_status, files, help_err, bad_out = head.split()
            parts = "\n".join(rest).split("--\n")
            records[name] = {
                "help": (int(help_status), parts[0].strip("\n"), int(help_err)),
                "bad": (int(bad_status), parts[1].strip("\n"), int(bad_out)),
                "h": (int(h_status), parts[2].strip("\n") if len(parts) > 2 else ""),
                "files": int(files) - 2,  # ls -a lists . and ..
            }
    return records


def problems_of(name, r):
    """What is wrong with one program's record; [] if it follows the convention."""
    found = []
    status, first, err_bytes = r["help"]
    if status != 0 or not first.startswith(f"usage: {name}") or err_bytes:
        found.append(f"--help: status {status}, stdout {first!r}, {err_bytes} bytes on stderr")
    status, err, out_bytes = r["bad"]
    lines = err.split("\n")
    if name in PRINTS_OPTIONS:
        if status != 0:
            found.append(f"--no-such-option: status {status}, expected 0 (it prints it)")
    elif (status != 2 or out_bytes or len(lines) < 2 or not lines[0].startswith(f"{name}: ")
          or not lines[1].startswith(f"usage: {name}")):
        found.append(f"--no-such-option: status {status}, stderr {err!r}, "
                     f"{out_bytes} bytes on stdout")
    status, first = r["h"]
    if name not in OWN_H | PRINTS_OPTIONS and (status != 0 or not first.startswith(f"usage: {name}")):
        found.append(f"-h: status {status}, stdout {first!r}")
    if r["files"]:
        found.append(f"left {r['files']} files in its directory")
    return found


def test_every_program(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    programs = run(ctx, "ls /bin").split("\n")
    assert "ls" in programs and "cat" in programs, f"ls /bin printed {programs!r}"
    checked = [p for p in programs if p not in SKIP]
    run(ctx, f"mkdir {WORKDIR}; cd {WORKDIR}")
    records = walk(ctx, checked)
    missing = [p for p in checked if p not in records]
    assert not missing, f"no record for {missing}"
    failures, pending = [], []
    for name in checked:
        found = problems_of(name, records[name])
        if found and name in PENDING:
            pending.append(name)
        elif found:
            failures.append(f"{name}: " + "; ".join(found))
    assert not failures, "programs that do not follow the usage convention:\n" + \
        "\n".join(failures)
    expect_output(ctx, f"ls -a {WORKDIR}", ".\n..\ne1\ne2\no1\no2\no3")
    done = [p for p in PENDING if p in records and p not in pending]
    note = f"; pending: {', '.join(pending)}" if pending else ""
    note += f"; {', '.join(done)} now follow (take them out of PENDING)" if done else ""
    return f"{len(checked)} programs follow it, {len(SKIP)} skipped{note}"


def test_options_after_operands(ctx):
    """GNU's order: options may follow operands; "--" ends them."""
    run(ctx, f"cd {WORKDIR}; echo one > f; echo two >> f")
    expect_output(ctx, "head f -n 1", "one")
    expect_output(ctx, "grep two f -c", "1")
    expect_output(ctx, "wc f -l", "2 f")
    expect_output(ctx, "forkbomb 3 -s 1", "forkbomb: 3 of 3 forks succeeded")
    expect_output(ctx, "echo x > -n; cat -- -n; rm -- -n; ls", "x\ne1\ne2\nf\no1\no2\no3")
    # Programs that run a command stop at it: the rest is the command's.
    expect_output(ctx, "env -i /bin/echo -x", "-x")
    expect_output(ctx, "runas 1000 ls -d /tmp", "/tmp")


def test_missing_operand_is_a_usage_error(ctx):
    for prog, what in (("mkdir", "missing operand"), ("cp", "missing file operand"),
                       ("head -n", "option requires an argument -- 'n'"),
                       ("tail -n x", "invalid number of lines: 'x'"),
                       ("/bin/kill", "missing process id"), ("runas 1000", "missing command"),
                       ("which", "missing NAME"), ("sleep", "missing operand")):
        name = prog.split()[0].rsplit("/", 1)[-1]  # /bin/kill: not the shell's builtin
        out = run(ctx, f"{prog} < /dev/null 2>&1 > /dev/null; echo $?")
        assert re.fullmatch(rf"{name}: {re.escape(what)}\nusage: {name} .*(\n.*)*\n2", out), \
            f"{prog}: {out!r}"


def test_echo_prints_its_options(ctx):
    expect_output(ctx, "/bin/echo --help | head -n 1", "usage: echo [-n] [STRING...]")
    expect_output(ctx, "/bin/echo --help me; /bin/echo -x; /bin/echo -n a; /bin/echo",
                  "--help me\n-x\na")
    expect_output(ctx, "/bin/true --help; echo $?; /bin/false --help; echo $?", "0\n1")
