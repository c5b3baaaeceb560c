"""A batch reader writes its answer (the document's ``shebao.extract/1`` JSON) record by record
(``json_pieces`` over :meth:`~shebao.records.Extract.to_json_stream`): the same bytes as the
whole ``json.dumps`` it wrote before, without the records' dicts and the whole text made
first beside the records (a 2,000-page statement's peak; issue 10)."""

from __future__ import annotations

import json
from pathlib import Path


def test_answer_is_the_json_of_the_extract_made_record_by_record(tmp_path, monkeypatch):
    from shebao.batch.run import Limits, read_isolated
    from shebao.ingest.pipeline import extract_file
    from shebao.samples import generate

    from shebao.files import display_text
    from shebao.records import Extract

    documents = [generate("L1", 7, tmp_path / "in").path, generate("L4", 2, tmp_path / "in").path]
    expected = [display_text(json.dumps({"extract": extract_file(d).to_json_dict()},
                                        ensure_ascii=False)) for d in documents]

    def whole(self):  # (the forked reader inherits this)
        raise AssertionError("the whole JSON dict made at once")

    monkeypatch.setattr(Extract, "to_json_dict", whole)
    targets = [tmp_path / f"{i}.json" for i in range(len(documents))]
    read_isolated([[d] for d in documents], targets, ocr=False, jobs=1, limits=Limits())
    assert [t.read_text("utf-8") for t in targets] == expected


def test_a_refusal_is_written_as_before(tmp_path):
    from shebao.batch.run import Limits, read_isolated

    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    target = tmp_path / "0.json"
    read_isolated([[bad]], [target], ocr=False, jobs=1, limits=Limits())
    answer = json.loads(target.read_text("utf-8"))
    assert answer["failed"]["reason"] == "unreadable" and "0 字节" in answer["failed"]["zh"]
    assert Path(target).read_text("utf-8") == json.dumps(answer, ensure_ascii=False)
