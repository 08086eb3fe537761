# SPDX-License-Identifier: MIT
"""A `bitwuzla` command for halmos (`make halmos`), on the bitwuzla solver's PyPI wheel.

halmos 0.3.3 downloads the bitwuzla binary from GitHub, which this machine cannot reach; PyPI
has bitwuzla 0.9.1 as a Python package (requirements-fuzz.txt). halmos calls its solver as
`<command> <query.smt2>` and reads what the binary prints: `sat`, `unsat` or `unknown`, then the
model of a `(get-model)`. bitwuzla's own SMT-LIB parser prints exactly that, so this command only
maps the binary's options halmos passes (`--produce-models`, `--abstraction`) and parses the file.

    python tools/bitwuzla_smt2.py [--produce-models] [--abstraction] QUERY.smt2

On the two queries of the split proof that yices 2.6.4 (halmos' default) left undecided in 10
minutes on a loaded machine, bitwuzla answered unsat in 29 s and 18 s of CPU (yices had not
answered the first after 102 s of CPU).
"""

import sys

import bitwuzla

OPTIONS = {
    "--produce-models": bitwuzla.Option.PRODUCE_MODELS,
    "--abstraction": bitwuzla.Option.ABSTRACTION,
}


def main(argv: list[str]) -> int:
    options = bitwuzla.Options()
    files = []
    for arg in argv:
        if arg in OPTIONS:
            options.set(OPTIONS[arg], True)
        elif arg.startswith("-"):
            print(f'(error "unknown option {arg}")')
            return 2
        else:
            files.append(arg)
    if len(files) != 1:
        print('(error "one query file")')
        return 2
    parser = bitwuzla.Parser(bitwuzla.TermManager(), options)
    try:
        parser.parse(files[0])  # prints the answer of each (check-sat) and the (get-model)
    except bitwuzla.BitwuzlaException as error:
        print(f'(error "{error}")', flush=True)
        return 1
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
