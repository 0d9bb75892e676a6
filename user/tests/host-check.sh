#!/bin/sh
# host-check.sh BIN — check Corral's sh and utilities on a Linux host.
#
# Corral's programs are static i386 Linux binaries (DESIGN.md section 6), so a
# Linux host runs them as they are, with Linux as the reference kernel.  This
# script builds nothing: BIN is the folder make put them in (for example
# build/user/bin, or /tmp/user-build/user/bin after make BUILD=/tmp/user-build).
#
# Each check runs a command line with BIN's sh, in a fresh temporary folder,
# with PATH=BIN only, and compares stdout+stderr (and often the status) with
#   - the expected text written here (check), or
#   - what the host's own /bin/sh and utilities print for the same line (same),
#     where Linux's tools use the same format.
# The last line is "N passed, N failed"; the exit status is 1 on any failure.
#
# Safe on a development machine: files only under a temporary folder (removed
# at the end), at most a few MiB of memory, 5 forks, no signals but to the
# checks' own children, never halt, poweroff, mount or umount of anything real.

set -u

if [ $# -ne 1 ] || [ ! -x "$1/sh" ]; then
	echo "usage: host-check.sh BIN   (the folder with the built sh, ls, cat, ...)" >&2
	exit 2
fi
BIN=$(cd "$1" && pwd)
T=$(mktemp -d /tmp/corral-host-check.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
passed=0
failed=0

# Runs a command line with Corral's sh and utilities, in a clean work folder.
ours() {
	rm -rf "$T/w" && mkdir "$T/w" && chmod 777 "$T/w"
	(cd "$T/w" && env -i PATH="$BIN" HOME="$T/w" "$BIN/sh" -c "$1" 2>&1)
}

# The same with the host's shell and tools: the reference.
linux() {
	rm -rf "$T/w" && mkdir "$T/w" && chmod 777 "$T/w"
	(cd "$T/w" && env -i PATH=/usr/bin:/bin HOME="$T/w" LC_ALL=C /bin/sh -c "$1" 2>&1)
}

report() { # NAME OK EXPECTED GOT
	if [ "$2" = 1 ]; then
		passed=$((passed + 1))
		echo "PASS $1"
	else
		failed=$((failed + 1))
		echo "FAIL $1"
		echo "  expected: $(printf '%s' "$3" | sed 's/^/  | /' | sed '1s/^  //')"
		echo "  got:      $(printf '%s' "$4" | sed 's/^/  | /' | sed '1s/^  //')"
	fi
}

# check NAME EXPECTED COMMAND: our output must be EXPECTED (escapes: \n).
check() {
	expected=$(printf '%b' "$2")
	got=$(ours "$3")
	[ "$got" = "$expected" ] && ok=1 || ok=0
	report "$1" $ok "$expected" "$got"
}

# same NAME COMMAND: our output must be what Linux prints.
same() {
	expected=$(linux "$2")
	got=$(ours "$2")
	[ "$got" = "$expected" ] && ok=1 || ok=0
	report "$1" $ok "$expected" "$got"
}

# ---- the shell: same output as the host's /bin/sh -----------------------------

same sh.echo 'echo hello world; echo -n no; echo newline'
same sh.quotes "echo 'a  b' \"c  d\" e\\ f 'it''s' \"\\\$x \\\"q\\\"\" ''"
same sh.variables 'x=1; y="$x 2"; echo "$y" ${x}0 [$u] ${u:-def} ${x:+alt} ${#y} ${z:=set} $z'
same sh.arithmetic 'a=5; echo $((1+2*3)) $(( (1+2)*3 )) $((7/2)) $((7%3)) $((-3+1)) $((a*2)) $(($a+1)) $((0x10)) $((010))'
same sh.arith_compare 'echo $((1<2)) $((2<=1)) $((3>2)) $((2>=3)) $((2==2)) $((2!=2)) $((1&&0)) $((0||3)) $((!0)) $((5&3)) $((5|3)) $((5^3)) $((1<<4)) $((1?7:8))'
same sh.arith_assign 'x=5; echo $((x+=2)) $x; echo $((y=3*2)) $y $((x*=2)) $((x/=7)) $((x%=1)) $x; echo $((z=w=4)) $z $w $((0&&(q=9))) [$q]'
same sh.sequence 'echo 1; echo 2 ; echo 3'
same sh.and_or 'true && echo a || echo b; false && echo c || echo d; false || false || echo e; true && false; echo $?'
same sh.if 'for n in 1 2 3; do if [ $n = 1 ]; then echo one; elif [ $n = 2 ]; then echo two; else echo other; fi; done'
same sh.while 'i=0; while [ $i -lt 3 ]; do echo i=$i; i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i'
same sh.break_continue 'for a in 1 2 3 4; do [ $a = 2 ] && continue; [ $a = 4 ] && break; echo $a; done; for x in a b; do for y in 1 2 3; do [ $y = 2 ] && continue 2; [ $x = b ] && break 2; echo $x$y; done; done; echo end'
same sh.for_words 'for w in one "two three" four; do echo "<$w>"; done; for w in; do echo never; done; echo ok'
same sh.multiline 'if true
then
  echo yes
fi
for i in a b
do
  echo $i
done'
same sh.pipeline 'echo hello | cat | cat | wc -c; echo a b c | wc -w; echo x | false | true; echo $?'
same sh.pipeline_status 'true | false; echo $?; false | true; echo $?; ! true; echo $?; ! false; echo $?'
same sh.redirections 'echo x > f; echo y >> f; cat < f; wc -l < f; cat f > g; cat g; echo z 1>>g; cat g'
same sh.stderr_redirect 'sh -c "echo out; echo err 1>&2" 2>/dev/null; sh -c "echo err 1>&2" 2>e; cat e; sh -c "echo o; echo e >&2" > both 2>&1; cat both'
same sh.fd_dup 'sh -c "echo to2 >&2" 2>&1 | cat; echo x 2>&1 >/dev/null'
same sh.special_params 'sh -c "exit 3"; echo $?; echo $$ | grep -c "^[0-9][0-9]*\$"; sh -c "echo \$0 \$1 \$#" zero one'
same sh.background 'sleep 0.1 & p=$!; [ "$p" -gt 0 ] && echo has_pid; wait $p; echo waited $?; sh -c "exit 5" & wait $!; echo $?'
same sh.wait_all 'sleep 0.2 & sleep 0.1 & wait; echo all done'
same sh.export 'export A=1; sh -c "echo \$A"; B=2 sh -c "echo \$B"; echo [$B]; C=3; sh -c "echo [\$C]"; export C; sh -c "echo [\$C]"'
same sh.command_subst 'x=$(echo hi); echo "[$x]" `echo bq` "$(echo a; echo b)" $(echo $(echo nested)); y=$(false); echo $?'
same sh.params 'set -- a "b c" d; echo $#; for i in "$@"; do echo "<$i>"; done; for i in $*; do echo "($i)"; done; echo "$*"; shift; echo $1'
same sh.comments 'echo a # comment
# a whole line
echo b#c'
same sh.test 'd=/; [ -e / ] && echo e; [ -d "$d" ] && echo d; [ -f / ] || echo notf; test 1 -lt 2 && echo lt; [ "" ] || echo empty; [ -z "" ] && echo z; [ -n x ] && echo n; [ ! -d /nonexistent ] && echo nd; [ a = a -a b != c ] && echo and; [ a = b -o 1 -ge 1 ] && echo or; [ 3 -le 2 ]; echo $?; [ 2 -ne 2 ]; echo $?; [ 5 -gt 4 ] && echo gt'
same sh.test_files 'echo x > f; [ -f f ] && echo f; [ -s f ] && echo s; [ -r f ] && echo r; [ -x f ] || echo notx; [ -d . ] && echo dir'
same sh.cd_pwd 'cd /; pwd; cd; [ "$(pwd)" = "$HOME" ] && echo home; mkdir sub; cd sub; [ "$PWD" = "$HOME/sub" ] && echo pwdvar; cd ..; [ "$(pwd)" = "$HOME" ] && echo back'
same sh.subshell_group '(echo sub; exit 3); echo $?; (cd /; pwd); [ "$(pwd)" = "$HOME" ] && echo unchanged; { echo g1; echo g2; } > f; cat f; x=1; (x=2); echo $x; { x=3; }; echo $x'
same sh.compound_redirect 'for i in 1 2 3; do echo $i; done > f; cat f; while read l; do echo "got $l"; done < f; if true; then echo in_if; fi | cat'
same sh.read 'echo "x y z" | { read a b; echo "$a|$b"; }; echo "  lead  trail  " | { read v; echo "[$v]"; }; read v < /dev/null; echo $?'
same sh.script 'echo "echo \$0 \$1 \$#; exit 4" > s.sh; sh s.sh arg1 arg2; echo status $?'
same sh.glob 'echo > b.txt; echo > a.txt; echo > c.log; mkdir d; echo > d/x.txt; echo *.txt; echo *.none; echo ?.log; echo [ab].txt; echo d/*; echo "*.txt"; echo \*.txt'
same sh.continuation 'echo a \
b; x=1\
2; echo $x'
same sh.empty_fields 'e=; set -- $e "" "$e" x; echo $#; f="a  b"; set -- $f; echo $#; set -- "$f"; echo $#'
same sh.assign_only 'x=$(sh -c "exit 7"); echo $?; y=1 z=2; echo $y$z'
same sh.exit_status 'sh -c "exit 300"; echo $?; sh -c "false"; echo $?; sh -c "exit"; echo $?'
same sh.builtins 'true; echo $?; false; echo $?; :; echo $?; unset X; X=1; unset X; echo [$X]'
same sh.nested_quotes 'x="a b"; echo "$x" "${x}" '"'"'$x'"'"' "\$x" "$(echo "$x")"'

# ---- the shell: Corral's messages ("sh: WHAT: strerror") -----------------------

check sh.not_found 'sh: nope: not found\n127' 'nope; echo $?'
check sh.missing_path 'sh: /nope: No such file or directory\n127' '/nope; echo $?'
check sh.not_executable 'sh: ./f: Permission denied\n126' 'echo x > f; chmod 644 f; ./f; echo $?'
check sh.redirect_in_error 'sh: /nope: No such file or directory\n1' 'cat < /nope; echo $?'
check sh.redirect_out_error 'sh: /nope/x: No such file or directory\n1' 'echo hi > /nope/x; echo $?'
check sh.builtin_redirect_error 'sh: /nope/x: No such file or directory\n1\nstill here' 'echo hi > /nope/x; echo $?; echo still here'
check sh.killed 'Killed\n137' 'sh -c "kill -9 \$\$"; echo $?'
check sh.terminated 'Terminated\n143' 'sh -c "kill \$\$"; echo $?'
if [ -c /dev/full ]; then # writes to it fail with ENOSPC
	check sh.write_error 'sh: /dev/full: No space left on device\n1\nsh: /dev/full: No space left on device\n1' \
		'echo x > /dev/full; echo $?; { echo a; } 2>&1 > /dev/full; echo $?'
fi
check sh.cd_error 'sh: cd: /nope: No such file or directory\n1' 'cd /nope; echo $?'
check sh.syntax_error 'sh: syntax error: unexpected end of file\n2' 'sh -c "if true; then echo x"; echo $?'
check sh.syntax_unexpected "sh: syntax error: unexpected 'fi'\n2" 'sh -c "fi"; echo $?'
check sh.div_zero 'sh: arithmetic: division by zero\n2' 'echo $((1/0)); echo $?'
check sh.missing_bracket 'sh: [: missing ]\n2' '[ 1 = 1; echo $?'
check sh.test_bad_number 'sh: test: abc: bad number\n2' '[ abc -eq 1 ]; echo $?'
check sh.script_missing 'sh: /nope.sh: No such file or directory\n127' 'sh /nope.sh; echo $?'
check sh.script_no_shebang 'from script a\n3' 'echo "echo from script \$1; exit 3" > s; chmod 755 s; ./s a; echo $?'
check sh.unset_param 'sh: x: parameter not set\n2' 'echo ${x?}; echo $?'
check sh.background_ignores_int 'alive\n143' 'sleep 5 & p=$!; sleep 0.1; kill -INT $p; sleep 0.1; kill -0 $p && echo alive; kill $p; wait $p; echo $?'

# ---- utilities ------------------------------------------------------------------

same echo.utility '/bin/echo 2>/dev/null; echo a b; echo -n c; echo d'
check echo.binary 'x y\nz' "$BIN/echo x y; $BIN/echo -n z"
same cat.files 'echo one > a; echo two > b; cat a b; cat - < a; echo in | cat a - b'
check cat.missing 'one\ncat: /nope: No such file or directory\n1' 'echo one > a; cat a /nope; echo $?'
check mkdir.basic 'd\n0' 'mkdir d; ls; echo $?'
check mkdir.exists 'mkdir: d: File exists\n1' 'mkdir d; mkdir d; echo $?'
check mkdir.parents 'c\n0\n0' 'mkdir -p a/b/c; ls a/b; echo $?; mkdir -p a/b/c; echo $?'
check mkdir.missing_parent 'mkdir: x/y: No such file or directory\n1' 'mkdir x/y; echo $?'
check rmdir.basic '0\nrmdir: a: Directory not empty\n1' 'mkdir -p a/b; rmdir a/b; echo $?; mkdir a/c; rmdir a; echo $?'
check rm.basic '0\nrm: f: No such file or directory\n1\n0' 'echo x > f; rm f; echo $?; rm f; echo $?; rm -f f; echo $?'
check rm.dir 'rm: d: Is a directory\n1\n0\n' 'mkdir -p d/e; echo x > d/e/f; rm d; echo $?; rm -r d; echo $?; ls'
check cp.file 'data\n0' 'echo data > f; cp f g; cat g; echo $?'
check cp.into_dir 'data\ndata' 'echo data > f; mkdir d; cp f d; cat d/f; cp f d/; cat d/f'
check cp.missing 'cp: /nope: No such file or directory\n1' 'cp /nope x; echo $?'
check cp.mode '-rwxr-x---' 'echo x > f; chmod 750 f; cp f g; ls -l g | grep -o "^[-rwx]*"'
check mv.basic 'g\ndata\nf' 'echo data > f; mv f g; ls; cat g; mkdir d; mv g d/f; ls d'
check mv.missing 'mv: /nope: No such file or directory\n1' 'mv /nope x; echo $?'
same ln.symbolic 'echo data > f; ln -s f l; readlink l; cat l; ln -sf g l; readlink l; rm l; cat f; readlink f; echo $?'
same ln.hard 'echo data > f; ln f g; echo more >> g; cat f; ln -s f l; ln l h; readlink h'
same ln.into_dir 'echo x > f; mkdir d; ln -s ../f d; cat d/f; readlink d/f; ln -s p q d; readlink d/p d/q'
check ln.exists 'ln: l: File exists\n1' 'ln -s f l; ln -s f l; echo $?'
same readlink.canonical 'mkdir -p a/b; ln -s a/b l; ln -s ../.. a/b/up; [ "$(readlink -f l/up/l/.)" = "$(pwd)/a/b" ] && echo same; readlink -f nothere | grep -c /nothere'
check readlink.loop 'readlink: x: Too many levels of symbolic links\n1' 'ln -s y x; ln -s x y; readlink -f x; echo $?'
same ls.plain 'echo > b; echo > a; mkdir c; echo > .hidden; ls; ls -a; ls c; ls a b; ls -d c'
same ls.several 'mkdir x y; echo > x/1; echo > y/2; echo > f; ls x y f'
check ls.missing 'ls: /nope: No such file or directory\n1' 'ls /nope; echo $?'
LS_TIME='[A-Z][a-z][a-z] [ 1-3][0-9]  *[0-9:]*' # "Dec  2 14:22" or "Dec  2  2025"
check ls.long "1\ndrwxr-xr-x" \
	'echo hello > f; chmod 640 f; ls -n f | grep -c "^-rw-r----- 1 '"$(id -u) $(id -g)"' 6 [A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9] f$"; mkdir d; chmod 755 d; ls -l | grep " d$" | grep -o "^[-rwxd]*"'
check ls.long_device '1' "ls -n /dev/null | grep -c '^crw-rw-rw- 1 0 0 1, 3 $LS_TIME /dev/null\$'"
check ls.names '1' 'ls -ld / | grep -c "^d[-rwx]* [0-9]* root  *root "'
same date.epoch 'date -u -d @0; date -u -d @2147483647 "+%F %T %j %a %A %b %B %e %y %C %I %p %u %w %U %W %s %Z %z %%"; date -u -d @951782400 +%c%n%D%n%-d/%_m'
same date.today 'date -u +%Y-%m-%d; date -u "+%b %e"'
check date.help 'usage: date [-u] [-d @SECONDS | -s @SECONDS] [+FORMAT]\n0' 'date --help; echo $?'
check date.bad_option "date: invalid option -- 'x'\nusage: date [-u] [-d @SECONDS | -s @SECONDS] [+FORMAT]\n2" 'date -x; echo $?'
check date.bad_date "date: invalid date 'soon'\n1" 'date -d soon; echo $?'
same wc.counts 'echo "one two" > f; echo three >> f; wc -l < f; wc -w < f; wc -c < f; wc f; wc -l f; cat f | wc -l; wc < f; cat f | wc; cat f | wc -lw; wc f f; wc -c f /dev/null'
check wc.total '1 1 2 a\n1 1 2 b\n2 2 4 total' 'echo a > a; echo b > b; wc a b'
same od.hex 'echo "hello, world" > f; od -A d -t x1 f; od -A x -t x1 -j 3 -N 5 f; od -A n -t x1 f; dd if=/dev/zero bs=40 count=1 status=none | od -A d -t x1; od -A d -t x1 -v -N 20 /dev/zero'
same dd.blocks 'echo "hello, world" > f; dd if=f of=g bs=5 2>e; grep records e; cat g; dd if=f bs=3 skip=1 count=2 status=none; echo; dd if=f of=g bs=1 seek=3 count=4 conv=notrunc 2>/dev/null; cat g; dd if=f bs=2 skip=5 iflag=skip_bytes status=none; dd if=f of=h bs=4 seek=1 2>/dev/null; od -A d -t x1 h'
same grep.basic 'echo "apple
Banana
cherry pie
apple pie" > f; grep apple f; grep -c pie f; grep -n pie f; grep -v pie f; grep -i banana f; grep ^a f; grep "e\$" f; grep "a.p" f; grep -c "^[abc]" f; cat f | grep cherry'
check grep.status '1\n2' 'echo x | grep y; echo $?; grep y /nope 2>/dev/null; echo $?'
check grep.missing 'grep: /nope: No such file or directory' 'grep x /nope'
check grep.files 'a:x1\nb:x2' 'echo x1 > a; echo x2 > b; grep x a b'
check chmod.basic '-rw-------\n0' 'echo x > f; chmod 600 f; ls -l f | grep -o "^[-rwx]*"; echo $?'
check chmod.bad_mode 'chmod: invalid mode: 999\n1' 'echo x > f; chmod 999 f; echo $?'
check chmod.missing 'chmod: /nope: No such file or directory\n1' 'chmod 644 /nope; echo $?'
if [ "$(id -u)" = 0 ]; then
	check chown.ids '1234 5678\n0\n4321 5678' 'echo x > f; chown 1234:5678 f; ls -l f | grep -o "1234 5678"; echo $?; chown 4321 f; ls -l f | grep -o "4321 5678"'
	check runas.denied 'cat: f: Permission denied\n1' 'echo secret > f; chmod 600 f; runas 65534 cat f; echo $?'
	check runas.ok 'secret' 'echo secret > f; chmod 644 f; runas 65534 cat f'
fi
check chown.bad 'chown: invalid owner: x\n1' 'chown x f; echo $?'
check runas.missing 'runas: nope: No such file or directory\n127' 'runas 0 nope; echo $?'
check kill.term '143' 'sleep 5 & kill $!; wait $!; echo $?'
check kill.nine '137\n137\n137' 'sleep 5 & kill -9 $!; wait $!; echo $?; sleep 5 & kill -KILL $!; wait $!; echo $?; sleep 5 & kill -s SIGKILL $!; wait $!; echo $?'
check kill.missing 'kill: 99999999: No such process\n1' 'kill 99999999; echo $?'
check kill.bad_signal 'kill: NOPE: invalid signal\n2' 'kill -NOPE 1 2>&1 | head -n 1; kill -NOPE 1 2>/dev/null; echo $?'
check kill.list ' 9) SIGKILL\n15) SIGTERM' 'kill -l | grep KILL; kill -l | grep TERM'
check sleep.basic '0' 'sleep 0.1; echo $?'
check sleep.bad "sleep: invalid time interval 'abc'\n2" 'sleep abc 2>&1 | head -n 1; sleep abc 2>/dev/null; echo $?'
check ps.header '  PID  PPID STATE CONTAINER  CMD' 'ps | grep "^  PID"'
check ps.sees_child 'S     /          sleep 3' 'sleep 3 & p=$!; sleep 0.2; ps | grep "^ *$p " | grep -o "S  *.*"; kill $p'
check ps.ppid 'ok' 'sleep 3 & p=$!; sleep 0.2; ps | grep "^ *$p  *$$ " > /dev/null && echo ok; kill $p'
check free.format '               total        used        free      shared  buff/cache   available\n1\n1' \
	'free | grep total; free | grep -c "^Mem:  *[0-9][0-9]*  *[0-9][0-9]*  *[0-9][0-9]*"; free | grep -c "^Swap: "'
check mount.list 'same' 'mount > m; cat /proc/mounts > p; [ "$(cat m)" = "$(cat p)" ] && echo same'
check mount.usage 'mount: missing DIR\n2' 'mount x 2>&1 | head -n 1; mount x 2>/dev/null; echo $?'
check umount.missing 'umount: /nope: No such file or directory\n1' 'umount /nope; echo $?'
check sync.basic '0' 'sync; echo $?'
check true_false '0\n1' 'true; echo $?; false; echo $?'
check true_false.binaries '0\n1' "$BIN/true; echo \$?; $BIN/false; echo \$?"
check uname.default "$(uname -s)" 'uname'
check uname.all "$(uname -s -n -r -v -m)" 'uname -a'
check uname.release "$(uname -r)\n$(uname -m)" 'uname -r; uname -m'
check env.print 'A=1\nB=two' 'env -i A=1 B=two env'
check env.run 'x1' 'env -i X=x1 sh -c "echo \$X"'
check env.missing 'env: nope: No such file or directory\n127' 'env nope; echo $?'
check memhog.touch 'memhog: touched 256 pages (1024 KiB)\n0' 'memhog 256; echo $?'
check memhog.retouch 'memhog: touched 64 pages (256 KiB)\n1' 'memhog 64 -r 1 > o; grep touched o; grep -c "checked and rewrote 64 pages [0-9]* times in 1 s" o'
check memhog.wait 'memhog: touched 16 pages (64 KiB)\nmemhog: waiting\n143' 'memhog 16 -w > o & p=$!; sleep 0.3; kill $p; wait $p; s=$?; cat o; echo $s'
check memhog.usage '2' 'memhog > /dev/null 2>&1; echo $?'
same head.lines 'i=1; while [ $i -le 30 ]; do echo $i; i=$((i+1)); done > n; head -n 3 n; head -4 n; head n | wc -l; head -n 2 n n; cat n | head -n 1; echo -n x | head -n 1'
same tail.lines 'i=1; while [ $i -le 3000 ]; do echo $i; i=$((i+1)); done > n; tail -n 3 n; tail -2 n; tail n | wc -l; tail -n +2999 n; tail -n 1 n n; cat n | tail -n 2; echo -n x | tail -n 1'
same md5sum.files 'i=1; while [ $i -le 1000 ]; do echo $i; i=$((i+1)); done > n; md5sum n; echo abc | md5sum; md5sum /dev/null'
same id.self 'id; id -u; id -g; id -un; id -G'
check whoami.self "$(id -un)" 'whoami'
check usage.help 'usage: head [-n N | -N] [FILE...]   (the first N lines, 10 by default)\n0' 'head --help; echo $?'
check usage.bad "head: invalid option -- 'x'\n2" 'head -x 2>&1 | head -n 1; head -x 2>/dev/null; echo $?'
check usage.permuted 'x\n1' 'echo x > f; cat f -u; grep -c x f -n'
check forkbomb.small 'forkbomb: 5 of 5 forks succeeded\n0' 'forkbomb 5; echo $?'
check filehog.rounds 'filehog: wrote 8 pages to f\nfilehog: read 8 pages 2 times\n32768' 'filehog f 8 2; wc -c < f'
check filehog.content '1:0000000\n2:0000001\n4096:0000fff' 'filehog f 8 1 > /dev/null; grep -n "" f > n; grep "^1:" n; grep "^2:" n; grep "^4096:" n'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
