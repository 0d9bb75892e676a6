"""
container_files.py — reading a container's files from a test, the same way in every
test file: a number from any file, one key of a container's `stat`, one attribute.

    from container_files import C, number, stat_value, read_attr, attr_number
    number(m, f"{C}/web/page_limit_hits")    # m: a harness.Machine at a root shell
    stat_value(m, "web", "pswpout")
    attr_number(ctx, "web", "num_tasks")     # ctx: the file's context (its VM's shell)
"""

import re

from shell import run

C = "/configfs/container"


def number(m, path):
    """The decimal number a file holds (and nothing else)."""
    out = m.command(f"cat {path}")
    assert re.fullmatch(r"\d+", out), f"{path}: {out!r}"
    return int(out)


def stat_value(m, name, key):
    """One key of container name's stat."""
    out = m.command(f"grep '^{key} ' {C}/{name}/stat")
    found = re.fullmatch(rf"{key} (\d+)", out)
    assert found, f"no {key} in {name}/stat: {out!r}"
    return int(found.group(1))


def read_attr(ctx, name, attr):
    """What container name's attribute reads, typed at the file's shell."""
    return run(ctx, f"cat {C}/{name}/{attr}")


def attr_number(ctx, name, attr):
    out = read_attr(ctx, name, attr)
    assert re.fullmatch(r"\d+", out), f"{name}/{attr} reads {out!r}"
    return int(out)
