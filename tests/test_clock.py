"""
test_clock.py — the wall clock (issue 8): the kernel reads the CMOS clock at boot
(QEMU's follows the host's, in UTC), so `date`, the times of new files and `ls -l`
show today's date; only root may set the clock with `date -s`, and `ls -l` shows
the year instead of the time for files older than six months or in the future.

The host is the reference: dates are compared with the host's UTC date allowing a
day either way (a run across midnight), seconds within ten minutes (the guest's
clock advances with its timer ticks, which TCG may deliver late).  Nothing is timed.
"""

import datetime
import re
import time

import harness
from shell import PROMPT, expect_output, run

SECONDS_TOLERANCE = 600
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]  # date.weekday() order
USAGE = "usage: date [-u] [-d @SECONDS | -s @SECONDS] [+FORMAT]"
# ls -l's columns: mode, links, owner, group, size, then the time column and the name.
LS_LONG = re.compile(r"^\S+ +\d+ +\S+ +\S+ +\d+ ([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d| \d{4}) (.+)$")


def host_days():
    """The host's UTC date, and the days either side of it."""
    today = datetime.datetime.now(datetime.timezone.utc).date()
    return [today + datetime.timedelta(days=d) for d in (-1, 0, 1)]


def ls_time_of(ctx, path):
    """(month name, day, time-or-year) from ls -l PATH."""
    out = run(ctx, f"ls -l {path}")
    match = LS_LONG.match(out)
    assert match, f"ls -l {path} printed {out!r}, not mode links owner group size TIME name"
    return match.group(1), int(match.group(2)), match.group(3).strip()


def test_rtc_boot_line(ctx):
    ctx.machine.expect_prompt(timeout=harness.BOOT_TIMEOUT, prompt=PROMPT)
    match = re.search(r"^rtc: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) UTC$",
                      ctx.machine.output, re.M)
    assert match, "no 'rtc: YYYY-MM-DD hh:mm:ss UTC' line at boot"
    day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
    assert day in host_days(), f"the RTC said {day}; the host's UTC date is {host_days()[1]}"
    return match.group(0)


def test_date_prints_today(ctx):
    out = run(ctx, "date")
    match = re.fullmatch(r"([A-Z][a-z]{2}) ([A-Z][a-z]{2}) ([ \d]\d) \d\d:\d\d:\d\d UTC (\d{4})",
                         out)
    assert match, f"date printed {out!r}, not like 'Wed Dec  2 14:22:16 UTC 2026'"
    weekday, month, day, year = match.groups()
    shown = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
    assert shown in host_days(), f"date says {out!r}; the host's UTC date is {host_days()[1]}"
    assert weekday == WEEKDAYS[shown.weekday()], f"{out!r}: {shown} is not a {weekday}"
    return out


def test_date_seconds_match_the_host(ctx):
    out = run(ctx, "date +%s")
    assert re.fullmatch(r"\d+", out), f"date +%s printed {out!r}"
    off = int(out) - time.time()
    assert abs(off) < SECONDS_TOLERANCE, f"date +%s is {off:+.0f} s from the host's clock"
    return f"{off:+.0f} s from the host"


def test_date_formats(ctx):
    expect_output(ctx, "date -d @0", "Thu Jan  1 00:00:00 UTC 1970")
    expect_output(ctx, "date -u -d @2147483647 '+%F %T %j %a %b %e %y %Z %z %s'",
                  "2038-01-19 03:14:07 019 Tue Jan 19 38 UTC +0000 2147483647")
    expect_output(ctx, "date -d @951782400 +%D%n%c", "02/29/00\nTue Feb 29 00:00:00 2000")
    expect_output(ctx, "date -d soon; echo $?", "date: invalid date 'soon'\n1")


def test_new_file_shows_today_in_ls(ctx):
    run(ctx, "echo stamp > /tmp/clock-new")
    month, day, when = ls_time_of(ctx, "/tmp/clock-new")
    assert re.fullmatch(r"\d\d:\d\d", when), f"a new file shows {when!r}, not hh:mm"
    days = [(MONTHS[d.month - 1], d.day) for d in host_days()]
    assert (month, day) in days, f"a new file is dated {month} {day}; the host says {days[1]}"


def test_initramfs_files_are_not_from_1970(ctx):
    out = run(ctx, "ls -l /bin /etc")
    assert "1970" not in out, f"files unpacked at boot dated 1970:\n{out}"


def test_date_help_and_bad_option(ctx):
    expect_output(ctx, "date --help; echo $?", f"{USAGE}\n0")
    expect_output(ctx, "date -h; echo $?", f"{USAGE}\n0")
    expect_output(ctx, "date -x; echo $?", f"date: invalid option -- 'x'\n{USAGE}\n2")


def test_date_set_needs_root(ctx):
    year = run(ctx, "date +%Y")
    out = run(ctx, "runas 1000 date -s @0; echo $?")
    assert out == "date: cannot set date: Operation not permitted\nThu Jan  1 00:00:00 UTC 1970\n1", \
        f"date -s as uid 1000 printed {out!r}"
    expect_output(ctx, "date +%Y", year)


def test_date_set_as_root_and_ls_years(ctx):
    """Root moves the clock: files made 'in the future' and 'last year' show their
    year in ls -l.  The clock goes back to the host's time at the end."""
    expect_output(ctx, "date -s @2000000000", "Wed May 18 03:33:20 UTC 2033")
    run(ctx, "echo x > /tmp/clock-2033")
    year_ago = int(time.time()) - 400 * 86400
    run(ctx, f"date -s @{year_ago} > /dev/null; echo x > /tmp/clock-old")
    run(ctx, f"date -s @{int(time.time())}")
    assert ls_time_of(ctx, "/tmp/clock-2033") == ("May", 18, "2033")
    old = datetime.datetime.fromtimestamp(year_ago, datetime.timezone.utc)
    assert ls_time_of(ctx, "/tmp/clock-old") == (MONTHS[old.month - 1], old.day, str(old.year))
    off = int(run(ctx, "date +%s")) - time.time()
    assert abs(off) < SECONDS_TOLERANCE, f"after setting it back the clock is {off:+.0f} s off"
