"""Copies standard input to standard output without the libraries' start-up warnings.

A warning is a line "…/site-packages/…: SomethingWarning: …" (pkg_resources, distutils,
jax, pyparsing), followed by the indented source line it points at and, for
pkg_resources, a line "Implementing implicit namespace packages …". They say nothing to
someone running the assistant. Line by line and unbuffered: `bot/scripts/run.sh` waits for
"Rasa server is up and running" in the log this writes to.
"""
import re
import sys

WARNING = re.compile(r"site-packages/.*Warning: ")


def main() -> None:
    skip = False  # inside a warning: its source line follows
    for line in iter(sys.stdin.readline, ""):
        if WARNING.search(line):
            skip = True
        elif line.startswith("Implementing implicit namespace packages"):
            pass
        elif skip and line[:1] in (" ", "\t"):
            skip = False
        else:
            skip = False
            sys.stdout.write(line)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
