"""
xv6.py — xv6-public booted in the same QEMU as Corral, for the side-by-side figures.

The images are xv6-public's x86 build (xv6.img: boot block and kernel; fs.img: the
file system with its user programs), gzipped, in the folder named by the environment
variable XV6_REF (when it is unset, reference_dir tries a default place beside the
repository): xv6.img.gz and xv6-fs.img.gz.  They are unpacked into the bench's work folder, so the
originals are never written.  xv6 runs with its own QEMU line (IDE disks, 512 MiB,
one CPU; -nographic puts its console on the serial line) and prints `$ ` as its prompt.
"""

import gzip
import os
import shutil
from pathlib import Path

import harness
from bench.guest import Guest

XV6_PROMPT = "$ "
IMAGES = (("xv6.img.gz", "xv6.img"), ("xv6-fs.img.gz", "fs.img"))


def reference_dir(repo_root):
    """The folder holding the xv6 images, or None if there is none."""
    named = os.environ.get("XV6_REF")
    folder = Path(named) if named else Path(repo_root).parent / "shared" / "ref"
    if all((folder / gz).is_file() for gz, _ in IMAGES):
        return folder
    return None


def unpack(ref, workdir):
    """Unpacked copies of the two images in workdir; returns workdir."""
    workdir.mkdir(parents=True, exist_ok=True)
    for gz, name in IMAGES:
        with gzip.open(ref / gz, "rb") as src, open(workdir / name, "wb") as dst:
            shutil.copyfileobj(src, dst)
    return workdir


class Xv6Machine(harness.Machine):
    """A harness Machine whose QEMU line boots xv6 instead of Corral's ISO."""

    def __init__(self, images, workdir, **kwargs):
        super().__init__(images / "xv6.img", workdir, prompt=XV6_PROMPT, **kwargs)
        self.images = images

    def qemu_command(self):
        return [harness.QEMU, "-nographic",
                "-drive", f"file={self.images / 'fs.img'},index=1,media=disk,format=raw",
                "-drive", f"file={self.images / 'xv6.img'},index=0,media=disk,format=raw",
                "-smp", "1", "-m", "512"] + self.extra_args


class Xv6Guest(Guest):
    """Guest's boot and timing, for xv6 (no disks of Corral's; killed, not halted)."""

    def __init__(self, images, workdir, name, echo=False):
        super().__init__(None, workdir, name, disks=False, echo=echo)
        self.images = images

    def make_machine(self, disk, swap):
        return Xv6Machine(self.images, self.workdir, echo=self.echo, name=self.name)

    def halt(self):
        self.kill()  # xv6 has no halt; its disk is a scratch copy anyway
