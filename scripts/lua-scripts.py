#!/usr/bin/env python3
"""Prints the Lua of one of the Redis scripts in Sources/TicketingRedis/Scripts as Redis runs it
(prelude included), so redis-cli and redis-benchmark can load the very same source.

    scripts/lua-scripts.py coupon.claim
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent / "Sources/TicketingRedis/Scripts"
block = re.compile(r'"""\n(.*?)\n([ \t]*)"""', re.S)


def literal(text):
    """A Swift multi-line literal's value: the closing delimiter's indentation is stripped."""
    match = block.search(text)
    body, indent = match.group(1), match.group(2)
    return "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body.split("\n"))


prelude_file = (root / "LuaPrelude.swift").read_text()
prelude = literal(prelude_file)
name = sys.argv[1]
for path in root.glob("*Scripts.swift"):
    text = path.read_text()
    found = re.search(r'RedisScript\(name: "' + re.escape(name) + r'", source: (LuaPrelude\.source \+ )?"""', text)
    if found:
        source = literal(text[found.start():])
        sys.stdout.write((prelude if found.group(1) else "") + source)
        sys.exit(0)
sys.exit(f"no script named {name}")
