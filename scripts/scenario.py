"""Play any scenario file: `make scenario S=scenarios/x.yaml`, or
`.venv/bin/python -m cobuild scenario scenarios/x.yaml [--network <id>]` (cobuild/cli.py).

Validates the file first (a malformed one is rejected before anything is sent), plays it, prints
the summary and writes out/<name>.json and out/<name>.png. Exit status: 2 when the file or a step
is rejected, 1 when an invariant of the report fails."""

from scripts.demo import main as play_checked


def main(path: str, out_dir: str = "out") -> None:
    play_checked(path, out_dir)
