"""
qemu_monitor.py — QEMU's human monitor over a Unix socket: the other side of the glass.

The serial console shows what the kernel prints on COM1.  To test the VGA screen and
the PS/2 keyboard we need QEMU itself: `sendkey` presses keys on the emulated keyboard,
and `xp` reads guest physical memory, which for the VGA text screen (0xB8000, 80x25
cells of character + colour byte) is exactly what is on the screen.

    sock = ctx.workdir / "monitor.sock"
    machine = ctx.boot(extra_args=QemuMonitor.qemu_args(sock))
    monitor = QemuMonitor(sock)
    monitor.type_keys("echo hi")          # one sendkey per key
    screen = monitor.read_vga_text()      # 25 strings of 80 characters
"""

import re
import socket
import time

VGA_TEXT_PHYS = 0xB8000
VGA_COLUMNS, VGA_ROWS = 80, 25
PROMPT = "(qemu) "

# Characters that sendkey names differently from themselves (US layout).
KEY_NAMES = {" ": "spc", "\n": "ret", "-": "minus", "=": "equal", ".": "dot", ",": "comma",
             "/": "slash", ";": "semicolon", "'": "apostrophe", "[": "bracket_left",
             "]": "bracket_right", "\\": "backslash", "`": "grave_accent", "\t": "tab"}
SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7", "*": "8",
           "(": "9", ")": "0", "_": "minus", "+": "equal", ":": "semicolon",
           '"': "apostrophe", "<": "comma", ">": "dot", "?": "slash", "|": "backslash",
           "~": "grave_accent", "{": "bracket_left", "}": "bracket_right"}


def key_name(ch):
    """The sendkey name of one character, with shift- where the US layout needs it."""
    if ch.isupper():
        return "shift-" + ch.lower()
    if ch in SHIFTED:
        return "shift-" + SHIFTED[ch]
    return KEY_NAMES.get(ch, ch)


class QemuMonitor:
    """A connection to one QEMU's monitor socket."""

    @staticmethod
    def qemu_args(sock_path):
        """The extra QEMU options that open the monitor on sock_path."""
        return ["-monitor", f"unix:{sock_path},server,nowait"]

    def __init__(self, sock_path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:  # QEMU creates the socket a moment after it starts
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(str(sock_path))
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self._read_until_prompt()

    def _read_until_prompt(self):
        data = b""
        while not data.endswith(PROMPT.encode()):
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("QEMU monitor closed")
            data += chunk
        # The monitor redraws its input line with escape sequences; drop them.
        text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", data.decode("latin-1"))
        return text[: -len(PROMPT)]

    def command(self, line):
        """Run one monitor command; return what it printed (without the echo)."""
        self.sock.sendall(line.encode() + b"\n")
        out = self._read_until_prompt()
        return out.split("\n", 1)[1] if "\n" in out else ""

    def press(self, key):
        """Press and release one key, by sendkey name ("a", "ret", "ctrl-c")."""
        self.command(f"sendkey {key}")

    def type_keys(self, text):
        """Type text on the PS/2 keyboard, one key at a time."""
        for ch in text:
            self.press(key_name(ch))

    def read_vga_text(self):
        """The 25 rows of the VGA text screen, as the guest has them in memory."""
        cells = VGA_COLUMNS * VGA_ROWS
        out = self.command(f"xp /{cells}hx {VGA_TEXT_PHYS:#x}")
        words = re.findall(r"0x([0-9a-fA-F]{4})\b", out)
        chars = "".join(chr(int(w, 16) & 0xFF) for w in words[:cells])
        chars = "".join(c if " " <= c < "\x7f" else " " for c in chars)
        return [chars[r * VGA_COLUMNS:(r + 1) * VGA_COLUMNS] for r in range(VGA_ROWS)]

    def close(self):
        self.sock.close()
