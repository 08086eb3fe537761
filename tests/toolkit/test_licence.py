# SPDX-License-Identifier: MIT
"""Cobuild is MIT-licensed, and every source file says so: LICENSE is the MIT text, package.json
(and the npm packages under packages/) name MIT, and every tracked source file of ours carries
`SPDX-License-Identifier: MIT` in its first lines (after a shebang or a doctype). Pure Python, no
chain: the files are the ones git tracks."""

import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPDX = "SPDX-License-Identifier"
# the folders that hold our sources, and the suffixes of the files in them that take a comment
ROOTS = (
    "contracts/",
    "interfaces/",
    "cobuild/",
    "scripts/",
    "tools/",
    "tests/",
    "app/",
    "packages/",
)
COMMENT = {
    ".sol": "// {}",
    ".py": "# {}",
    ".sh": "# {}",
    ".js": "// {}",
    ".mjs": "// {}",
    ".ts": "// {}",
    ".css": "/* {} */",
    ".html": "<!-- {} -->",
}
HEADER_LINES = 3  # a shebang or a doctype, the header, and one line of slack

MIT_TEXT = """Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def tracked(*paths: str) -> list[str]:
    run = subprocess.run(
        ["git", "ls-files", "-z", "--", *paths], cwd=ROOT, capture_output=True, check=True
    )
    return [p for p in run.stdout.decode().split("\0") if p]


def sources() -> list[str]:
    """Our tracked source files (deleted ones still in the index are skipped)."""
    return [
        path for path in tracked(*ROOTS) if Path(path).suffix in COMMENT and (ROOT / path).is_file()
    ]


# a comment line that names a licence: `// SPDX-License-Identifier: MIT`, `<!-- ... -->`
SPDX_LINE = re.compile(rf"^\s*(?://|#|/\*|<!--)\s*{SPDX}:\s*(.*?)\s*(?:\*/|-->)?\s*$", re.M)


def licences(text: str) -> list[str]:
    """The licences the comment lines of `text` name: `// SPDX-License-Identifier: MIT` -> MIT."""
    return SPDX_LINE.findall(text)


def header_problem(path: str, root: Path = ROOT) -> str | None:
    """What is wrong with `path`'s licence header, or None."""
    text = (root / path).read_text(encoding="utf8", errors="replace")
    named = licences(text)
    others = sorted({name for name in named if name != "MIT"})
    if others:
        return f"names {', '.join(others)}"
    head = "\n".join(text.splitlines()[:HEADER_LINES])
    if licences(head) != ["MIT"]:
        wanted = COMMENT[Path(path).suffix].format(f"{SPDX}: MIT")
        return f"has no `{wanted}` in its first {HEADER_LINES} lines"
    return None


def test_every_source_file_carries_the_mit_spdx_header():
    files = sources()
    # the scope is what it says: each kind of source of ours is in it
    for sample in (
        "contracts/CobuildFactory.sol",
        "interfaces/ICobuildProject.sol",
        "cobuild/cli.py",
        "scripts/deploy.py",
        "tools/solc-shim.js",
        "tests/conftest.py",
        "app/build.mjs",
        "app/src/main.js",
        "packages/abi/build.mjs",
    ):
        assert sample in files, sample
    problems = [f"{path}: {p}" for path in files if (p := header_problem(path))]
    assert not problems, "licence headers:\n" + "\n".join(problems)


def test_the_header_check_finds_a_missing_and_a_foreign_header(tmp_path):
    """The check above would see a file without a header and one that names another licence."""
    (tmp_path / "a.py").write_text('"""No header."""\n')
    (tmp_path / "b.sol").write_text("// SPDX-License-Identifier: GPL-3.0\ncontract B {}\n")
    (tmp_path / "c.sh").write_text("#!/bin/sh\n# SPDX-License-Identifier: MIT\necho\n")
    (tmp_path / "d.html").write_text("<!doctype html>\n<!-- SPDX-License-Identifier: MIT -->\n")
    assert "has no `# SPDX-License-Identifier: MIT`" in header_problem("a.py", tmp_path)
    assert header_problem("b.sol", tmp_path) == "names GPL-3.0"
    assert header_problem("c.sh", tmp_path) is None
    assert header_problem("d.html", tmp_path) is None


def test_licence_file_is_the_mit_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf8")
    first, copyright_line, rest = text.split("\n\n", 2)
    assert first == "MIT License"
    assert re.fullmatch(r"Copyright \(c\) \d{4}(-\d{4})? Cobuild contributors", copyright_line)
    assert rest == MIT_TEXT


def test_package_manifests_name_the_same_licence():
    manifests = ["package.json", *(p for p in tracked("packages/") if p.endswith("package.json"))]
    assert len(manifests) > 1  # the root and the npm packages beside it
    for manifest in manifests:
        assert json.loads((ROOT / manifest).read_text())["license"] == "MIT", manifest
    # a published package carries the licence text itself (npm packs LICENSE from its folder)
    for manifest in manifests[1:]:
        copy = ROOT / Path(manifest).parent / "LICENSE"
        assert copy.read_text() == (ROOT / "LICENSE").read_text(), copy
