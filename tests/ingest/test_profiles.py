"""Layout profiles are data: every file loads, unknown and duplicate keys are rejected."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import ValidationError
from shebao.ingest.lexicon import Lexicon
from shebao.ingest.profiles import Profile, load_yaml, profiles, vocabulary

from shebao.records import INSURANCES, STATUSES


def test_every_profile_loads_and_ids_are_unique():
    found = profiles()
    ids = [p.id for p in found]
    assert len(ids) == len(set(ids))
    assert {"L1", "L2", "L3", "L4", "L5", "L5-henan", "L6", "generic", "generic-payslip"} <= set(
        ids
    )


def test_there_is_a_generic_fallback_for_each_document_kind():
    kinds = {p.kind for p in profiles() if p.granularity == "auto"}
    assert kinds == {"statement", "payslip"}


def test_profiles_only_name_known_fields_statuses_and_insurances():
    vocab = vocabulary()
    fields = set(vocab.statement_fields) | set(vocab.payslip_fields)
    for p in profiles():
        assert set(p.synonyms) <= fields, p.id
        assert set(p.status_words) <= set(STATUSES), p.id
        assert set(p.markers.values()) <= set(STATUSES), p.id
        assert p.default_insurance in (None, *INSURANCES), p.id


def test_vocabulary_values_are_from_the_contract():
    vocab = vocabulary()
    assert set(vocab.insurances) == set(INSURANCES)
    assert set(vocab.status_words) <= set(STATUSES)
    assert set(vocab.markers.values()) <= set(STATUSES)
    for pattern in vocab.furniture:
        re.compile(pattern)


def test_no_header_synonym_means_two_fields():
    vocab = vocabulary()
    for table in (vocab.statement_fields, vocab.payslip_fields):
        seen: dict[str, str] = {}
        for field, words in table.items():
            for w in words:
                assert seen.setdefault(w, field) == field, (w, seen[w], field)


def test_unknown_key_is_rejected():
    with pytest.raises(ValidationError):
        Profile.model_validate(
            load_yaml("id: x\nname: x\nkind: statement\ngranularity: auto\ntitel: typo\n")
        )


def test_duplicate_key_is_rejected():
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key 'id'"):
        load_yaml("id: x\nid: y\n")


def test_every_profile_builds_a_lexicon():
    for p in profiles():
        lex = Lexicon(vocabulary(), p)
        word = {"statement": "缴费基数", "payslip": "实发工资", "insured_list": "起止年月"}[p.kind]
        assert lex.classify(word) is not None
