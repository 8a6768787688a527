"""Chinese on maps and reports with nothing installed but the Python packages.

Each test runs the static-map path in a fresh Python with an empty matplotlib config and cache
folder (``MPLCONFIGDIR``), and hides what a fresh machine would not have: the system's fonts, the
font package, or both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {tests!r})
    if os.environ["HIDE_PACKAGE"] == "1":
        sys.modules["noto_cjk_sans_otc"] = None  # as if it were not installed
    import matplotlib
    from matplotlib import font_manager as fm
    own = os.path.realpath(matplotlib.get_data_path())
    if os.environ["HIDE_SYSTEM"] == "1":  # only matplotlib's own DejaVu fonts remain
        fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist
                                  if os.path.realpath(f.fname).startswith(own)]
        later = os.environ.get("INSTALLED_LATER")
        fm.findSystemFonts = lambda *a, **k: [later] if later else []
    cached_cjk = sorted({{f.name for f in fm.fontManager.ttflist if "CJK" in f.name}})
    print("cached CJK families:", cached_cjk, file=sys.stderr)
    from conftest import planning_layers
    import maps
    from maps.paper.static import find_cjk_font
""").format(tests=str(ROOT / "tests"))


def run(
    code: str,
    tmp_path: Path,
    *,
    hide_package: bool,
    hide_system: bool,
    installed_later: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MPLCONFIGDIR": str(tmp_path / "mplconfig"),
        "HIDE_PACKAGE": "1" if hide_package else "0",
        "HIDE_SYSTEM": "1" if hide_system else "0",
        "INSTALLED_LATER": str(installed_later or ""),
    }
    (tmp_path / "mplconfig").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_map_is_drawn_in_chinese_with_no_system_font(tmp_path: Path) -> None:
    proc = run(
        """
        out = maps.static_map(planning_layers(), "zh.pdf", lang="zh", dpi=60)
        print(find_cjk_font().family, find_cjk_font().path, sep="|")
    """,
        tmp_path,
        hide_package=False,
        hide_system=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cached CJK families: []" in proc.stderr
    family, path = proc.stdout.strip().splitlines()[-1].split("|")
    assert family in ("Noto Sans CJK TC", "Noto Sans CJK HK")
    assert "noto_cjk_sans_otc" in path
    text = pdf_text(tmp_path / "zh.pdf")
    assert "生命健康科技區" in text and "人才住宿區" in text
    assert "warning" not in proc.stderr


def test_font_installed_after_the_cache_was_built_is_found(tmp_path: Path) -> None:
    """The cache on disk has no CJK family; the font appears in a font folder afterwards."""
    build = run(
        """
        fm.json_dump(fm.fontManager, os.path.join(matplotlib.get_cachedir(),
                     f"fontlist-v{fm.FontManager.__version__}.json"))
    """,
        tmp_path,
        hide_package=True,
        hide_system=True,
    )
    assert build.returncode == 0, build.stderr
    import noto_cjk_sans_otc

    later = tmp_path / "fonts" / "NotoSansCJK-Regular.ttc"
    later.parent.mkdir()
    shutil.copyfile(noto_cjk_sans_otc.FONT_PATH, later)
    proc = run(
        """
        maps.static_map(planning_layers(), "later.pdf", lang="both", dpi=60)
        print(find_cjk_font().path)
    """,
        tmp_path,
        hide_package=True,
        hide_system=True,
        installed_later=later,
    )
    assert proc.returncode == 0, proc.stderr
    assert "cached CJK families: []" in proc.stderr  # the cache was read, without the font
    assert proc.stdout.split()[-1] == str(later)
    assert "人才住宿區" in pdf_text(tmp_path / "later.pdf")


def test_no_cjk_font_at_all_draws_english_after_one_warning_line(tmp_path: Path) -> None:
    proc = run(
        """
        maps.static_map(planning_layers(), "a.pdf", lang="both", dpi=60)
        maps.static_map(planning_layers(), "b.png", lang="zh", dpi=60)
    """,
        tmp_path,
        hide_package=True,
        hide_system=True,
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if "warning" in ln.lower()]
    assert len(warnings) == 1, proc.stderr
    assert "English" in warnings[0] and "Traceback" not in proc.stderr
    text = pdf_text(tmp_path / "a.pdf")
    assert "Life & Health Technology" in text
    assert "人才住宿區" not in text and (tmp_path / "b.png").stat().st_size > 0
