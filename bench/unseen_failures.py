"""Classify the reader's failures on unseen layouts (the source of docs/unseen-failures.md).

Generates unseen statements (text PDFs), reads them and sorts every loss into a class named
by what in the layout caused it, ranked by the number of documents it hurts, with example
seeds (``shebao samples unseen -n 1 --seed N -o DIR`` rewrites any of them):

* rows: a true record the reader did not return, by cause: the month was 未参保 or unpaid, the
  reader returned the month under another employer key (which column it missed), the
  insurance was not recognised, or the row was dropped; records the reader invented;
* fields of matched records: missing or wrong, by field and the printed column label;
* person fields, by the printed label; refusals, by message.

    .venv/bin/python bench/unseen_failures.py [--count 200] [--seed 20000] [--examples 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ingest.scoring import _keyed
from ingest.unseen_check import VALUE_FIELDS
from shebao.ingest.pipeline import extract_file
from shebao.samples.unseen import generate_unseen
from shebao.samples.unseen.compose import contract_status

from shebao.errors import InputError

ROLE_OF = {"base": "base", "employer_amount": "emp", "personal_amount": "pers",
           "status": "status", "paid_on": "paid_on", "employer": "employer",
           "employer_code": "code"}


def _key(c):
    return (c.month, c.insurance, c.employer_code or c.employer)


def _label(spec, role: str, ins: str | None) -> str:
    for c in spec.columns:
        if c.role == role and c.ins in (None, ins):
            return c.label
    if role == "employer":
        return _label(spec, "code", ins) + " + code table"
    return "-"


def _rows(spec, truth, found, hurt: Counter) -> None:
    months = sorted({c.month for c in truth.contributions})
    not_insured = set(months[: spec.not_insured])
    t, f = _keyed(truth.contributions, _key), _keyed(found.contributions, _key)
    found_by_month = defaultdict(list)
    for c in found.contributions:
        found_by_month[(c.month, c.insurance)].append(c)
    found_ins = {c.insurance for c in found.contributions}
    for k in set(t) - set(f):
        rec = t[k]
        others = found_by_month.get((rec.month, rec.insurance), [])
        if others:
            got = others[0].employer_code or others[0].employer
            want = rec.employer_code or rec.employer
            if got in ("/", "／"):
                cause = "rows: '/' cells of 未参保 rows read as an employer"
            elif rec.employer_code and not others[0].employer_code:
                cause = f"rows: employer code column not read: '{_label(spec, 'code', None)}'"
            elif want is None:
                cause = (f"rows: employer given where the truth has none "
                         f"(column '{_label(spec, 'employer', None)}')")
            else:
                cause = "rows: employer key differs (name or code misread)"
        elif rec.month in not_insured:
            cause = f"rows: 未参保 months not reported (cells '{spec.ni_cell}')"
        elif rec.status == "unpaid":
            cause = f"rows: unpaid months not reported ({spec.unpaid} rows)"
        elif rec.insurance not in found_ins:
            name = spec.ins_names.get(rec.insurance, "?")
            where = "title" if len(spec.insurances) == 1 else (
                "group label" if spec.arrangement == "wide" else "险种 cell")
            cause = f"rows: insurance not recognised ({where} '{name}')"
        else:
            cause = f"rows: {spec.arrangement} row dropped (status {rec.status})"
        hurt[cause] += 1
    printed = {(m, i) for m, i, *_ in t}
    for k in set(f) - set(t):
        rec = f[k]
        if not 1990 <= int(rec.month[:4]) <= 2030:
            hurt["rows: a number (合计 / amount) read as a month"] += 1
        elif (rec.month, rec.insurance) not in printed:
            hurt["rows: invented month (not printed)"] += 1


def _fields(spec, truth, found, hurt: Counter) -> None:
    t, f = _keyed(truth.contributions, _key), _keyed(found.contributions, _key)
    for k in set(t) & set(f):
        a, b = t[k], f[k]
        for name in VALUE_FIELDS:
            want, got = getattr(a, name), getattr(b, name)
            if got == want or (isinstance(want, float) and got is not None
                               and abs(want - got) < 0.005):
                continue
            label = _label(spec, ROLE_OF[name], a.insurance)
            if name == "status":
                word = next((w for s, w in spec.words.items()
                             if contract_status(s) == want), want)
                hurt[f"status: '{word}' read as {got}"] += 1
            elif got is None:
                hurt[f"{name} missing: column '{label}'"] += 1
            else:
                hurt[f"{name} wrong: column '{label}'"] += 1


def _person(spec, truth, found, hurt: Counter) -> None:
    p = spec.person
    labels = {"name": p["name"],
              "id_number": p["id"] if p["id_style"] == "id" else p["ssn_is_id"],
              "social_security_number": p["personal"]
              or (p["ssn_is_id"] if p["id_style"] != "id" else "-"),
              "insured_place": p["place"] or "title"}
    for name, label in labels.items():
        want, got = getattr(truth.person, name), getattr(found.person, name)
        if want != got:
            how = "missing" if got is None else "wrong"
            where = "grid" if p["style"] == "grid" else "line"
            hurt[f"person.{name} {how}: label '{label}' ({where})"] += 1


def classify(seed: int, out: Path) -> Counter:
    """``{class: how many rows or fields it cost}`` for one document."""
    sample = generate_unseen(seed, out)
    spec, truth = sample.spec, sample.truth
    hurt: Counter = Counter()
    try:
        found = extract_file(sample.path)
    except InputError as exc:
        hurt[f"refused: {exc.en[:110]}"] += len(truth.contributions)
        return hurt
    _rows(spec, truth, found, hurt)
    _fields(spec, truth, found, hurt)
    _person(spec, truth, found, hurt)
    return hurt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20000)
    ap.add_argument("--examples", type=int, default=4)
    args = ap.parse_args()
    docs: dict[str, list[int]] = defaultdict(list)
    cost: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seed, args.seed + args.count):
            for name, n in classify(seed, Path(tmp)).items():
                docs[name].append(seed)
                cost[name] += n
    general: dict[str, set[int]] = defaultdict(set)
    for name, seeds in docs.items():
        general[name.split(":")[0].split(" '")[0]].update(seeds)
    print("== general classes (documents hurt)")
    for name, seeds in sorted(general.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(seeds):4}  {name}")
    print("\n== classes (documents, rows or fields, example seeds)")
    for name, seeds in sorted(docs.items(), key=lambda kv: (-len(kv[1]), -cost[kv[0]])):
        print(f"{len(seeds):4} {cost[name]:6}  {name}  e.g. "
              f"{', '.join(map(str, seeds[: args.examples]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
