"""Template lint (every variable a template uses exists in the context model) and template
errors that name the template file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from shebao.reports.context import Context
from shebao.reports.templating import (
    INTERNAL,
    KINDS,
    TEMPLATE_DIR,
    TemplateProblem,
    markers,
    undeclared,
)

from shebao.cli import main

ALL_TEMPLATES = [k.template for k in KINDS.values()] + sorted(INTERNAL)


@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_template_uses_only_context_variables(template):
    assert undeclared(template) == set()


def test_every_template_file_is_a_kind_a_bundle_part_or_a_shared_piece():
    files = {p.name for p in TEMPLATE_DIR.glob("*.j2")}
    shared = {"base.html.j2", "_macros.html.j2"}
    shared |= {"factory_summary.html.j2", "joint_complaint.html.j2"}  # batch; tests/batch
    assert files == set(ALL_TEMPLATES) | shared


def test_lint_catches_a_variable_the_context_lacks(tmp_path):
    (tmp_path / "complaint.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}{{ employer.name }}{{ employer_fax }}'
        "{% endblock %}", encoding="utf-8")
    assert undeclared("complaint.html.j2", tmp_path) == {"employer_fax"}
    assert "employer_fax" not in Context.model_fields


def _draft(case, out: Path, templates: Path, capsys) -> tuple[int, str]:
    code = main(["draft", str(case.case_dir), "--kind", "complaint", "-o", str(out),
                 "--audit", str(case.audit_file), "--templates", str(templates)])
    return code, capsys.readouterr().err


def test_syntax_error_names_template_and_line(dongguan, tmp_path, capsys):
    override = tmp_path / "tpl"
    override.mkdir()
    (override / "complaint.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block body %}\n<p>{{ worker.name }</p>\n'
        "{% endblock %}\n", encoding="utf-8")
    out = tmp_path / "c.html"
    code, err = _draft(dongguan, out, override, capsys)
    assert code == 2
    assert "complaint.html.j2" in err and "第3行" in err and "line 3" in err
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".c.html.*"))


def test_unknown_variable_at_render_names_template_and_line(dongguan, tmp_path, capsys):
    override = tmp_path / "tpl"
    override.mkdir()
    (override / "complaint.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block body %}\n<p>ok</p>\n\n'
        "<p>{{ employer.fax }}</p>\n{% endblock %}\n", encoding="utf-8")
    code, err = _draft(dongguan, tmp_path / "c.html", override, capsys)
    assert code == 2
    assert "complaint.html.j2" in err and "第5行" in err and "fax" in err


def test_an_override_folder_replaces_only_the_templates_it_contains(dongguan, tmp_path, capsys):
    override = tmp_path / "tpl"
    override.mkdir()
    (override / "complaint.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<h1>我们自己的投诉书</h1>'
        "<p>{{ worker.name }}</p>{% endblock %}", encoding="utf-8")
    out = tmp_path / "c.md"
    code, _ = _draft(dongguan, out, override, capsys)
    assert code == 0
    assert out.read_text(encoding="utf-8") == "# 我们自己的投诉书\n\n王春燕\n"


def test_markers_lists_each_missing_fact_once():
    text = "【待补充：地址】和【待补充：电话】，又是【待补充：地址】"
    assert markers(text) == ["【待补充：地址】", "【待补充：电话】"]


def test_missing_template_is_a_clear_error(tmp_path):
    with pytest.raises(TemplateProblem) as info:
        undeclared("nonexistent.html.j2")
    assert "nonexistent.html.j2" in info.value.format()
