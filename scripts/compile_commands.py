#!/usr/bin/env python3
"""compile_commands.py "CC FLAGS" SRC... — print a compile_commands.json for clangd."""
import json
import os
import shlex
import sys

cmd, srcs = sys.argv[1], sys.argv[2:]
root = os.getcwd()
print(json.dumps([{"directory": root, "file": s,
                   "arguments": shlex.split(cmd) + ["-c", s]} for s in srcs], indent=1))
