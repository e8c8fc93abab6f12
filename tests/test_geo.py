"""Geography: country names in many languages, places in addresses, country groups."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from caspian import data
from caspian.geo.countries import to_code
from caspian.geo.places import KINDS, Place, find_places, place_by_id, place_roles, places
from caspian.geo.risk import countries_in, country_groups, group_source, groups

ROOT = Path(__file__).resolve().parents[1]


def _ids(text: str, country: str | None = None) -> list[str]:
    return [hit.place.id for hit in find_places(text, country=country)]


def _reference_geography(reference_dir: Path) -> list[dict[str, str]]:
    with (reference_dir / "geography.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # English and trade spellings
        ("U.A.E.", "ae"), ("UAE", "ae"), ("United Arab Emirates (UAE)", "ae"),
        ("P.R.C.", "cn"), ("PR China", "cn"), ("Mainland China", "cn"),
        ("Hongkong", "hk"), ("Hong Kong SAR", "hk"), ("Hong Kong, PRC", "hk"),
        ("Macau, China", "mo"), ("Macao SAR", "mo"), ("Chinese Taipei", "tw"),
        ("Türkiye", "tr"), ("TURKIYE", "tr"), ("Republic of Türkiye", "tr"), ("TÜRKİYE", "tr"),
        ("Korea (South)", "kr"), ("Korea, Rep.", "kr"), ("Korea (North)", "kp"),
        ("DPR Korea", "kp"), ("I.R. Iran", "ir"), ("Byelorussia", "by"), ("Kirghizia", "kg"),
        ("Holland", "nl"), ("U.K.", "gb"), ("U.S.", "us"), ("Tehran, Iran", "ir"),
        # German, French, Spanish
        ("Deutschland", "de"), ("Russland", "ru"), ("Weißrussland", "by"), ("VAE", "ae"),
        ("Vereinigte Arabische Emirate", "ae"), ("Südkorea", "kr"), ("Türkei", "tr"),
        ("Allemagne", "de"), ("Russie", "ru"), ("Émirats arabes unis", "ae"), ("EAU", "ae"),
        ("Chine", "cn"), ("Corée du Nord", "kp"), ("Biélorussie", "by"),
        ("Alemania", "de"), ("Rusia", "ru"), ("Irán", "ir"), ("Emiratos Árabes Unidos", "ae"),
        ("EE.UU.", "us"), ("Turquía", "tr"),
        # Russian
        ("Россия", "ru"), ("Российская Федерация", "ru"), ("РФ", "ru"), ("Иран", "ir"),
        ("Беларусь", "by"), ("Белоруссия", "by"), ("Казахстан", "kz"), ("ОАЭ", "ae"),
        ("Китай", "cn"), ("КНР", "cn"), ("Турция", "tr"), ("Германия", "de"),
        ("Гонконг", "hk"), ("КНДР", "kp"), ("Сирия", "sy"), ("Куба", "cu"), ("Армения", "am"),
        ("Киргизия", "kg"), ("Узбекистан", "uz"), ("США", "us"),
        # Chinese (simplified and traditional)
        ("俄罗斯", "ru"), ("伊朗", "ir"), ("中国", "cn"), ("香港", "hk"), ("中国香港", "hk"),
        ("阿联酋", "ae"), ("阿拉伯联合酋长国", "ae"), ("澳门", "mo"), ("土耳其", "tr"),
        ("朝鲜", "kp"), ("韩国", "kr"), ("德国", "de"), ("哈萨克斯坦", "kz"),
        ("中華人民共和國", "cn"), ("台灣", "tw"), ("俄羅斯", "ru"),
        # Arabic and Persian
        ("ایران", "ir"), ("إيران", "ir"), ("روسیه", "ru"), ("روسيا", "ru"),
        ("الإمارات", "ae"), ("الامارات", "ae"), ("الإمارات العربية المتحدة", "ae"),
        ("امارات متحده عربی", "ae"), ("الصين", "cn"), ("چین", "cn"), ("ترکیه", "tr"),
        ("تركيا", "tr"), ("سوريا", "sy"), ("جمهوری اسلامی ایران", "ir"), ("هنگ کنگ", "hk"),
        ("آلمان", "de"), ("ألمانيا", "de"),
        # Turkish
        ("Rusya", "ru"), ("İran", "ir"), ("Çin", "cn"), ("BAE", "ae"), ("ABD", "us"),
        ("Almanya", "de"), ("Kırgızistan", "kg"), ("Gürcistan", "ge"), ("Azerbaycan", "az"),
        ("Beyaz Rusya", "by"), ("Güney Kore", "kr"),
    ],
)  # fmt: skip
def test_country_names_in_each_language(name: str, code: str) -> None:
    assert to_code(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Niger", "ne"), ("Nigeria", "ng"), ("Dominica", "dm"), ("Dominican Republic", "do"),
        ("Guinea", "gn"), ("Guinea-Bissau", "gw"), ("Equatorial Guinea", "gq"),
        ("Papua New Guinea", "pg"), ("Sudan", "sd"), ("South Sudan", "ss"),
        ("Austria", "at"), ("Australia", "au"), ("Iran", "ir"), ("Iraq", "iq"),
        ("Нигер", "ne"), ("Нигерия", "ng"), ("Гвинея", "gn"), ("Гвинея-Бисау", "gw"),
    ],
)  # fmt: skip
def test_near_misses_resolve_to_their_own_country(name: str, code: str) -> None:
    assert to_code(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "Korea", "America", "Nigerian", "Niger Delta", "Dominican", "Guinean", "Atlantis",
        "Persia", "Kazan", "Dubai", "Tehran", "Makhachkala", "Европа", "آذربایجان", "Congo Basin",
        "Islamic Republic", "People's Republic", "", "  ",
    ],
)  # fmt: skip
def test_unknown_or_ambiguous_names_give_none(name: str) -> None:
    assert to_code(name) is None


def test_every_multilingual_name_resolves_to_its_own_code() -> None:
    """No name of country_names.csv is shadowed by another table with a different code."""
    iso = {c.alpha_2.lower() for c in pycountry.countries} | {"xk"}
    rows = data.csv_rows("country_names.csv")
    assert len(rows) > 1900
    assert {row["lang"] for row in rows} >= {"en", "de", "fr", "es", "ru", "zh", "zh-Hant", "ar"}
    assert {row["lang"] for row in rows} >= {"fa", "tr"}
    for row in rows:
        assert row["code"].lower() in iso, row
        assert row["source"] in {"CLDR", "official", "trade"}, row
        assert to_code(row["name"]) == row["code"].lower(), row


def test_list_aliases_still_resolve_as_before() -> None:
    """The list readers' own aliases keep priority over the multilingual names."""
    for row in data.csv_rows("country_aliases.csv"):
        assert to_code(row["name"]) == row["code"].lower(), row


# ---------------------------------------------------------------- places in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Port of Makhachkala, Dagestan, Russia",
         [("makhachkala-port", "Port of Makhachkala"), ("dagestan", "Dagestan")]),
        ("ул. Портовая, Махачкала", [("makhachkala-port", "Махачкала")]),
        ("367000, г. Махачкала, Республика Дагестан",
         [("makhachkala-port", "Махачкала"), ("dagestan", "Республика Дагестан")]),
        ("Alabuga SEZ, Yelabuga, Republic of Tatarstan",
         [("alabuga-sez", "Alabuga SEZ"), ("yelabuga", "Yelabuga"),
          ("tatarstan", "Republic of Tatarstan")]),
        ("ОЭЗ «Алабуга», Елабужский район",
         [("alabuga-sez", "ОЭЗ «Алабуга»"), ("yelabuga", "Елабужский район")]),
        ("Bandar Anzali Free Zone", [("anzali-ftz", "Bandar Anzali Free Zone")]),
        ("Bandar-e Anzali, Gilan Province", [("anzali-port", "Bandar-e Anzali")]),
        ("منطقه آزاد انزلی، گیلان", [("anzali-ftz", "منطقه آزاد انزلی")]),
        ("بندر امیرآباد، بهشهر", [("amirabad-port", "بندر امیرآباد")]),
        ("Jebel Ali Free Zone, Dubai", [("jafza", "Jebel Ali Free Zone")]),
        ("LOB 16, Jebel Ali, Dubai", [("jafza", "Jebel Ali")]),
        ("Warehouse 4, SAIF Zone, Sharjah", [("saif-zone", "SAIF Zone")]),
        ("P.O. Box 42, Hamriyah Free Zone, Sharjah", [("hamriyah-fz", "Hamriyah Free Zone")]),
        ("Simferopol, Crimea", [("simferopol", "Simferopol"), ("crimea", "Crimea")]),
        ("Донецк", [("donetsk", "Донецк")]),
        ("г. Луганск, ЛНР", [("luhansk", "Луганск")]),
        ("Sevastopol, ul. Lenina 1", [("sevastopol", "Sevastopol")]),
        ("Melitopol, Zaporizhzhia Oblast",
         [("melitopol", "Melitopol"), ("zaporizhzhia", "Zaporizhzhia Oblast")]),
        ("Room 1203, 12/F, Nathan Road, Kowloon, Hong Kong", [("hong-kong", "Hong Kong")]),
        ("中国香港特别行政区九龙弥敦道100号", [("hong-kong", "香港")]),
        ("Avenida da Praia Grande, Macau", [("macau", "Macau")]),
        ("جزیره کیش، بلوار ساحل", [("kish-fz", "جزیره کیش")]),
        ("Kish Island, Hormozgan, Iran", [("kish-fz", "Kish Island")]),
        ("تهران، خیابان ولیعصر", [("tehran", "تهران")]),
        ("North Amirabad St., Tehran, Iran", [("tehran", "Tehran")]),
        ("Olya, Limansky district, Astrakhan Oblast",
         [("olya-port", "Olya"), ("astrakhan-oblast", "Astrakhan Oblast")]),
        ("порт Оля, Астраханская область",
         [("olya-port", "порт Оля"), ("astrakhan-oblast", "Астраханская область")]),
        ("г. Астрахань", [("astrakhan-port", "Астрахань")]),
        ("Kazan, Republic of Tatarstan",
         [("kazan", "Kazan"), ("tatarstan", "Republic of Tatarstan")]),
        ("420000, Казань", [("kazan", "Казань")]),
        ("Port of Aktau, Mangystau", [("aktau-port", "Port of Aktau")]),
    ],
)  # fmt: skip
def test_places_in_addresses(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(hit.place.id, hit.matched) for hit in find_places(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hauptstrasse 5, 80331 München", "1-2-3 Shibuya, Tokyo", "Kazanlak, Bulgaria",
        "Olya Ivanova", "Olya Ivanova, Moscow", "Kazan Makina San. Ltd., Ankara",
        "North Amirabad Street 12", "Saif Al Rahman Trading, Deira", "Michigan DNR, Lansing",
        "Sebastopol, CA 95472, USA", "Casa Alabugante", "Astrakhanka Street 1",
        "Kishinev", "Caspian Port Services LLC", "Dubai Mall", "Rotterdam", "Jebel Ali Road",
        "Olyan", "Tehrani Trading GmbH", None, "", "   ",
    ],
)  # fmt: skip
def test_no_places_in_ordinary_text(text: str | None) -> None:
    assert find_places(text) == []


def test_caspian_port_needs_its_context() -> None:
    """'Caspian Port' alone is a phrase; with Gilan or Anzali it is the Iranian port."""
    assert _ids("Caspian Port Services LLC, Aktau") == ["aktau-port"]
    assert _ids("Caspian Port, Gilan") == ["caspian-port-gilan"]
    assert _ids("Caspian Port", country="ir") == ["caspian-port-gilan"]


def test_context_words_decide_ambiguous_names() -> None:
    assert _ids("Olya Ivanova") == []
    assert _ids("Olya Ivanova", country="ru") == []  # a country is no port context
    assert _ids("Olya seaport") == ["olya-port"]
    assert _ids("Kazan") == []
    assert _ids("Kazan", country="RU") == ["kazan"]
    assert _ids("Kazan", country="Russia") == ["kazan"]
    assert _ids("Kazan", country="tr") == []
    assert _ids("Amirabad, Tehran") == ["tehran"]
    assert _ids("Amirabad port") == ["amirabad-port"]
    assert _ids("Saif") == []
    assert _ids("SAIF, Sharjah") == ["saif-zone"]
    assert _ids("DNR") == []
    assert _ids("DNR, Russia") == ["donetsk"]
    assert _ids("Kish") == []
    assert _ids("Kish", country="ir") == ["kish-fz"]
    assert _ids("Sebastopol, Crimea") == ["sevastopol", "crimea"]


def test_country_never_hides_a_hit_but_chooses_namesakes() -> None:
    assert _ids("Makhachkala", country="ae") == ["makhachkala-port"]
    assert _ids("Jebel Ali Free Zone", country="ir") == ["jafza"]
    assert _ids("Astara") == ["astara-ir", "astara-az"]
    assert _ids("Astara", country="az") == ["astara-az"]
    assert _ids("Astara", country="Iran") == ["astara-ir"]
    assert _ids("Astara, Azerbaijan") == ["astara-az"]
    assert _ids("Астара, Азербайджан") == ["astara-az"]
    assert _ids("آستارا") == ["astara-ir"]
    assert _ids("Astara", country="de") == ["astara-ir", "astara-az"]


def test_hits_are_whole_words_longest_and_unique() -> None:
    assert _ids("Kazanlak") == []
    assert _ids("Makhachkalas") == []
    assert _ids("Bandar Anzali Free Trade Zone") == ["anzali-ftz"]
    assert _ids("Hong, Kong") == []  # a name never spans a comma
    assert _ids("香，港") == []  # nor a full-width one
    assert _ids("地址：中国香港，九龙（尖沙咀）") == ["hong-kong"]
    assert _ids("Makhachkala; Махачкала; port of Makhachkala") == ["makhachkala-port"]
    hits = find_places("Makhachkala; Махачкала; port of Makhachkala")
    assert hits[0].matched == "port of Makhachkala"  # the longest of the three
    # Most specific kind first: the zone before the town before the region.
    assert _ids("Republic of Tatarstan, Yelabuga, Alabuga") == [
        "alabuga-sez",
        "yelabuga",
        "tatarstan",
    ]


def test_accents_case_and_letter_forms_fold() -> None:
    assert _ids("MAKHACHKALA") == ["makhachkala-port"]
    assert _ids("ЕЛАБУГА") == ["yelabuga"]
    assert _ids("Téhéran") == ["tehran"]
    assert _ids("Tahran, Türkiye değil") == ["tehran"]
    assert _ids("بندر أنزلي") == ["anzali-port"]  # Arabic alef with hamza and Arabic yeh
    assert _ids("ماخاچ\u200cقلعه") == ["makhachkala-port"]  # Persian zero-width non-joiner


# ---------------------------------------------------------------- the places table


def test_every_reference_geography_row_is_a_place(reference_dir: Path) -> None:
    rows = _reference_geography(reference_dir)
    assert len(rows) == 46
    by_name = {place.name: place for place in places()}
    for row in rows:
        place = by_name[row["name"]]
        expected_kind = "territory" if row["name"] in ("Hong Kong", "Macau") else row["kind"]
        assert place.kind == expected_kind, row["name"]
        assert place.source == row["source"], row["name"]
        assert place.lat == (float(row["lat"]) if row["lat"] else None), row["name"]
        assert place.lon == (float(row["lon"]) if row["lon"] else None), row["name"]
        expected_country = {"Hong Kong": "hk", "Macau": "mo"}.get(row["name"]) or to_code(
            row["country"]
        )
        assert place.country == expected_country, row["name"]
        assert place.note, row["name"]


def test_places_table_is_sound() -> None:
    vocabulary = place_roles()
    all_places = places()
    assert len(all_places) == 96
    assert len({p.id for p in all_places}) == len(all_places)
    for place in all_places:
        assert place.kind in KINDS, place.id
        assert place.roles <= vocabulary.keys(), place.id
        assert place.source.strip(), place.id
        assert place.country is None or to_code(place.country) == place.country, place.id
        if place.kind != "country":
            assert place.roles or place.kind == "city", place.id
    used = {role for place in all_places for role in place.roles}
    assert used == set(vocabulary), "every role of the vocabulary is used"
    with pytest.raises(KeyError, match="no-such-place"):
        place_by_id("no-such-place")


def test_roles_of_the_documented_route_and_production() -> None:
    def with_role(role: str) -> set[str]:
        return {p.id for p in places() if role in p.roles}

    ports = {p.id for p in places() if "caspian_route_port" in p.roles and p.kind == "port"}
    assert ports == {
        "amirabad-port",
        "anzali-port",
        "makhachkala-port",
        "astrakhan-port",
        "olya-port",
    }
    assert with_role("caspian_route_port") == ports | {"amirabad-sez", "anzali-ftz"}
    assert with_role("uav_production") == {"alabuga-sez", "yelabuga"}
    assert with_role("uav_region") == {"tatarstan", "kazan"}
    assert with_role("uav_program_city") == {"tehran", "isfahan"}
    assert {"nowshahr-port", "astara-ir", "caspian-port-gilan"} <= with_role("caspian_port")
    assert "nowshahr-port" not in with_role("caspian_route_port")
    assert {"kish-fz", "anzali-ftz", "amirabad-sez", "alabuga-sez", "jafza", "dafza"} <= with_role(
        "free_zone"
    )
    assert with_role("occupied_ukraine_partial") == {"zaporizhzhia", "kherson"}
    occupied = with_role("occupied_ukraine")
    assert {"crimea", "sevastopol", "donetsk", "luhansk", "melitopol"} <= occupied
    for place_id in occupied | with_role("occupied_ukraine_partial"):
        place = place_by_id(place_id)
        assert place.country == "ua"
        assert "EU" in place.source and "UK" in place.source, place_id
    assert "Executive Order 13685" in place_by_id("crimea").source
    assert "Executive Order 14065" in place_by_id("donetsk").source


def test_every_alias_finds_its_place() -> None:
    """Each alias, written alone (with a context word where it needs one), finds its place."""
    rows = data.csv_rows("place_aliases.csv")
    assert len(rows) > 550
    for row in rows:
        place = place_by_id(row["place"])
        context = [w for w in (row["context"] or "").split("|") if w]
        words = [w for w in context if not w.startswith("@")]
        text = f"{row['alias']}, {words[0]}" if words else row["alias"]
        country = context[0][1:] if context and not words else None
        hits = find_places(text, country=country or place.country)
        assert place.id in [h.place.id for h in hits], row
        if context:  # and without its context, it does not
            assert place.id not in _ids(row["alias"]), row
        for word in words:
            assert re.fullmatch(r"\w+", word), f"context word {word!r} is not one word"


# ---------------------------------------------------------------- country groups


def test_country_groups_as_the_policy_names_them() -> None:
    assert groups() == {
        "embargoed", "russia_belarus", "diversion_hub", "caspian_littoral", "uav_network"
    }  # fmt: skip
    assert countries_in("embargoed") == {"ir", "kp", "sy", "cu"}
    assert countries_in("russia_belarus") == {"ru", "by"}
    assert countries_in("caspian_littoral") == {"ir", "ru", "kz", "tm", "az"}
    assert countries_in("uav_network") == {"hk", "cn", "my", "id", "tr", "ae", "om", "de", "ru"}
    fincen = {"am", "br", "cn", "ge", "in", "il", "kz", "kg", "mx", "ni", "rs", "sg", "za",
              "tw", "tj", "tr", "ae", "uz"}  # fmt: skip
    assert countries_in("diversion_hub") == fincen | {"hk", "mo", "my", "id", "om"}
    for code in fincen:
        assert "FinCEN/BIS joint alert 2022-06-28" in group_source(code, "diversion_hub")
    for code in ("hk", "mo", "am", "tr", "uz", "cn"):
        assert "Tri-Seal" in group_source(code, "diversion_hub"), code
    assert "country of focus" in group_source("ae", "diversion_hub")
    for code in ("my", "id", "om"):
        assert "OFAC Iran-UAV network" in group_source(code, "diversion_hub")
    assert "31 CFR Part 515" in group_source("cu", "embargoed")
    assert "1718" in group_source("kp", "embargoed")
    for group in groups():
        for code in countries_in(group):
            assert group_source(code, group).strip()


def test_diversion_hubs_match_the_reference_red_flags(reference_dir: Path) -> None:
    text = (reference_dir / "red_flags.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("36. "))
    names = re.search(r"points: (.*?) \(2022 alert", line)
    assert names
    listed = {to_code(n.strip()) for n in names.group(1).replace(" and ", ", ").split(",")}
    assert None not in listed and len(listed) == 18
    assert listed <= countries_in("diversion_hub")
    flag26 = next(ln for ln in text.splitlines() if ln.startswith("26. "))
    for name in ("Hong Kong", "Macau", "Armenia", "Turkey", "Uzbekistan"):
        assert name in flag26
        assert to_code(name) in countries_in("diversion_hub")


def test_not_diversion_hubs() -> None:
    for code in ("de", "ru", "az", "tm", "us", "jp", "gb", "nl"):
        assert "diversion_hub" not in country_groups(code), code
    assert country_groups("az") == {"caspian_littoral"}


def test_country_groups_by_code_or_name() -> None:
    assert country_groups("IR") == {"embargoed", "caspian_littoral"}
    assert country_groups("Иран") == {"embargoed", "caspian_littoral"}
    assert country_groups("Россия") == {"russia_belarus", "caspian_littoral", "uav_network"}
    assert country_groups("U.A.E.") == {"diversion_hub", "uav_network"}
    assert country_groups("jp") == frozenset()
    assert country_groups("Atlantis") == frozenset()
    with pytest.raises(ValueError, match="unknown country group 'embargo'"):
        countries_in("embargo")
    with pytest.raises(KeyError, match="not in country group"):
        group_source("de", "embargoed")


def test_places_agree_with_country_groups() -> None:
    """A place's territory row and the groups say the same about hubs."""
    for place in places():
        if "diversion_hub" in place.roles:
            assert place.country and "diversion_hub" in country_groups(place.country), place.id


# ---------------------------------------------------------------- purity and speed


def test_geo_modules_import_no_io() -> None:
    code = (
        "import json, sys\n"
        "import caspian.geo.places, caspian.geo.risk, caspian.geo.normal\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT)))
    forbidden = {"sqlite3", "httpx", "lxml", "caspian.lists", "caspian.io", "caspian.cli", "click"}
    assert not loaded & forbidden


# Long, noisy addresses as order books hold them (its speed: bench/bench_places.py).
NOISY_ADDRESSES = [
    ("Jumeirah Lakes Towers, Cluster V", "Dubai, United Arab Emirates", "Mr. Ali", {"dmcc"}),
    ("ул. Портовая, д. 5, корп. 2", "г. Махачкала, Республика Дагестан", "Иванов",
     {"makhachkala-port", "dagestan"}),
    ("Hauptstrasse 5, Gewerbegebiet Nord", "80331 München, Deutschland", "Dr. Müller", set()),
    ("12/F Nathan Road, Tsim Sha Tsui", "Kowloon, Hong Kong SAR", "Wong Ka Ming", {"hong-kong"}),
    ("خیابان ولیعصر، کوچه بهار", "تهران، ایران", "آقای رضایی", {"tehran"}),
    ("弥敦道100号", "中国香港特别行政区九龙", "王先生", {"hong-kong"}),
]  # fmt: skip


def test_find_places_in_long_noisy_addresses() -> None:
    for n, (street, city, who, expected) in enumerate(NOISY_ADDRESSES * 2):
        address = (f"Office {n}, {street}, P.O. Box {1000 + n}, {city}, tel. +{n} 555 {n:04d}, "
                   f"contact {who}")  # fmt: skip
        assert len(address) > 70
        assert {hit.place.id for hit in find_places(address)} == expected, address


def test_place_is_frozen() -> None:
    place = place_by_id("alabuga-sez")
    assert isinstance(place, Place)
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]
