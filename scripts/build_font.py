"""Subset a CJK font to the characters the atlas uses, so Chinese always renders.

    python scripts/build_font.py [--source NotoSansCJK-Regular.ttc]

The source is Debian's fonts-noto-cjk (SIL Open Font License); the result,
assets/fonts/atlas-cjk.woff2, is committed and served by the app, so no page depends on
the fonts a classroom computer happens to have. Rerun after adding Chinese text.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "fonts" / "atlas-cjk.woff2"
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # Simplified Chinese face in the Noto CJK collection


def cjk_characters() -> str:
    """Every CJK ideograph or CJK punctuation mark in the geodata and the package."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "geodata").glob("*.geojson")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "dashboard").glob("*.py")]
    chars = {
        c for text in texts for c in text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"
    }
    return "".join(sorted(chars))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    chars = cjk_characters()
    options = subset.Options()
    options.flavor = "woff2"
    options.font_number = SC_INDEX
    options.layout_features = ["*"]
    font = subset.load_font(str(args.source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(OUT), options)
    print(json.dumps({"characters": len(chars), "bytes": OUT.stat().st_size, "file": str(OUT)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
