# SPDX-License-Identifier: MIT
"""`python -m cobuild <command>`: see cobuild/cli.py."""

import sys

from cobuild.cli import main

sys.exit(main(prog="python -m cobuild"))
