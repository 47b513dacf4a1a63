"""The CJK font's slices (scripts/build_font.py): which a page in each language needs,
preloaded so that its Chinese is drawn with the font from the first paint."""

from __future__ import annotations

# the slices, by the languages whose pages show their characters
SLICES = {
    "/assets/fonts/atlas-cjk-common.woff2": ("en", "zh", "ru"),  # 中文, places' names
    "/assets/fonts/atlas-cjk-zh.woff2": ("zh",),
}


def font_preloads(lang: str) -> str:
    """<link rel=preload> for each slice a page in `lang` shows."""
    return "".join(
        f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        for href, langs in SLICES.items()
        if lang in langs
    )
