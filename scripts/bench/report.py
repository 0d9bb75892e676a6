"""
report.py — build/bench/results.json (every figure, for programs) and
build/bench/report.md (tables, for people) from one run's Results.

results.json's keys are a contract (docs/bench.md lists them): a figure's id never
changes meaning, new figures only add ids.
"""

import json
import os
import platform
import subprocess
import time
from datetime import datetime, timezone

from bench.stats import MODE_ICOUNT, MODE_TCG, ratio

SCHEMA = 1
MODES = {
    MODE_TCG: "QEMU TCG, no icount: rdtsc and the host clock follow host time "
              "(cycles are host TSC cycles)",
    MODE_ICOUNT: "QEMU TCG with -icount shift=0,sleep=on: rdtsc counts guest "
                 "instructions (plus host ns while the guest idles, waiting for a disk)",
}


def host_info():
    cpu, cpus = None, 0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and cpu is None:
                    cpu = line.split(":", 1)[1].strip()
                if line.startswith("processor"):
                    cpus += 1
    except OSError:
        pass
    try:
        out = subprocess.run([os.environ.get("CORRAL_QEMU", "qemu-system-i386"), "--version"],
                             capture_output=True, text=True, timeout=30).stdout
        qemu = out.splitlines()[0].strip() if out else None
    except (OSError, subprocess.SubprocessError):
        qemu = None
    return {"cpu_model": cpu, "cpus": cpus or os.cpu_count(), "qemu_version": qemu,
            "os": platform.platform(), "python": platform.python_version(),
            "loadavg_end": loadavg()}


def loadavg():
    """The host's 1-minute load average now: other QEMUs on the host show here, and
    they move every plain-TCG figure."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def git_info(root):
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    commit = git("rev-parse", "HEAD")
    return {"commit": commit or None, "branch": git("rev-parse", "--abbrev-ref", "HEAD") or None,
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))} if commit else {}


def derived_ratios(results):
    """The ratios the report is about, flat: container/root, Corral/xv6, isolation."""
    out = {}
    for fid, f in results.figures.items():
        if fid.startswith("micro.") and f.get("where") == "container":
            out[f"{fid[:-len('.container')]}.container/root"] = f.get("ratio_to_root")
    for what, theirs in (("boot", "boot"), ("echo", "echo"), ("forktest61", "forktest"),
                         ("fork_cost", "fork_cost")):
        r = ratio(results.median(f"corral.{what}"), results.median(f"xv6.{theirs}"))
        if r is not None:
            out[f"corral/xv6.{what}"] = r
    for key in ("pgmajfault", "pswpin"):
        out[f"isolation.{key}.container/root"] = ratio(
            results.median(f"isolation.container.{key}"), results.median(f"isolation.root.{key}"))
    return out


def write_json(path, results, meta):
    doc = {"schema": SCHEMA, **meta, "modes": MODES, "figures": results.figures,
           "ratios": derived_ratios(results),
           "icount_determinism": results.facts.get("icount_determinism", {}),
           "series": results.series,
           "facts": {k: v for k, v in results.facts.items() if k != "icount_determinism"},
           "not_measured": results.not_measured, "errors": results.errors}
    path.write_text(json.dumps(doc, indent=2) + "\n")


def now_utc():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- report.md ----------------------------------------------------------------------------


def show(value, unit):
    """A value for a table: seconds in s/ms/us, big counts with thousands separators."""
    if value is None:
        return "—"
    if unit == "s":
        if value >= 1:
            return f"{value:.2f} s"
        if value >= 0.001:
            return f"{value * 1000:.1f} ms"
        return f"{value * 1e6:.0f} µs"
    if isinstance(value, float) and abs(value) < 100:
        return f"{value:.2f}"
    return f"{value:,.0f}"


def cell(f):
    """median (min–max) of a figure, or why there is none."""
    if f is None:
        return "not measured"
    if f.get("skipped"):
        return f"skipped ({f['skipped']})"
    if f["median"] is None:
        return "failed"
    if f["n"] == 1:
        return show(f["median"], f["unit"])
    return (f"{show(f['median'], f['unit'])} ({show(f['min'], f['unit'])}–"
            f"{show(f['max'], f['unit'])})")


def show_ratio(r):
    return "—" if r is None else f"{r:.3f}"


def micro_section(results):
    lines = ["## Microbenchmarks: root container vs. container", "",
             "`bench NAME` in the root container and in `benchbox` (page_limit 100000, "
             "never reached), back to back, the order alternating; each cell is the median "
             "of the per-run medians (min–max over runs).  container/root is the ratio of "
             "those medians; the paired ratio is the median (min–max) of container/root "
             "over the back-to-back pairs, which a change of the host's speed between "
             "pairs does not move.", ""]
    for mode, unit_words in ((MODE_TCG, "host TSC cycles per operation"),
                             (MODE_ICOUNT, "guest instructions per operation")):
        rows = [(fid, f) for fid, f in results.figures.items()
                if fid.startswith(f"micro.{mode}.") and f.get("where") == "root"]
        if not rows:
            lines += [f"Mode `{mode}`: not measured.", ""]
            continue
        lines += [f"Mode `{mode}` ({unit_words}):", "",
                  "| benchmark | root | container | container/root | paired container/root "
                  "| runs | mode |", "|---|---:|---:|---:|---:|---:|---|"]
        for fid, f in rows:
            box = results.figures.get(fid[:-len("root")] + "container") or {}
            paired = box.get("paired_ratio")
            paired_text = "—" if not paired else (
                f"{paired['median']:.3f} ({paired['min']:.3f}–{paired['max']:.3f})")
            lines.append(f"| {f['benchmark']} | {cell(f)} | {cell(box or None)} | "
                         f"{show_ratio(box.get('ratio_to_root'))} | {paired_text} | "
                         f"{f['n']} + {box.get('n', 0)} | {mode} |")
        lines.append("")
    lines += charge_lines(results)
    det = results.facts.get("icount_determinism")
    if det:
        lines += ["### icount: two boots, the same numbers?", "",
                  "| figure | boot 1 | boot 2 | same? | runs equal within each boot |",
                  "|---|---:|---:|---|---|"]
        for fid, d in det.items():
            meds = d["boot_medians"] + [None] * (2 - len(d["boot_medians"]))
            same = ("equal" if d["equal"] else
                    f"differ by {d['diff_pct']:.3f}%" if d["diff_pct"] is not None else "—")
            lines.append(f"| {fid} | {show(meds[0], '')} | {show(meds[1], '')} | {same} | "
                         f"{'yes' if d['runs_equal_within_boot'] else 'no'} |")
        lines.append("")
    return lines


def charge_lines(results):
    """The A/B of the charge path (micro.charge_ab), if it ran."""
    rows = [results.figures.get(f"charge.{MODE_ICOUNT}.pagefault_no_charge.{where}")
            for where in ("root", "container")]
    if not any(rows):
        return []
    lines = ["### The charge path's share of a page fault", "",
             "`bench pagefault` under -icount on a second kernel built with "
             "`-DCORRAL_BENCH_NO_CHARGE` (the fault's container work compiled out: finding "
             "room, charging the page, counting the fault), against the real kernel's "
             "figure above.  Instructions, so exact.", "",
             "| where | real kernel | without charging | charge path | share |",
             "|---|---:|---:|---:|---:|"]
    for where, f in zip(("root", "container"), rows):
        if not f or "charge_share" not in f:
            continue
        real = f["median"] + f["charge_instructions"]
        lines.append(f"| {where} | {show(real, '')} | {show(f['median'], '')} | "
                     f"{show(f['charge_instructions'], '')} | {100 * f['charge_share']:.1f}% |")
    return lines + [""]


def boot_section(results):
    fig = results.figures
    lines = ["## Boot, exec and fork: Corral vs. xv6", "",
             "Host-timed, from QEMU's start to the prompt, and from typing a command to the "
             "next prompt; median (min–max) over all boots and runs; mode `tcg`.", ""]
    if "xv6" in results.not_measured:
        lines += ["xv6: not measured (" + results.not_measured["xv6"] + ").", ""]
    lines += ["| figure | Corral | xv6 | Corral/xv6 | samples (Corral, xv6) |",
              "|---|---:|---:|---:|---|"]
    for label, mine, theirs in (("boot to the prompt", "corral.boot", "xv6.boot"),
                                ("`echo hi` (fork + exec)", "corral.echo", "xv6.echo"),
                                ("forktest, 61 children", "corral.forktest61", "xv6.forktest"),
                                ("per fork+exit+wait: (forktest − echo) / 61",
                                 "corral.fork_cost", "xv6.fork_cost"),
                                ("`forktest 1000`", "corral.forktest1000", None)):
        a, b = fig.get(mine), fig.get(theirs) if theirs else None
        r = ratio(a["median"] if a else None, b["median"] if b else None)
        lines.append(f"| {label} | {cell(a)} | {cell(b) if theirs else '—'} | {show_ratio(r)} | "
                     f"{a['n'] if a else 0}, {b['n'] if b else 0} |")
    lines.append("")
    return lines


def reclaim_section(results):
    lines = ["## Reclaim", "", "| figure | median (min–max) | unit | runs | mode |",
             "|---|---:|---|---:|---|"]
    for fid, f in results.figures.items():
        if fid.startswith("reclaim."):
            lines.append(f"| {f['title']} | {cell(f)} | {f['unit']} | {f['n']} | {f['mode']} |")
    r64 = results.figures.get("reclaim.global.idle64.rate", {}).get("ratio_to_idle1")
    if r64:
        lines += ["", f"Global reclaim with 64 idle containers runs at {r64:.3f} × the "
                      f"rate with 1 (ratio of the medians)."]
    lines.append("")
    return lines


def isolation_section(results):
    fig, facts = results.figures, results.facts.get("isolation", {})
    lines = ["## Isolation: a service beside a backup job (32 MiB)", ""]
    if facts:
        lines += [f"Service `{facts.get('service')}` in the root container; backup job "
                  f"`{facts.get('job')}`, in the root container and in container "
                  f"`backup` with page_limit {facts.get('backup_page_limit')}.  Fault counts "
                  f"are /proc/vmstat deltas over the job (the whole system); median "
                  f"(min–max) over the runs in each place; mode `tcg`.", ""]
    lines += ["| figure | backup in root | backup in container | container/root |",
              "|---|---:|---:|---:|"]
    for key, label in (("pgmajfault", "major faults"), ("pswpin", "pages swapped in"),
                       ("service_rss_min", "service's smallest VmRSS"),
                       ("page_cache_max", "page cache, largest sample"),
                       ("job_seconds", "backup job's wall time")):
        a, b = fig.get(f"isolation.root.{key}"), fig.get(f"isolation.container.{key}")
        unit = (a or b or {}).get("unit", "")
        r = ratio(b["median"] if b else None, a["median"] if a else None)
        label = label if unit == "s" else f"{label} ({unit})"
        lines.append(f"| {label} | {cell(a)} | {cell(b)} | {show_ratio(r)} |")
    for r in facts.get("runs", []):
        if r["where"] == "container":
            lines.append("")
            lines.append(f"Container run {r['run']}: largest sampled usage {r['usage_max']} "
                         f"pages (page_limit {facts.get('backup_page_limit')}), "
                         f"page_limit_hits {r['page_limit_hits']}, its own pages reclaimed "
                         f"{r['pgsteal']}, throttled {r['throttled']} times.")
    lines.append("")
    return lines


def write_markdown(path, results, meta, plots_made, plots_skipped):
    host, run = meta["host"], meta["run"]
    lines = ["# Corral benchmarks", "",
             f"- date: {meta['date']}",
             f"- host CPU: {host['cpu_model']} ({host['cpus']} CPUs); load average "
             f"{host['loadavg_start']} at the start, {host['loadavg_end']} at the end",
             f"- QEMU: {host['qemu_version']}",
             f"- commit: {meta.get('git', {}).get('commit') or '?'}"
             f"{' (with local changes)' if meta.get('git', {}).get('dirty') else ''}",
             f"- run: {'--quick, ' if run['quick'] else ''}{run['wall_seconds']:.0f} s of wall time",
             "- modes: " + "; ".join(f"`{k}` = {v}" for k, v in MODES.items()), ""]
    lines += micro_section(results) + boot_section(results)
    lines += reclaim_section(results) + isolation_section(results)
    lines += ["## Plots", ""]
    lines += [f"- `{png}`" for png in plots_made]
    lines += [f"- `{png}`: not made ({why})" for png, why in plots_skipped.items()]
    lines.append("")
    if results.errors:
        lines += ["## Errors", ""]
        lines += [f"- {e['workload']}: {e['error']}" for e in results.errors]
        lines.append("")
    path.write_text("\n".join(lines))


def meta_for(root, run, argv):
    host = {**host_info(), "loadavg_start": run.loadavg_start}
    return {"date": run.date, "host": host, "git": git_info(root),
            "run": {"quick": run.quick, "wall_seconds": round(time.monotonic() - run.started, 1),
                    "settings": dict(vars(run.settings)), "argv": argv}}

