#!/bin/sh
# vga-display.sh [VNC] — may `make run-vga` start QEMU with a window?  Without a
# display (DISPLAY and WAYLAND_DISPLAY unset: a server, an ssh session) QEMU would
# quietly serve its window over VNC and wait, which looks like a hang; so say how
# to get a window instead, and fail.  With VNC non-empty the screen is to go to VNC
# on purpose: say where.  Exit 0 when QEMU may start.
vnc=${1:-}
if [ -n "$vnc" ]; then
	echo "run-vga: the screen is on VNC at localhost:5900 (a VNC viewer shows it)"
	exit 0
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	exit 0
fi
cat >&2 <<'MSG'
run-vga: no display here (DISPLAY and WAYLAND_DISPLAY are not set), so QEMU
  cannot open its window.  Run it from a desktop session, or
    make run-vga VNC=1    and connect a VNC viewer to localhost:5900,
  or use  make run  for the serial console in this terminal.
MSG
exit 1
