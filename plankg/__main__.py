"""python -m plankg: the command line."""

from plankg.cli import main

main()
