#!/usr/bin/env python3
"""Summarises an ld.lld link map (-Map): what the binary's bytes are made of, largest first.

    scripts/link-map-summary.py MAP [TOP]

Every input section the link kept is charged to where it came from: a Swift module's object (Agent.o), a
C library archive (libcrypto.a), or the linker itself (merged strings and constants). Sections that take
no room in the file (.bss, .tbss) are counted apart. Used by `make size` (scripts/size.sh).
"""
import collections
import os
import re
import subprocess
import sys

NOBITS = {".bss", ".tbss"}
NOT_LOADED = {".comment", ".symtab", ".strtab", ".shstrtab"}  # not in the stripped binary, or not loaded
# An input-section line ends in "FILE:(SECTION)"; FILE may be "ARCHIVE(MEMBER)".
INPUT = re.compile(r"^(?P<file>.+):\((?P<section>[^)]*)\)$")


def swift_module(section):
    """The Swift module whose code an LTO section holds, from the Embedded mangled name in its name
    ($e4JSON... is module JSON; $es... is the standard library, specialised for pinpost's types)."""
    mangled = re.search(r"\$e(?:(s)|(\d+)([A-Za-z_]\w*))", section)
    if mangled is None:
        return "Swift (outlined code, runtime, entry point)"
    if mangled.group(1):
        return "Swift standard library"
    return "Swift " + mangled.group(3)[: int(mangled.group(2))]


def owner(path, section=""):
    """The archive or object a section belongs to, by file name (directories only say which cache entry).
    With LTO all Swift code comes out of one object (<output>.lto.o): it is split by module name."""
    if path.endswith(".lto.o"):
        return swift_module(section)
    if path.startswith("<internal>"):
        return "(linker: merged strings and constants)"
    archive = re.match(r"^(.*\.a)\((.*)\)$", path)
    if archive:
        return os.path.basename(archive.group(1))
    return os.path.basename(path)


def member(path):
    archive = re.match(r"^(.*\.a)\((.*)\)$", path)
    return f"{os.path.basename(archive.group(1))}({archive.group(2)})" if archive else os.path.basename(path)


def demangle(symbols):
    """Readable names through `swift demangle` when the toolchain has it; the mangled ones otherwise."""
    try:
        result = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(symbols),
                                capture_output=True, text=True, timeout=60, check=True)
        lines = result.stdout.splitlines()
        return lines if len(lines) == len(symbols) else symbols
    except (OSError, subprocess.SubprocessError):
        return symbols


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: link-map-summary.py MAP [TOP]")
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    by_owner = collections.Counter()
    by_member = collections.Counter()
    by_output = collections.Counter()
    by_section = collections.Counter()
    nobits = 0
    output_section = None
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        header = next(f, "")
        # The name's column says what a line is: an output section, an input section, or a symbol.
        out_column, in_column = header.find(" Out") + 1, header.find(" In ") + 1
        for line in f:
            fields = line.split(None, 4)
            if len(fields) < 5:
                continue
            size = int(fields[2], 16)
            name = fields[4].rstrip("\n")
            column = len(line) - len(line.lstrip(" "))
            column = line.index(fields[4], column + len(" ".join(fields[:4])))
            if column == out_column:
                output_section = name.split()[0]
                continue
            if column != in_column:
                continue  # a symbol inside an input section, already counted
            if output_section in NOT_LOADED:
                continue
            if output_section in NOBITS:
                nobits += size
                continue
            match = INPUT.match(name)
            path = match.group("file") if match else name
            by_owner[owner(path, match.group("section") if match else "")] += size
            by_member[member(path)] += size
            by_output[output_section] += size
            if match and path.endswith(".lto.o"):
                by_section[match.group("section")] += size
    total = sum(by_owner.values())
    print(f"    file-backed sections: {total} bytes; zero-filled (.bss): {nobits} bytes")
    print("    by output section: " + ", ".join(f"{s} {n}" for s, n in by_output.most_common(6)))
    print(f"    largest contributors (of {len(by_owner)}):")
    for name, size in by_owner.most_common(top):
        print(f"      {size:>9}  {100.0 * size / max(total, 1):5.1f}%  {name}")
    if by_section:
        largest = by_section.most_common(top)
        names = demangle([re.sub(r"^\.[a-z.]+?\.(?=\$|_|[A-Z])", "", section) for section, _ in largest])
        print("    largest Swift functions and constants:")
        for (section, size), name in zip(largest, names):
            print(f"      {size:>9}  {name[:150]}")
    archives = [(m, s) for m, s in by_member.most_common() if ".a(" in m]
    if archives:
        print("    largest archive members:")
        for name, size in archives[:top]:
            print(f"      {size:>9}  {name}")


if __name__ == "__main__":
    main()
