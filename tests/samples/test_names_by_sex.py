"""Fictitious given names fit the person's sex (the ID number's 17th digit), without moving
any other field of a seed."""

from __future__ import annotations

import random
from dataclasses import replace

from shebao.samples import identity
from shebao.samples.history import make_worker
from shebao.samples.identity import FEMALE_GIVEN, GIVEN, MALE_GIVEN, SURNAMES


def _given(name: str) -> str:
    assert name[0] in SURNAMES
    return name[1:]


def test_every_given_character_is_male_female_or_either() -> None:
    assert not set(MALE_GIVEN) & set(FEMALE_GIVEN)
    assert set(MALE_GIVEN) | set(FEMALE_GIVEN) <= set(GIVEN)


def test_men_and_women_draw_from_their_own_characters() -> None:
    seen = {True: set(), False: set()}
    for seed in range(400):
        w = make_worker(random.Random(f"names:{seed}"))
        female = int(w.id_number[16]) % 2 == 0
        assert female == w.female
        given = _given(w.name)
        assert 1 <= len(given) <= 2
        wrong = MALE_GIVEN if female else FEMALE_GIVEN
        assert not set(given) & set(wrong), (w.name, "女" if female else "男")
        seen[female] |= set(given)
    assert seen[True] & set(FEMALE_GIVEN) and seen[False] & set(MALE_GIVEN)
    assert not seen[True] & set(MALE_GIVEN) and not seen[False] & set(FEMALE_GIVEN)


def test_fitting_names_moves_no_other_field() -> None:
    for seed in range(200):
        fitted = make_worker(random.Random(seed))
        blind = make_worker(random.Random(seed), names_by_sex=False)
        assert replace(fitted, name="") == replace(blind, name="")
        assert fitted.name[0] == blind.name[0] and len(fitted.name) == len(blind.name)


def test_unknown_sex_keeps_the_earlier_draw() -> None:
    """With the sex unknown (pay-sheet names), the name is the sex-blind draw of before."""
    for seed in range(100):
        rng = random.Random(seed)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        assert identity.person_name(random.Random(seed)) == rng.choice(SURNAMES) + given
