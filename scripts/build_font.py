"""Subset a CJK font to every Chinese character the atlas can show, so Chinese always
renders with the app's own font, whatever fonts a classroom computer has.

    python scripts/build_font.py [--source NotoSansCJK-Regular.ttc]

The source is Noto Sans CJK SC from Debian's fonts-noto-cjk (SIL Open Font License);
without --source and without the package installed, the script fetches the package with
`apt-get download` into a temporary folder (nothing is installed). It writes two
slices, served by the app and committed:

- assets/fonts/atlas-cjk-common.woff2: what every page can show (the language link
  中文, the Chinese names of places in an event's details);
- assets/fonts/atlas-cjk-zh.woff2: the rest, which only a Chinese page needs;

and assets/style/fonts.css, whose @font-face rules give each slice the exact
characters it holds (unicode-range), so a browser fetches a slice only for a page that
uses it. Characters come from every text that ships: the geodata, the catalogues
(dashboard/locales/*.po), the package's own strings, and the words Babel writes in
Chinese dates. A test (tests/unit/test_font.py) fails if any shipped Chinese text has a
character the slices lack: rerun this script after adding Chinese text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.i18n import NAMES, date_label  # noqa: E402

FONTS = ROOT / "assets" / "fonts"
CSS = ROOT / "assets" / "style" / "fonts.css"
NOTO = "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # Simplified Chinese face in the Noto CJK collection
FAMILY = "Atlas CJK"


def is_cjk(ch: str) -> bool:
    """Ideographs, CJK punctuation and full-width forms: what the font's slices cover."""
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _cjk(text: str) -> set[str]:
    return {ch for ch in text if is_cjk(ch)}


def _strings(value, skip: str):
    """Every string in a JSON value, except under keys named `skip`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def common_characters() -> set[str]:
    """What a page in any language can show: the name of Chinese in the language links,
    and the Chinese in the data outside its Chinese translations (places' names, a
    Russian note's Chinese term)."""
    chars = _cjk(NAMES["zh"])
    for layer in (ROOT / "geodata").glob("*.geojson"):
        doc = json.loads(layer.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            props = feature["properties"]
            for text in _strings({k: v for k, v in props.items() if k != "label_zh"}, "zh"):
                chars |= _cjk(text)
    return chars


def all_characters() -> set[str]:
    """Every CJK character in every text the atlas ships."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "geodata").glob("*.geojson")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").rglob("*.po")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").rglob("*.py")]
    # the words of Chinese dates (年, 月, 日), in every form the atlas writes
    texts += [date_label(date(1969, 3, 2), p, "zh") for p in ("year", "month", "day")]
    return set().union(*(_cjk(t) for t in texts))


def _source(given: Path | None, workdir: Path) -> Path:
    if given:
        return given
    installed = Path("/") / NOTO
    if installed.exists():
        return installed
    subprocess.run(["apt-get", "download", "fonts-noto-cjk"], cwd=workdir, check=True)
    deb = next(workdir.glob("fonts-noto-cjk_*.deb"))
    subprocess.run(["dpkg", "-x", str(deb), str(workdir / "pkg")], check=True)
    return workdir / "pkg" / NOTO


# Spaces are kept in both slices though no page asks a slice for them (they are not in
# its unicode-range): WeasyPrint (Pango) sets a space between Chinese words in the
# Chinese font, and without a glyph for it the PDF's text came out as wrong characters
# in pypdf and in a reader's search and copy (issue 22).
SPACES = " \u00a0\u3000"


def _subset(source: Path, chars: set[str], out: Path) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    options.font_number = SC_INDEX
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars | set(SPACES))))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)
    return out.stat().st_size


def unicode_range(chars: set[str]) -> str:
    """CSS unicode-range for `chars`, consecutive code points merged into ranges."""
    points = sorted(ord(c) for c in chars)
    parts, start = [], None
    for i, cp in enumerate(points):
        start = cp if start is None else start
        if i + 1 == len(points) or points[i + 1] != cp + 1:
            parts.append(f"U+{start:X}" if start == cp else f"U+{start:X}-{cp:X}")
            start = None
    return ", ".join(parts)


def font_face(file: str, chars: set[str]) -> str:
    # block: no fallback glyphs are drawn while a slice loads (they would show as boxes)
    return (
        "@font-face {\n"
        f'  font-family: "{FAMILY}";\n'
        f'  src: url("../fonts/{file}") format("woff2");\n'
        "  font-display: block;\n"
        f"  unicode-range: {unicode_range(chars)};\n"
        "}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="NotoSansCJK-Regular.ttc")
    args = parser.parse_args(argv)
    common = common_characters()
    rest = all_characters() - common
    FONTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = _source(args.source, Path(tmp))
        sizes = {
            "atlas-cjk-common.woff2": _subset(source, common, FONTS / "atlas-cjk-common.woff2"),
            "atlas-cjk-zh.woff2": _subset(source, rest, FONTS / "atlas-cjk-zh.woff2"),
        }
    CSS.write_text(
        "/* Generated by scripts/build_font.py: the CJK font's two slices (Noto Sans CJK SC,\n"
        "   SIL OFL). A browser fetches a slice only for a page that shows its characters. */\n"
        + font_face("atlas-cjk-common.woff2", common)
        + font_face("atlas-cjk-zh.woff2", rest),
        encoding="utf-8",
    )
    print(json.dumps({"common": len(common), "zh": len(rest), "bytes": sizes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
