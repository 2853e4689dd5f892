"""Exits 0 when every `name==version` pin of a requirements file is installed.

Usage: python3 check_requirements.py requirements.txt

Otherwise it prints what is missing or differs and exits 1. Used by the
emulator's independent-client test (to fail with a clear message) and by
`cargo xtask test` (to install only what is missing).
"""

import re
import sys
from importlib import metadata

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;#]+)")


def main(path):
    problems = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            pin = PIN.match(line)
            if not pin:
                problems.append(f"{line!r} is not pinned as name==version")
                continue
            name, version = pin.group(1), pin.group(3)
            try:
                installed = metadata.version(name)
            except metadata.PackageNotFoundError:
                problems.append(f"{name} is not installed (want {version})")
                continue
            if installed != version:
                problems.append(f"{name} {installed} is installed, want {version}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
