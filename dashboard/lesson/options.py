"""What a print link asks for besides its range: how the handout is laid out, whether it
is the teacher's answer key, and the teacher's own questions. Pure: no Dash, no Flask.

- `&per_page=2`: two steps to a page (a sheet per pair of steps, the quotes left to
  the answer key); any other value is the default, steps one after another;
- `&key=1`: the answer key, for the teacher (any other value: the class's handout);
- `&q18=Why did …`: the teacher's own question under tour step 18 (one per step of the
  range), printed under the step and among the questions, with an empty line in the key.

Nothing of this is kept on the server: it travels in the link. A link has room for
little (gunicorn reads a request line of at most 4,094 bytes, and a Chinese character
takes 9 of them percent-encoded), so a question may have QUESTION_MAX characters and all
of them together QUESTIONS_ROOM bytes in the link; the chooser says how much room is
left (callbacks.py), and a link past either is answered with a sentence, never a 500.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from fontTools.ttLib import TTFont

from ..i18n import Translate
from ..server.config import ROOT
from .plan import Range

QUESTION_MAX = 200  # characters of one question
QUESTIONS_ROOM = 2400  # bytes all the questions may take in a link, percent-encoded
PER_PAGE = (1, 2)
# what a printed question may not hold: controls (a line break becomes a space), private
# use, surrogates, unassigned code points, format characters (bidi overrides), and the
# replacement character a URL's broken UTF-8 is read as
REFUSED = {"Cc", "Cf", "Co", "Cs", "Cn"}
# the fonts the print draws with (templates/*.html): DejaVu Sans (Debian's, else the copy
# matplotlib ships), then the atlas's CJK slices, which hold only the Chinese characters
# the atlas itself shows (scripts/build_font.py)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CJK_SLICES = ("atlas-cjk-common.woff2", "atlas-cjk-zh.woff2")


@dataclass(frozen=True)
class Options:
    per_page: int = 1
    key: bool = False
    questions: tuple[tuple[int, str], ...] = ()  # (tour step, the teacher's question)

    @property
    def default(self) -> bool:
        """The class's handout as the atlas makes it (the one kept on disk)."""
        return self == Options()

    def question(self, step: int | None) -> str | None:
        return dict(self.questions).get(step)

    def query(self) -> str:
        """The options' part of a canonical link ("" for the default): the key is one
        document whatever the layout, so it carries no per_page."""
        parts = []
        if self.key:
            parts.append(("key", "1"))
        elif self.per_page != 1:
            parts.append(("per_page", str(self.per_page)))
        parts += [(f"q{step}", text) for step, text in sorted(self.questions)]
        return "&" + urlencode(parts) if parts else ""

    def message(self) -> dict:
        """For the renderer (renderer.py): JSON."""
        return {"per_page": self.per_page, "key": self.key, "questions": list(self.questions)}

    @classmethod
    def from_message(cls, message) -> Options:
        if not isinstance(message, dict):
            return cls()
        questions = tuple((int(step), str(text)) for step, text in message.get("questions", []))
        return cls(int(message.get("per_page", 1)), bool(message.get("key")), questions)


def clean_question(text: str) -> str | None:
    """A question as it is printed: white space (line breaks too) made single spaces,
    trimmed; None if it holds a character that cannot be printed."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    if any(unicodedata.category(c) in REFUSED or c == "\ufffd" for c in text):
        return None
    return text


@cache
def _drawn() -> frozenset[str]:
    """Every character the print's fonts hold (read once per process, ~0.2 s)."""
    dejavu = DEJAVU
    if not dejavu.exists():
        spec = importlib.util.find_spec("matplotlib")
        folder = Path(next(iter(spec.submodule_search_locations)))
        dejavu = folder / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
    paths = [dejavu, *(ROOT / "assets" / "fonts" / name for name in CJK_SLICES)]
    return frozenset(chr(cp) for path in paths for cp in TTFont(path).getBestCmap())


def undrawable(text: str) -> str:
    """The characters of `text` that no font of the print holds (a Chinese question may
    use characters the atlas's own texts never do), in order, once each."""
    drawn = _drawn()
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and c not in drawn))


def questions_room(questions: Mapping[int, str]) -> int:
    """The bytes the questions take in a link, as `Options.query` writes them."""
    return len(urlencode([(f"q{step}", text) for step, text in questions.items() if text]))


def requested_options(args: Mapping[str, str], chosen: Range, t: Translate) -> Options | str:
    """The options a link asks for, or why its questions cannot be printed (in the
    page's language, never repeating what was sent). A layout or key that is not one
    of the atlas's is the default, with no message."""
    per_page = 2 if args.get("per_page") == "2" else 1
    key = args.get("key") == "1"
    questions: dict[int, str] = {}
    for name in list(args.keys()):
        if not (name[:1] == "q" and name[1:].isascii() and name[1:].isdigit()):
            continue  # not a question: a link may carry what it likes besides
        raw = str(args.get(name))
        too_long = t("A question of yours is longer than {max} characters: please shorten it.")
        if len(raw) > 4 * QUESTION_MAX:  # not worth reading
            return too_long.format(max=QUESTION_MAX)
        step, text = int(name[1:]), clean_question(raw)
        if step not in chosen.steps:
            return t("A question in the link is for a tour step this lesson does not have.")
        if text is None:
            return t("A question in the link has characters that cannot be printed.")
        if len(text) > QUESTION_MAX:
            return too_long.format(max=QUESTION_MAX)
        if missing := undrawable(text):
            return t("A question of yours has characters the print cannot draw ({chars}): "
                     "please write it another way.").format(chars=missing[:10])  # fmt: skip
        if text:
            questions[step] = text
    if questions_room(questions) > QUESTIONS_ROOM:
        return t("Your questions are too long for a link: please shorten them.")
    return Options(per_page, key, tuple(sorted(questions.items())))
