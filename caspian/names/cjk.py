"""Chinese, Japanese and Korean words: segmentation and romanisation.

These scripts write no spaces between words, so a name such as "伊朗航空工业有限公司" is
first cut at the generic words and legal forms the tables know (longest match), leaving
the distinctive part ("伊朗" / "航空" / "工业" / "有限公司"). Han is romanised in pinyin by
pypinyin (which reads polyphonic characters in context: 银行 yinhang, not yinxing),
Hangul with McCune-Reischauer as the DPRK names on the lists are written, kana in Hepburn.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import cast

from rapidfuzz.distance import Levenshtein

from caspian import data
from caspian.names import scripts
from caspian.names.translit import kana, latin

# Tables whose forms cut CJK runs into words.
_TABLES = ("legal_forms.csv", "honorifics.csv", "name_terms.csv")
_FORM_COLUMN = "form"
# A lone syllable that is a whole name's first part is its surname ("김정은" -> kim, jongun).
_PERSON_NAME_LENGTHS = range(2, 5)
_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3


@cache
def vocabulary() -> tuple[frozenset[str], int]:
    """CJK forms of the name tables (2+ characters), and the longest one's length."""
    forms = set()
    for table in _TABLES:
        for row in data.csv_rows(table):
            form = "".join(row[_FORM_COLUMN].split())
            if len(form) > 1 and all(scripts.char_script(c) in scripts.CJK for c in form):
                forms.add(form)
    return frozenset(forms), max(map(len, forms), default=0)


def segment(run: str) -> list[str]:
    """Cut a run of CJK characters into known words and the stretches between them."""
    vocab, longest = vocabulary()
    out: list[str] = []
    rest_start = i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 1, -1):
            if run[i : i + size] in vocab:
                if rest_start < i:
                    out.append(run[rest_start:i])
                out.append(run[i : i + size])
                i += size
                rest_start = i
                break
        else:
            i += 1
    if rest_start < len(run):
        out.append(run[rest_start:])
    return out


def romanise(run: str, *, whole_name: bool = False) -> list[str]:
    """Latin words for a CJK run; a short run that is the whole name splits off its surname."""
    parts = segment(run)
    if whole_name and len(parts) == 1 and _person_name(run):
        return [_romanise_part(run[0], surname=True), _romanise_part(run[1:])]
    return [text for text in map(_romanise_part, parts) if text]


def _person_name(run: str) -> bool:
    """A short Han or Hangul run (no kana) that is not a known word: surname + given name."""
    if len(run) not in _PERSON_NAME_LENGTHS or run in vocabulary()[0]:
        return False
    found = {scripts.char_script(ch) for ch in run}
    return found == {scripts.HAN} or found == {scripts.HANGUL}


def _romanise_part(part: str, *, surname: bool = False) -> str:
    out: list[str] = []
    for script, chunk in _by_script(part):
        if script == scripts.HANGUL:
            out.append(hangul(chunk, surname=surname))
        elif script == scripts.HAN:
            out.append(pinyin(chunk))
        elif script == scripts.KANA:
            out.append(kana(chunk))
        else:
            out.append(latin(chunk))
    return "".join(out)


def _by_script(part: str) -> list[tuple[str, str]]:
    """Han, kana and Hangul stretches of a part (runs() keeps Han and kana together)."""
    out: list[tuple[str, str]] = []
    for ch in part:
        script = scripts.char_script(ch)
        if out and out[-1][0] == script:
            out[-1] = (script, out[-1][1] + ch)
        else:
            out.append((script, ch))
    return out


def pinyin(text: str) -> str:
    """Toneless pinyin, syllables joined ("中国" -> "zhongguo"); ü is written u."""
    from pypinyin import Style, lazy_pinyin  # imported on first use: a large dictionary

    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")
    return latin("".join(syllables))


@cache
def _hangul_table() -> tuple[list[tuple[str, str]], list[str], list[str], dict[str, str]]:
    rows = data.csv_rows("translit_hangul.csv")
    initial = [(r["latin"], r["voiced"]) for r in rows if r["role"] == "initial"]
    medial = [r["latin"] for r in rows if r["role"] == "medial"]
    final = [r["latin"] for r in rows if r["role"] == "final"]
    surname = {r["jamo"]: r["latin"] for r in rows if r["role"] == "surname"}
    return initial, medial, final, surname


def hangul(text: str, *, surname: bool = False) -> str:
    """McCune-Reischauer (no diacritics) of Hangul syllables, voicing between syllables."""
    initial, medial, final, surnames = _hangul_table()
    if surname and text in surnames:
        return surnames[text]
    out: list[str] = []
    voiced_context = False
    for ch in text:
        code = ord(ch)
        if not _HANGUL_BASE <= code <= _HANGUL_LAST:
            out.append(latin(ch))
            voiced_context = False
            continue
        index = code - _HANGUL_BASE
        lead, vowel, tail = index // 588, (index % 588) // 28, index % 28
        plain, voiced = initial[lead]
        tail_text = final[tail]
        out.append((voiced if voiced_context else plain) + medial[vowel] + tail_text)
        voiced_context = tail_text in ("", "n", "l", "m", "ng")
    return "".join(out)


# A name written in CJK characters this short, without a firm's words, is a person's name
# (or a short firm name) whose characters say who it is.
_SHORT_NAME = 6
_NAME_SEPARATORS = frozenset(" \u30fb\u00b7")


@cache
def _simplified() -> Callable[[str], str]:
    """Traditional Han characters to simplified (OpenCC's t2s table): 習 is 习, 國 国."""
    from opencc import OpenCC  # imported on first use: its dictionaries take a moment

    converter = OpenCC("t2s")
    return cast(Callable[[str], str], converter.convert)


def _name_characters(name: str) -> tuple[str, str] | None:
    """(script, characters) of a short name written in one CJK script, or None."""
    chars = "".join(ch for ch in name if ch not in _NAME_SEPARATORS)
    if not chars or len(chars) > _SHORT_NAME:
        return None
    found = {scripts.char_script(ch) for ch in chars}
    family = {scripts.HAN if s == scripts.KANA else s for s in found}
    if len(family) != 1 or not found <= scripts.CJK or len(segment(chars)) > 1:
        return None
    script = family.pop()
    return script, _simplified()(chars) if script == scripts.HAN else chars


def character_agreement(a: str, b: str) -> float:
    """How far two names written in the same CJK characters agree, as a score factor.

    Names that romanise alike may still be written with other characters: 高石早苗
    (Takaishi Sanae) and 高市早苗 (Takaichi Sanae) both give "gao shizaomiao" in pinyin.
    When both names are short names in one CJK script, a character that differs (the
    traditional and simplified forms of one character aside: 習近平 is 习近平) counts as
    a differing part: the factor is the characters' similarity, squared. 1.0 otherwise.
    """
    if a.isascii() or b.isascii():
        return 1.0
    left, right = _name_characters(a), _name_characters(b)
    if left is None or right is None or left[0] != right[0] or left[1] == right[1]:
        return 1.0
    return float(Levenshtein.normalized_similarity(left[1], right[1]) ** 2)
