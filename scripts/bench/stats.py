"""
stats.py — what a benchmark run collects: figures (samples with a unit and a mode),
the errors of workloads that failed, and time series for the plots.

A figure's samples are independent measurements (one per run of a benchmark, one per
boot); its value is their median and its spread is min..max.  Nothing is averaged:
under emulation a stray host hiccup makes one sample slow, and the median ignores it.
"""

import statistics
import traceback

MODE_TCG = "tcg"  # plain TCG: rdtsc and the host clock follow host time
MODE_ICOUNT = "tcg-icount"  # TCG with -icount: rdtsc counts guest instructions


def summary(samples):
    """median, min, max and the relative spread (max - min) / median of some numbers."""
    values = [v for v in samples if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "spread": None}
    med = statistics.median(values)
    lo, hi = min(values), max(values)
    return {"median": tidy(med), "min": tidy(lo), "max": tidy(hi),
            "spread": round((hi - lo) / med, 4) if med else None}


def tidy(value):
    """Integers stay integers; other numbers keep 6 significant digits."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        return float(f"{value:.6g}")
    return value


class Results:
    """Everything one `make bench` run measured, keyed by stable figure ids."""

    def __init__(self):
        self.figures = {}  # id -> dict (see add())
        self.errors = []  # {"workload", "error"}
        self.series = {}  # name -> list of dicts (rows of a time series)
        self.facts = {}  # name -> anything else worth keeping (sizes, commands)
        self.not_measured = {}  # what was skipped on purpose, and why

    def add(self, fid, samples, unit, mode, title, **extra):
        """Record figure `fid` from its samples (numbers; None for a failed run)."""
        figure = {"title": title, "unit": unit, "mode": mode,
                  "samples": [tidy(s) for s in samples if s is not None],
                  "n": len([s for s in samples if s is not None])}
        figure.update(summary(samples))
        figure.update(extra)
        self.figures[fid] = figure
        return figure

    def error(self, workload, exc):
        """A workload failed: its first line of why, where in scripts/bench/ it was
        raised, and the rest of the message (a console tail, say) as `detail`."""
        text = str(exc).strip() or type(exc).__name__
        first, _, rest = text.partition("\n")
        frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
        where = f" [{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}]" if frames else ""
        entry = {"workload": workload, "error": f"{type(exc).__name__}: {first}{where}"}
        if rest.strip():
            entry["detail"] = rest.strip()
        self.errors.append(entry)

    def median(self, fid):
        figure = self.figures.get(fid)
        return figure["median"] if figure else None


def ratio(a, b):
    """a / b rounded, or None when either is missing or b is 0."""
    if a is None or b in (None, 0):
        return None
    return round(a / b, 4)
