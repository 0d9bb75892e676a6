"""
bench — the pieces of `make bench` (scripts/bench.py is the entry point).

    stats.py      Figure and Results: samples -> median, min, max; errors; time series
    guest.py      booting Corral (and xv6) under TCG, reading the guest's counters
    workloads.py  each benchmark and workload, one function each, filling Results
    xv6.py        xv6-public booted in the same QEMU, for the side-by-side figures
    plots.py      the PNG plots, through gnuplot
    report.py     results.json and report.md

Read docs/bench.md first: what each figure means and how it is measured.
"""
