"""`make demo`: the seed's story, the spherical safety car, played on the local chain."""

from scripts.scenario import main as play_scenario

SEED = "scenarios/seed-car.yaml"


def main() -> None:
    play_scenario(SEED)
