"""
bench — the pieces of `make bench` (scripts/bench.py is the entry point).

    run.py        the Run (settings, work folder, Results) and the Session sharing a VM
    stats.py      Results: samples -> median, min, max; errors; time series
    guest.py      booting Corral under TCG, typing and timing commands, its counters
    micro.py      `bench` in the root container and in a container, plain and icount
    boots.py      boot time, echo and forktest, Corral and xv6 side by side
    xv6.py        xv6-public booted in the same QEMU
    memory.py     reclaim rates (the over-limit handler, global reclaim), isolation
    plots.py      the PNG plots, through gnuplot
    report.py     results.json and report.md

Read docs/bench.md first: what each figure means and how it is measured.
"""
