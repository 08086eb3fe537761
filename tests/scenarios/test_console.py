# SPDX-License-Identifier: MIT
"""The console helpers open a project, invest and show its state with short calls."""

from cobuild.console import (
    Status,
    finalize,
    invest,
    new_project,
    offer,
    platform,
    show,
    who,
)

E = 10**18


def test_console_helpers_open_invest_and_show(capsys):
    car = new_project(platform(), "ada", dimensions=["body", "engine"], slots=1)
    body = offer(car, "rondo", "body", 2)
    engine = offer(car, "voltdrive", 1, 3.5)
    combo = invest(car, "backer-1", [body, engine], 5)
    assert invest(car, "backer-2", combo, 0.5) == combo
    assert car.combination(combo)["funded"] == 5 * E + E // 2
    assert car.stakeOf(combo, who("backer-2")) == E // 2
    assert car.config()["creator"] == who("ada").address

    show(car)
    text = capsys.readouterr().out
    assert f"project {car.address}  phase Ideation  balance 5.5 ETH" in text
    assert "option 1: body       quote 2 by rondo" in text
    assert "option 2: engine     quote 3.5 by voltdrive" in text
    assert "combination 1 [1, 2]: Backed       funded 5.5/5.5 ETH, 2 supporters" in text

    finalize(car, "ada")
    assert car.status(combo) == Status.Selected
    show(car)
    assert (
        "selection: 1 by rank + 0 rescued of 1 ranked, 5.5 ETH invested" in capsys.readouterr().out
    )
