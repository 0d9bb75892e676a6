"""
plots.py — the PNG plots of build/bench/, drawn by gnuplot from the Results.

Each plot is a data file and a gnuplot script in build/bench/gnuplot/ (kept, so a
plot can be redrawn or restyled by hand: `cd build/bench/gnuplot; gnuplot NAME.gp`),
and the PNG beside results.json.  A plot whose figures are missing is not drawn; the
reason goes to the report.

    usage-vs-limit.png       the backup container's usage against page_limit, over time
    isolation-majfaults.png  the service's major faults: backup job in the root
                             container vs. in a container (bars)
    fault-cost.png           microbenchmark cycles/op, root vs. container, plain TCG
                             and icount side by side (log scale)
    reclaim-rate.png         reclaim pages/s: the over-limit handler, global reclaim
                             with 1 and with 64 idle containers
"""

import shutil
import subprocess
from pathlib import Path

from bench.stats import MODE_ICOUNT, MODE_TCG

PLOTS = ("usage-vs-limit.png", "isolation-majfaults.png", "fault-cost.png",
         "reclaim-rate.png")


class Plotter:
    def __init__(self, out):
        self.out = Path(out).resolve()
        self.dir = self.out / "gnuplot"
        self.terminal = None
        self.made, self.skipped = [], {}  # file names; file name -> why not

    def available(self):
        if shutil.which("gnuplot") is None:
            return False
        probe = subprocess.run(["gnuplot", "-e", "set terminal pngcairo"],
                               capture_output=True, text=True, timeout=30)
        self.terminal = "pngcairo" if probe.returncode == 0 and not probe.stderr else "png"
        return True

    def header(self, png, width=1000, height=600):
        font = "sans,11" if self.terminal == "pngcairo" else "arial 11"
        return (f"set terminal {self.terminal} noenhanced size {width},{height} font '{font}'\n"
                f"set output '{self.out / png}'\n"
                "set grid ytics\nset border 3\nset tics nomirror\n")

    def draw(self, png, script, data=None):
        """Write NAME.dat and NAME.gp, run gnuplot; record success or the error."""
        self.dir.mkdir(parents=True, exist_ok=True)
        stem = png[:-4]
        if data is not None:
            (self.dir / f"{stem}.dat").write_text(data)
        gp = self.dir / f"{stem}.gp"
        gp.write_text(script)
        (self.out / png).unlink(missing_ok=True)
        proc = subprocess.run(["gnuplot", gp.name], cwd=self.dir, capture_output=True,
                              text=True, timeout=60)
        if proc.returncode != 0 or not (self.out / png).is_file():
            self.skipped[png] = f"gnuplot failed: {proc.stderr.strip()[-300:]}"
        else:
            self.made.append(png)


def quote(text):
    return '"' + str(text).replace('"', "'") + '"'


def usage_vs_limit(p, results):
    png = "usage-vs-limit.png"
    rows = [r for r in results.series.get("isolation.container.1", []) if "usage" in r]
    if not rows:
        p.skipped[png] = "no samples of the isolation run in a container"
        return
    facts = results.facts.get("isolation", {})
    lines = ["# t(s) usage anon file page_limit service_rss_pages"]
    for r in rows:
        rss = r.get("service_rss_kb")
        lines.append(f"{r['t']} {r['usage']} {r['anon']} {r['file']} "
                     f"{r['limit'] if r.get('limit') is not None else 'NaN'} "
                     f"{rss // 4 if rss is not None else 'NaN'}")
    top = max([r["usage"] for r in rows] + [r["limit"] for r in rows if r.get("limit")])
    rss_top = max([r["service_rss_kb"] // 4 for r in rows if r.get("service_rss_kb")] + [1])
    title = (f"Backup job in container 'backup': usage against page_limit\\n"
             f"{facts.get('job', 'filehog')} beside {facts.get('service', 'a service')}, "
             f"{facts.get('mem', '32M')} guest, sampled about every 0.5 s")
    script = p.header(png) + f"""
set title {quote(title)}
set xlabel "time since the backup job started (s)"
set ylabel "backup container (pages of 4 KiB)"
set y2label "service's resident set (pages of 4 KiB)"
set ytics nomirror
set y2tics
set yrange [0:{top * 1.3:.0f}]
set y2range [0:{rss_top * 2:.0f}]
set key outside bottom center horizontal
plot "usage-vs-limit.dat" using 1:2 with lines lw 2 lc rgb "#1f77b4" title "usage (anon + file pages)", \\
     "" using 1:5 with lines lw 2 dt 2 lc rgb "#d62728" title "page_limit", \\
     "" using 1:4 with lines lw 1 lc rgb "#2ca02c" title "file pages", \\
     "" using 1:6 axes x1y2 with lines lw 1 dt 3 lc rgb "#7f7f7f" title "service VmRSS (right axis)"
"""
    p.draw(png, script, "\n".join(lines) + "\n")


def isolation_majfaults(p, results):
    png = "isolation-majfaults.png"
    fig = results.figures
    labels = {"root": "backup job in the root container",
              "container": "backup job in a 256-page container"}
    rows, top = [], 1
    for where in ("root", "container"):
        maj, swp = fig.get(f"isolation.{where}.pgmajfault"), fig.get(f"isolation.{where}.pswpin")
        if not maj or maj["median"] is None:
            continue
        swpin = swp["median"] if swp and swp["median"] is not None else 0
        rows.append(f"{quote(labels[where])} {maj['median']} {swpin}")
        top = max(top, maj["median"], swpin)
    if not rows:
        p.skipped[png] = "no isolation figures"
        return
    script = p.header(png, 900, 600) + f"""
set title "Major faults while the backup job runs beside the service (32 MiB guest)\\nmedian of the runs; whole-system counts from /proc/vmstat over the job"
set ylabel "count during the job"
set yrange [0:{top * 1.25 + 1:.0f}]
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set key top right
{'set label "no major faults and no swap-ins in either run" at graph 0.5,0.5 center' if top <= 1 else ''}
{'set ytics 1' if top <= 8 else ''}
plot "isolation-majfaults.dat" using 2:xtic(1) lc rgb "#d62728" title "major faults (pgmajfault)", \\
     "" using 3 lc rgb "#ff7f0e" title "pages swapped in (pswpin)", \\
     "" using ($0-0.17):2:2 with labels offset 0,0.8 notitle, \\
     "" using ($0+0.17):3:3 with labels offset 0,0.8 notitle
"""
    p.draw(png, script, "\n".join(rows) + "\n")


def micro_table(results, mode):
    """Rows 'name root min max box min max' for one mode, in bench's order."""
    rows = []
    for fid, f in results.figures.items():
        if not fid.startswith(f"micro.{mode}.") or f.get("where") != "root":
            continue
        box = results.figures.get(fid[:-len("root")] + "container")
        if f["median"] is None or not box or box["median"] is None:
            continue
        r = (box.get("paired_ratio") or {}).get("median") or box.get("ratio_to_root")
        label = f"{f['benchmark']}\\n(x{r:.3f})" if r is not None else f["benchmark"]
        rows.append(f"{quote(label)} {f['median']} {f['min']} {f['max']} "
                    f"{box['median']} {box['min']} {box['max']}")
    return rows


def fault_cost(p, results):
    png = "fault-cost.png"
    panels = [(MODE_TCG, "plain TCG: rdtsc = host time stamp counter", "host cycles per operation"),
              (MODE_ICOUNT, "TCG -icount shift=0,sleep=on: rdtsc counts guest instructions",
               "guest instructions per operation")]
    panels = [(mode, title, ylabel, micro_table(results, mode)) for mode, title, ylabel in panels]
    panels = [panel for panel in panels if panel[3]]
    if not panels:
        p.skipped[png] = "no microbenchmark figures"
        return
    width = max(700, 110 * max(len(panel[3]) for panel in panels)) * len(panels)
    script = p.header(png, width, 650)
    script += (f"set multiplot layout 1,{len(panels)} title \"Microbenchmarks: root container "
               f"vs. a container with a limit never reached (median, bars min..max; "
               f"container/root of back-to-back pairs under each name)\"\n")
    script += ("set logscale y\nset format y \"%.0f\"\nset bmargin 5\nset style data histogram\n"
               "set style histogram errorbars gap 1 lw 1\n"
               "set style fill solid 0.8 border -1\nset boxwidth 0.9\n"
               "set key top right\nset xtics scale 0\n")
    for mode, title, ylabel, rows in panels:
        dat = f"fault-cost-{mode}.dat"
        p.dir.mkdir(parents=True, exist_ok=True)
        (p.dir / dat).write_text("\n".join(rows) + "\n")
        script += (f"set title {quote(title)}\nset ylabel {quote(ylabel + ' (log scale)')}\n"
                   f"plot {quote(dat)} using 2:3:4:xtic(1) lc rgb \"#1f77b4\" title \"root container\", \\\n"
                   f"     \"\" using 5:6:7 lc rgb \"#ff7f0e\" title \"container benchbox\"\n")
    script += "unset multiplot\n"
    p.draw(png, script)


def reclaim_rate(p, results):
    png = "reclaim-rate.png"
    bars = [("reclaim.handler.rate", "over-limit handler\\nper s of its busy time", 1),
            ("reclaim.handler.wall_rate", "over-limit handler\\nper s of wall time", 1),
            ("reclaim.global.idle1.rate", "global reclaim\\n1 idle container\\nper s of wall time", 2),
            ("reclaim.global.idle64.rate", "global reclaim\\n64 idle containers\\nper s of wall time", 3)]
    rows = []
    for fid, label, color in bars:
        f = results.figures.get(fid)
        if f and f["median"] is not None:
            rows.append(f"{quote(label)} {f['median']} {f['min']} {f['max']} {color}")
    if not rows:
        p.skipped[png] = "no reclaim figures"
        return
    script = p.header(png, 1000, 650) + """
set title "Reclaim rate under plain TCG (median, bars min..max)\\nhandler: memhog 3000 in a soft 256-page container; global: memhog > free memory in the root container, swap on /dev/hdb"
set ylabel "pages reclaimed per second"
set yrange [0:*]
set xrange [-0.6:""" + f"{len(rows) - 0.4}" + """]
set bmargin 6
set style fill solid 0.8 border -1
set linetype 1 lc rgb "#2ca02c"
set linetype 2 lc rgb "#1f77b4"
set linetype 3 lc rgb "#ff7f0e"
set xtics scale 0
plot "reclaim-rate.dat" using 0:2:(0.6):5:xtic(1) with boxes lc variable notitle, \\
     "" using 0:2:3:4 with yerrorbars lc rgb "black" pt 7 ps 0.4 notitle, \\
     "" using 0:4:(sprintf("%.0f", $2)) with labels offset 0,1 notitle
"""
    p.draw(png, script, "\n".join(rows) + "\n")


def make_plots(out, results):
    """Draw every plot; returns (made, {png: why not made})."""
    p = Plotter(out)
    if not p.available():
        return [], {png: "gnuplot not installed" for png in PLOTS}
    for png, draw in zip(PLOTS, (usage_vs_limit, isolation_majfaults, fault_cost, reclaim_rate)):
        try:
            draw(p, results)
        except (OSError, subprocess.SubprocessError, KeyError, TypeError, ValueError) as exc:
            p.skipped[png] = f"{type(exc).__name__}: {exc}"
    return p.made, p.skipped
