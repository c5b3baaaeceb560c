"""Locating a CJK font to embed in generated PDFs (samples, drafts, bundles).

Search order: ``$SHEBAO_CJK_FONT``, the Debian packages installed by
``scripts/setup-system.sh`` (WenQuanYi Micro Hei, AR PL UMing), then ``fc-match``. Only
TrueType-outline fonts are returned, because reportlab cannot embed CFF (OpenType/PS) fonts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shebao.errors import ShebaoError

# (path, subfont index inside a .ttc, family name)
KNOWN_FONTS: dict[str, tuple[str, int]] = {
    "sans": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "serif": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}


@dataclass(frozen=True)
class CJKFont:
    path: Path
    subfont: int = 0


@cache
def cjk_font(style: str = "sans") -> CJKFont:
    """A CJK TrueType font; ``style`` is ``sans`` (黑体-like) or ``serif`` (宋体-like)."""
    env = os.environ.get("SHEBAO_CJK_FONT")
    if env and Path(env).is_file():
        return CJKFont(Path(env))
    candidates = [KNOWN_FONTS[style], *KNOWN_FONTS.values()]
    for path, index in candidates:
        if Path(path).is_file():
            return CJKFont(Path(path), index)
    if shutil.which("fc-match"):
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh-cn:fontformat=TrueType"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()
        if out and Path(out).is_file() and out.endswith((".ttf", ".ttc")):
            return CJKFont(Path(out))
    raise ShebaoError(
        "找不到中文字体，请运行 scripts/setup-system.sh 安装 fonts-wqy-microhei",
        "no CJK TrueType font found; run scripts/setup-system.sh or set SHEBAO_CJK_FONT",
        code="no_cjk_font",
    )
