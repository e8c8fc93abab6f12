"""Name fields as ERP exports and payment messages carry them: a party's name in clutter.

Written for the evaluation, independently of the matcher's own qualifier table, so the
`qualifiers` set measures what the matcher learnt rather than repeating it: branch and
office suffixes, attention lines, account numbers and IBANs, "for account of" and "on
behalf of" another party, representative offices, care-of lines and salutations, in
English, German, French, Russian (Cyrillic and Latin), Turkish and Arabic
transliteration (and a few in Arabic script). Every template holds `{x}` (the party),
and may hold `{y}` (another, unrelated party), `{city}`, `{acct}`, `{iban}`, `{dept}`.
The word lists are general knowledge, not taken from any sanctions list.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Clutter:
    kind: str  # the family, reported apart: branch, office, attention, account, ...
    lang: str
    template: str
    persons: bool = True  # fits a person's name too (a branch does not)


TEMPLATES: tuple[Clutter, ...] = (
    # English
    Clutter("branch", "en", "{x}, {city} branch", persons=False),
    Clutter("branch", "en", "{x} - {city} Branch", persons=False),
    Clutter("office", "en", "{x} ({city} office)", persons=False),
    Clutter("head_office", "en", "{x} (Head Office)", persons=False),
    Clutter("attention", "en", "Attn: {dept}, {x}", persons=False),
    Clutter("attention", "en", "ATTN {dept} / {x}", persons=False),
    Clutter("account", "en", "{x} acc. no. {acct}"),
    Clutter("account", "en", "{x} A/C {acct}"),
    Clutter("iban", "en", "{x} IBAN {iban}"),
    Clutter("iban", "en", "{x} / {iban}"),
    Clutter("for_account_of", "en", "{x} - FOR ACCOUNT OF {y}"),
    Clutter("for_account_of", "en", "{y} FAO {x}"),
    Clutter("on_behalf_of", "en", "{x} on behalf of {y}"),
    Clutter("on_behalf_of", "en", "{y} acting on behalf of {x}"),
    Clutter("representative_office", "en", "{x} Representative Office in {city}", persons=False),
    Clutter("care_of", "en", "{x} c/o {y}"),
    Clutter("care_of", "en", "{y} C/O {x}"),
    Clutter("salutation", "en", "Messrs {x}", persons=False),
    Clutter("salutation", "en", "Messrs. {x}, {city}", persons=False),
    Clutter("salutation", "en", "Mr. {x}"),
    Clutter("place", "en", "{x}, {city}"),
    Clutter("place", "en", "{x} ({city})"),
    Clutter("role", "en", "{x}, Director"),
    Clutter("role", "en", "{x} (General Manager)"),
    # German
    Clutter("branch", "de", "{x} Niederlassung {city}", persons=False),
    Clutter("branch", "de", "{x}, Zweigniederlassung {city}", persons=False),
    Clutter("attention", "de", "z. Hd. Einkauf, {x}", persons=False),
    Clutter("account", "de", "{x} Konto-Nr. {acct}"),
    Clutter("for_account_of", "de", "{x} für Rechnung von {y}"),
    Clutter("on_behalf_of", "de", "{x} im Auftrag von {y}"),
    Clutter("representative_office", "de", "{x} Repräsentanz {city}", persons=False),
    Clutter("salutation", "de", "Firma {x}", persons=False),
    Clutter("salutation", "de", "Herrn {x}"),
    Clutter("care_of", "de", "{x} bei {y}"),
    # French
    Clutter("branch", "fr", "{x}, succursale de {city}", persons=False),
    Clutter("office", "fr", "{x} (bureau de {city})", persons=False),
    Clutter("attention", "fr", "À l'attention du service achats, {x}", persons=False),
    Clutter("account", "fr", "{x} compte n° {acct}"),
    Clutter("for_account_of", "fr", "{x} pour le compte de {y}"),
    Clutter("representative_office", "fr", "{x} bureau de représentation à {city}", persons=False),
    Clutter("salutation", "fr", "Société {x}", persons=False),
    Clutter("salutation", "fr", "M. {x}"),
    Clutter("care_of", "fr", "{x} aux bons soins de {y}"),
    # Russian (Cyrillic, and as Latin-letter ERP fields write it)
    Clutter("branch", "ru", "{x}, филиал в г. {city}", persons=False),
    Clutter("representative_office", "ru", "Представительство {x} в г. {city}", persons=False),
    Clutter("attention", "ru", "Вниманию отдела закупок: {x}", persons=False),
    Clutter("account", "ru", "{x} р/с {acct}"),
    Clutter("on_behalf_of", "ru", "{x} по поручению {y}"),
    Clutter("for_account_of", "ru", "{x} за счет {y}"),
    Clutter("salutation", "ru", "Господину {x}"),
    Clutter("branch", "ru-latn", "{x} filial v g. {city}", persons=False),
    Clutter("representative_office", "ru-latn", "Predstavitelstvo {x} v {city}", persons=False),
    Clutter("account", "ru-latn", "{x} r/s {acct}"),
    # Turkish
    Clutter("branch", "tr", "{x} {city} Şubesi", persons=False),
    Clutter("office", "tr", "{x} ({city} ofisi)", persons=False),
    Clutter("attention", "tr", "Dikkatine: Satın Alma Bölümü, {x}", persons=False),
    Clutter("account", "tr", "{x} hesap no {acct}"),
    Clutter("on_behalf_of", "tr", "{y} adına {x}"),
    Clutter("representative_office", "tr", "{x} {city} İrtibat Bürosu", persons=False),
    Clutter("salutation", "tr", "Sayın {x}"),
    # Arabic, transliterated (and two in Arabic script)
    Clutter("branch", "ar-latn", "{x} far' {city}", persons=False),
    Clutter("office", "ar-latn", "{x} maktab {city}", persons=False),
    Clutter("attention", "ar-latn", "Li-ihtimam qism al-mushtarayat, {x}", persons=False),
    Clutter("account", "ar-latn", "{x} raqm al-hisab {acct}"),
    Clutter("for_account_of", "ar-latn", "{x} li-hisab {y}"),
    Clutter("representative_office", "ar-latn", "{x} maktab tamthili fi {city}", persons=False),
    Clutter("salutation", "ar-latn", "Al-Sada {x}", persons=False),
    Clutter("salutation", "ar-latn", "Al-Sayyid {x}"),
    Clutter("salutation", "ar", "السادة {x}", persons=False),
    Clutter("branch", "ar", "{x} فرع {city}", persons=False),
)

# Cities as each language writes them (general knowledge).
CITIES: dict[str, tuple[str, ...]] = {
    "en": (
        "Dubai",
        "Moscow",
        "Istanbul",
        "Hong Kong",
        "Singapore",
        "Frankfurt",
        "Almaty",
        "Tashkent",
        "Baku",
        "Yerevan",
        "Shanghai",
        "Minsk",
        "London",
        "Kuala Lumpur",
    ),
    "de": ("Frankfurt am Main", "Hamburg", "München", "Wien", "Zürich", "Moskau", "Dubai"),
    "fr": ("Paris", "Genève", "Lyon", "Beyrouth", "Casablanca", "Moscou", "Dubaï"),
    "ru": ("Москва", "Санкт-Петербург", "Минск", "Алматы", "Ташкент", "Казань", "Дубай"),
    "ru-latn": ("Moskva", "Sankt-Peterburg", "Minsk", "Kazan", "Novosibirsk"),
    "tr": ("İstanbul", "Ankara", "İzmir", "Mersin", "Bursa", "Dubai"),
    "ar-latn": ("Dubai", "al-Sharjah", "Bayrut", "Dimashq", "Baghdad", "Masqat", "al-Dawha"),
    "ar": ("دبي", "الشارقة", "بيروت", "دمشق", "بغداد"),
}
DEPARTMENTS = (
    "procurement dept",
    "Purchasing Department",
    "accounts payable",
    "Logistics Dept.",
    "Import Department",
    "Finance",
)
IBAN_COUNTRIES = (
    ("AE", 19),
    ("DE", 18),
    ("TR", 22),
    ("FR", 23),
    ("GB", 18),
    ("CH", 17),
    ("AZ", 24),
    ("KZ", 16),
    ("GE", 18),
    ("CY", 24),
)


def account_number(rng: random.Random) -> str:
    return "".join(rng.choice(string.digits) for _ in range(rng.randint(10, 20)))


def iban(rng: random.Random) -> str:
    """An IBAN-shaped string (country, check digits, account), grouped by four or not."""
    country, length = rng.choice(IBAN_COUNTRIES)
    body = f"{country}{rng.randint(10, 99)}" + "".join(
        rng.choice(string.digits + (string.ascii_uppercase if country == "GB" else ""))
        for _ in range(length)
    )
    if rng.random() < 0.5:
        return " ".join(body[i : i + 4] for i in range(0, len(body), 4))
    return body


def wrap(name: str, other: str, clutter: Clutter, rng: random.Random) -> str:
    """`name` in `clutter`'s template, with `other` as the unrelated second party."""
    cities = CITIES.get(clutter.lang) or CITIES["en"]
    return clutter.template.format(
        x=name,
        y=other,
        city=rng.choice(cities),
        acct=account_number(rng),
        iban=iban(rng),
        dept=rng.choice(DEPARTMENTS),
    )


def templates_for(person: bool) -> list[Clutter]:
    return [c for c in TEMPLATES if c.persons or not person]
