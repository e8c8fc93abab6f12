"""Name field clutter: what order books and payment messages write around a party's name.

"X, Dubai branch", "Attn: procurement dept, X", "X c/o Y", "Messrs X", "X acc. no. 1234",
"X (formerly Y)": a name field holds the party's name, qualifiers that say which office,
contact or account of the party is meant, and sometimes other names (the party it is
written for, a former name). Compared whole, every qualifier word costs as a name word the
listed name lacks; read as a clerk reads it, the names are compared alone. The phrases live
in caspian/data/name_qualifiers.csv with their sources.

Reading only adds names to try: the matcher compares the field as written too, so a
phrase read wrongly ("Office" in a firm's name) costs nothing but a comparison. Qualifiers
are only read where a clerk writes them: after a comma, slash, dash or in brackets, at a
name's end (an office with its place, an account with its number, a role), or at its start
(a salutation, a Russian "Филиал ..."). Pure: no I/O beyond the packaged table.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from caspian import data
from caspian.geo.countries import to_code

TABLE = "name_qualifiers.csv"
LINK, ATTENTION, ALTERNATIVE, OFFICE = "link", "attention", "alternative", "office"
PLACE_LINK, CONNECTOR, ACCOUNT, REFERENCE, SALUTATION, ROLE, PLACE = (
    "place_link", "connector", "account", "reference", "salutation", "role", "place",
)  # fmt: skip
KINDS = frozenset({LINK, ATTENTION, ALTERNATIVE, OFFICE, PLACE_LINK, CONNECTOR, ACCOUNT,
                   REFERENCE, SALUTATION, ROLE, PLACE})  # fmt: skip
# Offices written before the name without a connector ("Филиал ПАО Банк X"): languages whose
# clerks write them so; an English "Office Depot" is a name.
OFFICE_FIRST_LANGS = frozenset({"ru", "ru-Latn", "ar", "ar-Latn"})
MAX_PLACE_WORDS = 3  # words of a place after "office in", or of a city before "branch"
MAX_NAMES = 8  # names read from one field: bounded whatever the input
MAX_CODE = 3  # letters of a country code (ISO 3166 alpha-2 and alpha-3)
MAX_ACRONYM = 8  # characters of one word in brackets read as the name's acronym ("ISIS-WA")
# An account's number after its marker: an IBAN, or digits (grouped or not, four or more);
# after "SWIFT" or "BIC", a bank's code.
_IBAN_BODY = r"[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,4})?(?!\w)"
_NUMBER_PREFIX = r"[\s:#.\-]*(?:(?:no|nr|n)[.°:]?\s*)?[\s:#.\-+(]*"
_CODE = re.compile(_NUMBER_PREFIX + r"(?:" + _IBAN_BODY + r"|[a-z]{0,3}\d[\d \-/()]*\d(?!\w))")
_BIC = re.compile(_NUMBER_PREFIX + r"[a-z]{6}[a-z0-9]{2}(?:[a-z0-9]{3})?(?!\w)")
_BANK_CODE_MARKERS = frozenset({"swift", "bic", "swiftcode"})
_IBAN = re.compile(r"(?<!\w)" + _IBAN_BODY)
_LONG_NUMBER = re.compile(r"(?<!\w)\d[\d \-]{6,}\d(?!\w)")
_SEGMENT_BREAK = re.compile(r"\s*(?:[,;\n\u060c\u061b]|\s[-–—]\s)\s*")  # Arabic , and ; too
_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_SLASH = re.compile(r"\s+/\s+|(?<=\w{2})/(?=\w{2})")
_EDGE_PUNCT = " \t,;:.-–—/\u060c\u061b"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Qualifier:
    kind: str  # office, account, place, role, salutation, attention, link, alternative
    text: str  # as written in the field


@dataclass(frozen=True, slots=True)
class FieldReading:
    """What a name field was read as: its names (the party's own first) and qualifiers."""

    field: str
    names: tuple[str, ...]
    qualifiers: tuple[Qualifier, ...] = ()
    countries: frozenset[str] = frozenset()  # ISO codes of the places read as qualifiers

    def describe(self) -> str:
        """The qualifiers as a reviewer reads them: 'branch "Dubai branch"; ...'."""
        return "; ".join(f'{q.kind} "{q.text}"' for q in self.qualifiers)


@dataclass(frozen=True, slots=True)
class _Phrase:
    kind: str
    lang: str
    country: str
    before: bool  # attention: the contact is written before the marker


def _fold_char(ch: str) -> str:
    """One character folded (case, accents), one for one so positions hold."""
    if ch.isascii():
        return ch.lower()
    if ch in "ıİ":
        return "i"
    base = unicodedata.normalize("NFKD", ch)[:1].lower()
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Lower case without accents, as long as `text` (a match in it is a slice of `text`)."""
    return text.lower() if text.isascii() else "".join(map(_fold_char, text))


def _phrase_pattern(phrase: str) -> str:
    """A phrase as a regex on folded text: dots optional, slashes and spaces loose."""
    text = fold(phrase.strip())
    wildcard = text.endswith("*")
    text = text.rstrip("*")
    parts = re.findall(r"\w+|[^\w]+", text)
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part[0].isalnum() or part[0] == "_":
            out.append(re.escape(part))
        elif "/" in part:
            out.append(r"\s*/\s*")
        elif "-" in part and last:  # "ex-": a hyphen or a space, never "Exim"
            out.append(r"(?:\s*-\s*|\s+)")
        elif "." in part or "-" in part:
            out.append(r"\.?" if last else r"(?:[.\-]\s*|\s+)")
        elif "'" in part or "’" in part:
            out.append(r"['’]\s*" if last else r"['’]?\s*")
        elif part.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(part))
    body = "".join(out) + (r"\w*" if wildcard else "")
    head = r"(?<!\w)" if text[:1].isalnum() else ""
    tail = r"(?!\w)" if (text[-1:].isalnum() or text[-1:] == "." or wildcard) else ""
    return head + body + tail


@dataclass(frozen=True, slots=True)
class _Tables:
    patterns: dict[str, re.Pattern[str]]  # kind -> every phrase of the kind, longest first
    phrases: dict[str, _Phrase]  # folded phrase text -> its row (for the lookups below)
    places: dict[str, str]  # folded place name -> ISO code
    any_phrase: re.Pattern[str]  # every phrase that marks clutter by itself, one search


@cache
def _tables() -> _Tables:
    by_kind: dict[str, list[str]] = defaultdict(list)
    phrases: dict[str, _Phrase] = {}
    places: dict[str, str] = {}
    for number, row in enumerate(data.csv_rows(TABLE), start=1):
        kind, phrase = row.get("kind", ""), (row.get("phrase") or "").strip()
        if kind not in KINDS or not phrase or not row.get("source"):
            raise ValueError(f"{TABLE} row {number}: needs a known kind, a phrase and a "
                             f"source, got {row!r}")  # fmt: skip
        if kind == PLACE:
            code = (row.get("country") or "").lower()
            if len(code) != 2:
                raise ValueError(f"{TABLE} row {number}: place {phrase!r} needs a country code")
            places[" ".join(fold(phrase).split())] = code
            continue
        by_kind[kind].append(phrase)
        before = row.get("object") == "before"
        phrases.setdefault(_phrase_key(phrase), _Phrase(kind, row.get("lang", ""), "", before))
    patterns = {}
    for kind, items in by_kind.items():
        items.sort(key=len, reverse=True)
        patterns[kind] = re.compile("|".join(f"(?:{_phrase_pattern(p)})" for p in items))
    alone = [p.pattern for k, p in patterns.items() if k not in (PLACE_LINK, CONNECTOR)]
    return _Tables(patterns, phrases, places, re.compile("|".join(alone)))


def _phrase_key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _lang_of(kind: str, found: str) -> str:
    """The language of a matched phrase (wildcards: the longest row it starts with)."""
    key = _phrase_key(found)
    tables = _tables()
    row = tables.phrases.get(key)
    if row is not None and row.kind == kind:
        return row.lang
    for size in range(len(key) - 1, 2, -1):
        row = tables.phrases.get(key[:size])
        if row is not None and row.kind == kind:
            return row.lang
    return ""


def _is_before(kind: str, found: str) -> bool:
    row = _tables().phrases.get(_phrase_key(found))
    return row is not None and row.kind == kind and row.before


def _short(text: str) -> bool:
    """One word of a few letters: an acronym or a code, not a name to screen alone."""
    words = text.split()
    return len(words) <= 1 and len(text.strip(_EDGE_PUNCT)) <= MAX_ACRONYM


def place_code(text: str, codes: bool = True) -> str | None:
    """ISO code of a city of the table or of a country, or None. A country's code (HK,
    PAK) only where `codes` and in capitals: PAK, LI, MA, SO are surnames too."""
    key = " ".join(fold(text).strip(_EDGE_PUNCT).split())
    if not key:
        return None
    code = _tables().places.get(key)
    if code:
        return code
    if not any(ch.isalpha() for ch in key) or any(ch in key for ch in ",;()[]/"):
        return None
    if len(key) <= MAX_CODE and not (codes and text.strip(_EDGE_PUNCT).isupper()):
        return None
    return to_code(key)


class _Reader:
    """One field's reading under way: qualifiers and countries gathered as found."""

    def __init__(self) -> None:
        self.qualifiers: list[Qualifier] = []
        self.countries: set[str] = set()
        self.extra: list[str] = []  # names with a place kept ("Bank Melli Iran" of "... Branch")
        self.codes = True  # a country code may be read as a place (not in "PAK, Chol-nam")

    def note(self, kind: str, text: str) -> None:
        text = text.strip(_EDGE_PUNCT + "()[]")
        if text and Qualifier(kind, text) not in self.qualifiers:
            self.qualifiers.append(Qualifier(kind, text))

    def place(self, text: str) -> bool:
        """Note `text` as a place when it is one (a city of the table or a country)."""
        code = place_code(text, self.codes)
        if code is None:
            return False
        self.countries.add(code)
        self.note(PLACE, text)
        return True

    # -- links and contacts ------------------------------------------------------------

    def parties(self, text: str) -> list[str]:
        """The field cut at links ("X c/o Y": X and Y) and contacts ("Attn: Z")."""
        pieces = [text]
        pattern = _tables().patterns.get(LINK)
        if pattern is not None:
            pieces = []
            start = 0
            folded = fold(text)
            for m in pattern.finditer(folded):
                pieces.append(text[start : m.start()])
                self.note(LINK, text[m.start() : m.end()])
                start = m.end()
            pieces.append(text[start:])
        out = []
        for piece in pieces:
            out.extend(self._contacts(piece))
        return [p for p in (piece.strip(_EDGE_PUNCT) for piece in out) if p]

    def _contacts(self, text: str) -> list[str]:
        pattern = _tables().patterns.get(ATTENTION)
        if pattern is None:
            return [text]
        folded = fold(text)
        m = pattern.search(folded)
        if m is None:
            return [text]
        marker = text[m.start() : m.end()]
        self.note(ATTENTION, marker)
        if _is_before(ATTENTION, marker):  # "Satın Alma Müdürlüğü dikkatine, X"
            cut = max((b.end() for b in _SEGMENT_BREAK.finditer(text, 0, m.start())), default=0)
            contact, rest = text[cut : m.start()], text[:cut] + " , " + text[m.end() :]
        else:
            tail = text[m.end() :].lstrip(" :.-")
            offset = len(text) - len(tail)
            brk = _SEGMENT_BREAK.search(tail)
            end = offset + (brk.start() if brk else len(tail))
            contact, rest = text[offset:end], text[: m.start()] + " , " + text[end:]
        out = self._contacts(rest)
        person = self._strip_roles(contact)
        if person and person.strip(_EDGE_PUNCT):
            out.append(person)
        return out

    def _strip_roles(self, text: str) -> str:
        """A contact without its roles and salutations: empty when it is only a role."""
        kept = self._cut(self._salutations(text), ROLE)
        rest = " ".join(" ".join(kept).split()).strip(_EDGE_PUNCT)
        words = _WORD.findall(fold(rest))
        # What is left of a department is connectors and places ("of the Tehran office").
        connectors = _tables().patterns[CONNECTOR]
        if all(connectors.fullmatch(w) or place_code(w) for w in words):
            return ""
        return rest

    # -- alternatives ------------------------------------------------------------------

    def alternatives(self, text: str) -> list[str]:
        """The names one party is written under: outside and inside brackets, either side
        of "formerly", "a.k.a.", a slash; brackets of qualifiers alone are qualifiers."""
        names: list[str] = []
        inner = []

        def bracket(m: re.Match[str]) -> str:
            content = m.group(1)
            if _short(content) and not self.qualifiers_only(content):
                return m.group()  # "(PIJ)", "(HUM)": the name's own acronym, kept with it
            inner.append(content)
            return " , "

        outside = _BRACKETS.sub(bracket, text)
        for piece in [outside, *inner]:
            for part in self._split_alternatives(piece):
                alts = [a.strip(_EDGE_PUNCT) for a in _SLASH.split(part)]
                if len(alts) > 1 and any(_short(a) for a in alts):
                    alts = [part.strip(_EDGE_PUNCT)]  # "ISIS/ISIL", "Qa'ida/Bilad": one name
                for alt in alts:
                    if alt and not self.qualifiers_only(alt):
                        names.append(alt)
        return names

    def _split_alternatives(self, text: str) -> list[str]:
        return self._cut(text, ALTERNATIVE)

    def _cut(self, text: str, kind: str) -> list[str]:
        """`text` in the pieces between the phrases of `kind` (found on its folded form,
        which keeps its length), each phrase noted as read."""
        out, start = [], 0
        for m in _tables().patterns[kind].finditer(fold(text)):
            out.append(text[start : m.start()])
            self.note(kind, text[m.start() : m.end()])
            start = m.end()
        out.append(text[start:])
        return out

    # -- qualifiers inside a name ------------------------------------------------------

    def qualifiers_only(self, text: str) -> bool:
        """True (and the qualifiers noted) when `text` is qualifiers and nothing else: a
        place, an office ("Dubai branch"), an account, a role, a salutation."""
        trial = _Reader()
        trial.codes = self.codes
        rest = trial.strip(text, whole=True)
        if rest:
            return False
        for q in trial.qualifiers:
            self.note(q.kind, q.text)
        self.countries |= trial.countries
        return True

    def strip(self, text: str, *, whole: bool = False) -> str:
        """A name without its qualifiers; `whole`: `text` stands alone (after a comma, in
        brackets), so a place or role alone is a qualifier too."""
        text = self._accounts(text)
        text = self._salutations(text)
        text = self._offices(text)
        text = self._roles_at_edges(text)
        text = " ".join(text.split()).strip(_EDGE_PUNCT)
        if whole and text:
            if self.place(text):
                return ""
            # A segment that is one qualifier phrase alone: ", Director", "(Head Office)".
            patterns = _tables().patterns
            for kind in (OFFICE, ROLE, ATTENTION, SALUTATION):
                if patterns[kind].fullmatch(fold(text)):
                    self.note(kind, text)
                    return ""
        return text

    def _accounts(self, text: str) -> str:
        """`text` less its account numbers, and its references (phone, P.O. box, tax
        number), each marker with the code after it."""
        folded = fold(text)
        for kind in (ACCOUNT, REFERENCE):
            for m in _tables().patterns[kind].finditer(folded):
                bank = _phrase_key(m.group()) in _BANK_CODE_MARKERS
                code = (_BIC if bank else _CODE).match(folded, m.end())
                if code is not None and (bank or sum(c.isdigit() for c in code.group()) >= 4):
                    self.note(kind, text[m.start() : code.end()])
                    return self._accounts(text[: m.start()] + " " + text[code.end() :])
        for regex in (_IBAN, _LONG_NUMBER):
            bare = regex.search(folded)
            if bare is not None:
                self.note(ACCOUNT, text[bare.start() : bare.end()])
                return self._accounts(text[: bare.start()] + " " + text[bare.end() :])
        return text

    def _salutations(self, text: str) -> str:
        pattern = _tables().patterns[SALUTATION]
        while True:
            stripped = text.lstrip(_EDGE_PUNCT)
            m = pattern.match(fold(stripped))
            rest = stripped[m.end() :] if m else ""
            if m is None or not _WORD.search(rest):
                return text
            self.note(SALUTATION, stripped[: m.end()])
            text = rest

    def _offices(self, text: str) -> str:
        pattern = _tables().patterns[OFFICE]
        folded = fold(text)
        for m in pattern.finditer(folded):
            before, after = text[: m.start()], text[m.end() :]
            office = text[m.start() : m.end()]
            if not _WORD.search(before):  # "Branch of X", "Филиал X в г. Москве"
                place = self._office_place(after)
                if place is not None:  # "Zweigniederlassung Hamburg": an office alone
                    self.note(OFFICE, f"{office} {place}".strip())
                    return ""
                rest = self._office_first(office, after)
                if rest is not None:
                    return self._offices(rest)
                continue
            tail_place = self._office_place(after)
            if tail_place is None:
                continue
            head, place = self._trailing_place(before)
            self.note(OFFICE, " ".join(x for x in (place, office, tail_place) if x))
            if place:  # a code beside an office is a place ("UAE Branch")
                codes, self.codes = self.codes, True
                self.place(place)
                self.codes = codes
                self.extra.append(before.strip(_EDGE_PUNCT))
            return head
        return text

    def _office_first(self, office: str, after: str) -> str | None:
        """The name after an office written first, or None when it is a name's own word."""
        tables = _tables()
        folded = fold(after)
        connector = tables.patterns[CONNECTOR].match(folded.lstrip())
        first_lang = _lang_of(OFFICE, office) in OFFICE_FIRST_LANGS
        if connector is None and not first_lang:
            return None
        if connector is not None:
            after = after[len(folded) - len(folded.lstrip()) + connector.end() :]
        name, place = self._place_after(after)
        if not _WORD.search(name):
            return None
        self.note(OFFICE, office + (f" {place}" if place else ""))
        return name

    def _place_after(self, text: str) -> tuple[str, str]:
        """`text` less a trailing "in Z" / "в г. Москве" of at most a few words."""
        folded = fold(text)
        links = _tables().patterns[PLACE_LINK]
        for m in links.finditer(folded):
            tail = text[m.end() :]
            words = _WORD.findall(tail)
            if 0 < len(words) <= MAX_PLACE_WORDS and _WORD.search(text[: m.start()]):
                self.place(tail)
                return text[: m.start()], text[m.start() :].strip()
        return text, ""

    def _office_place(self, after: str) -> str | None:
        """What follows an office at a name's end: nothing, a place, or "in Z"; None when
        the office word is not at the end (it is a word of the name)."""
        rest = after.strip(_EDGE_PUNCT)
        if not _WORD.search(rest):
            return ""
        folded = fold(rest)
        link = _tables().patterns[PLACE_LINK].match(folded)
        words = _WORD.findall(rest[link.end() :] if link else rest)
        if link and 0 < len(words) <= MAX_PLACE_WORDS:
            self.place(rest[link.end() :])
            return rest
        if len(words) <= MAX_PLACE_WORDS and self.place(rest):
            return rest
        return None

    def _trailing_place(self, text: str) -> tuple[str, str]:
        """`text` less the longest known place it ends with (leaving a name before it)."""
        words = list(_WORD.finditer(text))
        for size in range(min(MAX_PLACE_WORDS, len(words) - 2), 0, -1):
            start = words[-size].start()
            candidate = text[start:].strip(_EDGE_PUNCT)
            if place_code(candidate):
                return text[:start], candidate
        return text, ""

    def _roles_at_edges(self, text: str) -> str:
        pattern = _tables().patterns[ROLE]
        folded = fold(text)
        for m in pattern.finditer(folded):
            before, after = text[: m.start()], text[m.end() :]
            at_end = not _WORD.search(after)
            at_start = not _WORD.search(before)
            if (at_end and _WORD.search(before)) or (at_start and _WORD.search(after)):
                self.note(ROLE, text[m.start() : m.end()])
                return self._roles_at_edges(before if at_end else after)
        return text

    def names(self, text: str) -> list[str]:
        """One name: its qualifier segments dropped (a place after a comma only when a
        name of two words or more is left: "HILTON, Paris" is a person), the rest cleaned."""
        segments = [s for s in _SEGMENT_BREAK.split(text) if s.strip(_EDGE_PUNCT)]
        several = len(segments) > 1
        trials = []
        for i, segment in enumerate(segments):
            trial = _Reader()
            # A code after a comma is a country at the end of a place ("X, Istanbul, TR"),
            # not in "PAK, Chol-nam" or "LI, Wei".
            trial.codes = len(segments) >= 3 and i == len(segments) - 1
            trials.append((segment, trial, trial.strip(segment, whole=several)))
        words = [0 if not rest else len(_WORD.findall(rest)) for _, _, rest in trials]
        kept: list[str] = []
        for i, (segment, trial, rest) in enumerate(trials):
            place_only = not rest and all(q.kind == PLACE for q in trial.qualifiers)
            # "HILTON, Paris": one name word and one city word may be "LAST, First"
            # ("GLOBEXBANK, Dubai, UAE" is not).
            lone = len(trials) == 2 and len(_WORD.findall(segment)) == 1
            city = place_only and fold(segment.strip(_EDGE_PUNCT)) in _tables().places
            if place_only and lone and city and sum(words) - words[i] < 2:
                rest = segment.strip(_EDGE_PUNCT)
            if rest != segment.strip(_EDGE_PUNCT):
                self.qualifiers.extend(q for q in trial.qualifiers if q not in self.qualifiers)
                self.countries |= trial.countries
                self.extra.extend(trial.extra)
            if rest:
                kept.append(rest)
        offices = any(q.kind == OFFICE for _, t, _ in trials for q in t.qualifiers)
        if offices and len(kept) > 1:  # "Филиал X, AO в г. Москве": the office's place
            last, place = self._place_after(kept[-1])
            if place and _WORD.search(last):
                self.note(OFFICE, place)
                kept[-1] = last.strip(_EDGE_PUNCT)
        # A salutation opens a name: other segments of two words or more are another
        # party's ("Sayın Ahmet Yılmaz, ABC Makina A.Ş."), not a "LAST, First" or a "Ltd".
        saluted = any(q.kind == SALUTATION for _, t, _ in trials for q in t.qualifiers)
        if saluted and len(kept) > 1 and all(len(_WORD.findall(k)) >= 2 for k in kept):
            return kept
        return [", ".join(kept)] if kept else []


@lru_cache(maxsize=1 << 12)
def read_field(text: str) -> FieldReading:
    """Read a name field: the party's names (as written when nothing is read as clutter)."""
    if not _maybe_cluttered(text):
        return FieldReading(text, (text,))
    reader = _Reader()
    names: list[str] = []
    for party in reader.parties(text):
        for alternative in reader.alternatives(party):
            reader.extra.clear()
            for found in (*reader.names(alternative), *reader.extra):
                if found and found not in names and sum(ch.isalnum() for ch in found) >= 2:
                    names.append(found)
    if not names or (not reader.qualifiers and len(names) == 1):  # punctuation alone
        return FieldReading(text, (text,))
    return FieldReading(text, tuple(names[:MAX_NAMES]), tuple(reader.qualifiers),
                        frozenset(reader.countries))  # fmt: skip


def _maybe_cluttered(text: str) -> bool:
    """Cheap test first: most names are words and spaces alone and no table phrase."""
    folded = fold(text)
    if any(ch in folded for ch in ",;()[]/:\n\u060c") or any(ch.isdigit() for ch in folded):
        return True
    if _SEGMENT_BREAK.search(folded):  # "X - Dubai"
        return True
    return _tables().any_phrase.search(folded) is not None
