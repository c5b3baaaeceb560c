"""Settings: config file < environment < command option; bad config files are named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shebao import config
from shebao.cli import main
from shebao.errors import UsageError

ALL_ENVS = [s.env for s in config.SETTINGS] + [config.CONFIG_ENV, "XDG_CONFIG_HOME"]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for env in ALL_ENVS:
        # set then delete, so that monkeypatch restores the variable's absence afterwards too:
        # a command run in-process (--ocr-engine) sets it, and it leaked into later tests
        monkeypatch.setenv(env, "")
        monkeypatch.delenv(env)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return monkeypatch


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_file_fills_the_environment_where_it_is_unset(clean_env, tmp_path):
    write(tmp_path / "xdg" / "shebao" / "config.toml",
          '[ocr]\nengine = "paddleocr"\nthreads = 1\ncache = false\nint8 = false\n'
          '[paths]\ncache = "~/somewhere"\n')
    clean_env.setenv("SHEBAO_OCR_THREADS", "3")  # the environment wins over the file
    copied = config.apply()
    assert os.environ["SHEBAO_OCR_ENGINE"] == "paddleocr"
    assert os.environ["SHEBAO_OCR_CACHE"] == "0"
    assert os.environ["SHEBAO_OCR_INT8"] == "0"
    assert os.environ["SHEBAO_OCR_THREADS"] == "3"
    assert os.environ["SHEBAO_CACHE"] == str(Path("~/somewhere").expanduser())
    assert "SHEBAO_OCR_THREADS" not in copied


def test_effective_settings_say_where_each_value_comes_from(clean_env, tmp_path):
    path = write(tmp_path / "c.toml", '[ocr]\nengine = "paddleocr"\n')
    clean_env.setenv(config.CONFIG_ENV, str(path))
    clean_env.setenv("SHEBAO_OCR_THREADS", "2")
    rows = {s.env: (value, source) for s, value, source in config.effective()}
    assert rows["SHEBAO_OCR_ENGINE"] == ("paddleocr", "配置文件")
    assert rows["SHEBAO_OCR_THREADS"] == ("2", "环境变量")
    assert rows["SHEBAO_OCR_CACHE"] == (None, "默认")


@pytest.mark.parametrize("text, words", [
    ("[ocr\nengine = 1", "TOML"),
    ('[ocr]\nengin = "rapidocr"\n', "[ocr] engin"),
    ("[ocr]\nthreads = -1\n", "[ocr] threads"),
    ('[ocr]\ncache = "yes"\n', "[ocr] cache"),
    ('ocr = "rapidocr"\n', "[ocr]"),
])
def test_bad_config_file_is_named_with_the_problem(clean_env, tmp_path, text, words):
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(UsageError) as caught:
        config.read_file(path)
    assert words in caught.value.zh and caught.value.file == str(path)


def test_bad_config_file_stops_the_command_with_one_line(clean_env, tmp_path, capsys):
    path = write(tmp_path / "bad.toml", "[ocr\n")
    clean_env.setenv(config.CONFIG_ENV, str(path))
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "bad.toml" in err and "Traceback" not in err


@pytest.mark.parametrize("env, value", [("SHEBAO_BATCH_SECONDS", "ten"),
                                        ("SHEBAO_BATCH_MEMORY_MB", "1.5G"),
                                        ("SHEBAO_BATCH_SECONDS_PER_PAGE", "-1"),
                                        ("SHEBAO_OCR_THREADS", "two")])
def test_a_numeric_setting_in_the_environment_that_is_no_number_is_named(clean_env, capsys,
                                                                         env, value):
    clean_env.setenv(env, value)
    assert main(["config"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and f"环境变量 {env} 应为非负" in err and repr(value) in err
    assert "Traceback" not in err


def test_named_config_file_must_exist(clean_env, tmp_path, capsys):
    clean_env.setenv(config.CONFIG_ENV, str(tmp_path / "missing.toml"))
    assert main(["config"]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_config_command_lists_settings_and_engines(clean_env, capsys):
    clean_env.setenv("COLUMNS", "200")
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "SHEBAO_OCR_ENGINE" in out and "rapidocr" in out and "paddleocr" in out


def test_ocr_engine_option_wins_over_the_config_file(clean_env, tmp_path, capsys):
    """The file asks for RapidOCR, the option for paddleocr (not installed here): the command
    must try paddleocr and say how to make it available, in one line, exit 2."""
    from shebao.ingest.ocr.engines import _instance

    if _instance("paddleocr").is_available():
        pytest.skip("paddleocr is available here; the refusal cannot be shown")
    write(tmp_path / "xdg" / "shebao" / "config.toml", '[ocr]\nengine = "rapidocr"\n')
    image = tmp_path / "photo.png"
    from PIL import Image

    Image.new("RGB", (600, 800), "white").save(image)
    assert main(["extract", "--ocr-engine", "paddleocr", str(image)]) == 2
    err = capsys.readouterr().err
    assert "paddleocr" in err and "SHEBAO_PADDLE_DET_DIR" in err
