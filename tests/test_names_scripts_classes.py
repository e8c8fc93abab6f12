"""Names across scripts and romanisation systems, by class (issue 11): Arabic names whose
vowels are rendered apart, borrowed names in Arabic and Hebrew script, Han names read in
Korean and Japanese, Korean romanisation systems, and CJK names written with other
characters. Listed names are from the shared lists (UN consolidated list, OFAC, EU); the
other side is written by hand for these tests."""

from __future__ import annotations

import sys

import pytest

from caspian.match import DEFAULT_THRESHOLD, Matcher, Query
from caspian.model import Entity
from caspian.names import abjad, cjk, korean, vowel_variants
from caspian.names.han_readings import analyses, korean_split, readings
from caspian.names.romanize import key


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([])  # word weights from the packaged word table of the official lists


def _score(matcher: Matcher, query: str, listed: str, schema: str = "Person") -> float:
    entity = Entity(id="t", schema=schema, source="test", source_id="t")
    entity.add("name", listed)
    return matcher.score(Query("q", schema, {"name": [query]}), entity).score


def _matches(matcher: Matcher, query: str, listed: str) -> bool:
    return _score(matcher, query, listed) >= DEFAULT_THRESHOLD


# -- 1. Arabic given names with their short vowels rendered apart -----------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [  # listed: UN consolidated list (QDi, IQi regimes)
        ("Hamza Osama Mohamed bin Ladin", "HAMZA USAMA MUHAMMAD BIN LADEN"),
        ("Faisal Ahmed ibn Ali al-Zahrani", "FAYSAL AHMAD BIN ALI AL-ZAHRANI"),
        ("Saddam Hossein al-Tikriti", "SADDAM HUSSEIN AL-TIKRITI"),
        (
            "Ashraf Mohamed Youssef Othman Abdel Salam",
            "ASHRAF MUHAMMAD YUSUF 'UTHMAN 'ABD AL-SALAM",
        ),
        ("Khaled Abdel Rahman Hamd al-Fawaz", "KHALID ABD AL-RAHMAN HAMD AL-FAWAZ"),
        ("Mostafa Hajji Mohamed Khan", "MUSTAFA HAJJI MUHAMMAD KHAN"),
    ],
)
def test_arabic_names_with_vowels_rendered_apart_match(
    matcher: Matcher, query: str, listed: str
) -> None:
    assert _matches(matcher, query, listed), _score(matcher, query, listed)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ahmed", "Ahmad"), ("Mohamed", "Muhammad"), ("Khaled", "Khalid"), ("Osama", "Usama"),
     ("Youssef", "Yusuf"), ("Hossein", "Husain"), ("Nasser", "Nasir")],
)  # fmt: skip
def test_vowel_renderings_of_one_name(a: str, b: str) -> None:
    assert vowel_variants.vowels_apart(key(a.lower()), key(b.lower()))


@pytest.mark.parametrize(
    ("a", "b"),
    [  # distinct names with the same consonants: the vowels cannot render one another
        ("Hamid", "Hamad"),
        ("Hasan", "Husain"),
        ("Bashar", "Bushra"),
        ("Jamal", "Jamil"),
        ("Hansen", "Hanson"),
        ("Maria", "Mario"),
    ],
)
def test_distinct_names_are_not_vowel_renderings(a: str, b: str) -> None:
    assert not vowel_variants.vowels_apart(key(a.lower()), key(b.lower()))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mehmet", "Muhammad", True),  # Turkish
        ("Mamadou", "Mohammed", True),  # West African
        ("Djamel", "Jamal", True),  # Maghrebi
        ("bin", "ibn", True),
        ("ben", "bin", True),
        ("bin", "bint", False),  # son of / daughter of
        ("Khalid", "Khalil", False),
        ("Umar", "Uthman", False),
    ],
)
def test_spelling_groups(a: str, b: str, same: bool) -> None:
    assert vowel_variants.same_spelling_group(key(a.lower()), key(b.lower())) is same


def test_other_given_name_is_still_a_conflict(matcher: Matcher) -> None:
    assert not _matches(matcher, "Hamid Karimi", "Hamad Karimi")
    assert not _matches(matcher, "Ahmad Ali", "Mohammed Ali")


# -- 2 and 3. Borrowed names in Arabic, Persian and Hebrew script --------------------------


@pytest.mark.parametrize(
    ("latin", "written"),
    [  # EU-listed Russians, written the way Arabic, Persian and Hebrew press write them
        ("Sergey Lavrov", "سيرغي لافروف"),
        ("Igor Sechin", "إيغور سيتشين"),
        ("Oleg Deripaska", "أوليغ ديريباسكا"),
        ("Viktor Vekselberg", "فيكتور فيكسلبرغ"),
        ("Alexei Miller", "أليكسي ميلر"),
        ("Igor Sechin", "ایگور سچین"),
        ("Sergey Lavrov", "סרגיי לברוב"),
        ("Oleg Deripaska", "אולג דריפסקה"),
        ("Vladimir Putin", "ולדימיר פוטין"),
    ],
)
def test_borrowed_names_in_abjad_scripts_meet_their_latin_spelling(
    matcher: Matcher, latin: str, written: str
) -> None:
    assert _matches(matcher, latin, written), _score(matcher, latin, written)


@pytest.mark.parametrize(
    ("latin", "written"),
    [  # the same given names, other surnames
        ("Vladimir Putin", "فلاديمير بوتشكوف"),
        ("Igor Sechin", "إيغور سيدوف"),
        ("Oleg Deripaska", "أوليغ ديمتريف"),
        ("Sergey Lavrov", "סרגיי לבדב"),
        ("Viktor Vekselberg", "فيكتور بيلوف"),
    ],
)
def test_borrowed_names_with_another_surname_do_not_match(
    matcher: Matcher, latin: str, written: str
) -> None:
    assert not _matches(matcher, latin, written), _score(matcher, latin, written)


@pytest.mark.parametrize(
    ("written", "latin", "fits"),
    [
        ("fiktur", "viktor", True),  # ف for v
        ("tramb", "trump", True),  # ب for p
        ("avlaf", "olaf", True),  # initial alif carrying و
        ("sitshin", "sechin", True),  # ت + ش for ch
        ("hsn", "hosseini", False),  # a final vowel would be written
        ("hsn", "hussein", False),  # so would a diphthong
    ],
)
def test_abjad_readings(written: str, latin: str, fits: bool) -> None:
    assert abjad.fits(written, latin) is fits


def test_abjad_readings_table_is_validated() -> None:
    anywhere, start, _end = abjad.readings()
    assert ("f", "v") in anywhere["f"]
    assert ("av", "o") in start["a"]


# -- 4. Han names read in Korean and Japanese ------------------------------------------


@pytest.mark.parametrize(
    ("latin", "han"),
    [
        ("Kim Chol Sam", "金铁三"),  # UN KPi.035, whose listed alias is 金铁三
        ("Jin Tiesan", "金铁三"),  # ... and its pinyin, which stays
        ("Choe Ryong Hae", "崔龍海"),  # OFAC
        ("Kim Yo Jong", "金與正"),  # OFAC
        ("Pak Pong Ju", "朴奉珠"),
        ("Kishida Fumio", "岸田文雄"),
        ("Asahara Shoko", "麻原彰晃"),
        ("Xi Jinping", "習近平"),
    ],
)
def test_han_names_are_read_in_their_own_language(matcher: Matcher, latin: str, han: str) -> None:
    assert _matches(matcher, latin, han), _score(matcher, latin, han)


@pytest.mark.parametrize(
    ("latin", "han"),
    [
        ("Kim Jong Un", "金正日"),  # Kim Jong Il
        ("Koizumi Junichiro", "小泉純二郎"),
        ("Kim Chol Sam", "金铁男"),
    ],
)
def test_han_names_read_alike_in_part_do_not_match(matcher: Matcher, latin: str, han: str) -> None:
    assert not _matches(matcher, latin, han), _score(matcher, latin, han)


def test_which_readings_a_han_name_gets() -> None:
    assert readings("金铁三") == ["kim chol sam"]  # Korean shape only: 3 characters
    assert "tanaka makoto" in readings("田中誠")
    assert readings("山田 花子") == ["yamada hanako"]
    assert readings("习近平") == []  # 习 is no Korean surname, nor read in Japanese
    assert readings("中国石油") == []  # a firm's words
    assert readings("Kim Chol Sam") == []
    assert korean_split("南宮玉") == ("南宮", "玉")
    first, *others = analyses("金铁三")
    assert [t.text for t in first.tokens] == ["jin", "tiesan"]
    assert [[t.text for t in a.tokens] for a in others] == [["kim", "chol", "sam"]]
    assert all(a.original == "金铁三" for a in others)


# -- 5. Hangul in other romanisation systems -------------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [  # listed: UN consolidated list (KPi regime)
        ("Gim Cheol-sam", "KIM CHOL SAM"),
        ("Park Han-se", "PAK HAN SE"),
        ("Lee Won-ho", "RI WON HO"),
        ("Choi Chun-sik", "CHOE CHUN-SIK"),
        ("Kang Mon Kil", "KANG MUN KIL"),
    ],
)
def test_korean_names_in_other_systems_match(matcher: Matcher, query: str, listed: str) -> None:
    assert _matches(matcher, query, listed), _score(matcher, query, listed)


@pytest.mark.parametrize(
    ("query", "hangul"),
    [  # listed on the OFAC SDN list in McCune-Reischauer: Pak Pong Ju, Ri Pyong Chol
        ("Bak Bong-ju", "박봉주"),
        ("Pak Pong Ju", "박봉주"),
        ("Ri Byong-chol", "리병철"),
        ("Lee Byeong Cheol", "리병철"),
    ],
)
def test_hangul_names_meet_spellings_syllable_by_syllable(
    matcher: Matcher, query: str, hangul: str
) -> None:
    assert _matches(matcher, query, hangul), _score(matcher, query, hangul)


def test_hangul_syllable_readings() -> None:
    assert readings("박봉주") == ["pak pong ju"]
    assert readings("남궁옥분") == ["namgung ok pun"]  # a two-syllable surname
    assert readings("조선광업개발무역회사") == []  # a firm's words
    assert not _matches(Matcher([]), "Pak Pong Il", "박봉주")


def test_korean_syllables_one_vowel_letter_apart() -> None:
    assert korean.one_vowel_off("un", "on")
    assert korean.one_vowel_off("chol", "chul")
    assert not korean.one_vowel_off("il", "un")
    assert not korean.one_vowel_off("sam", "nam")
    assert not korean.one_vowel_off("hanson", "hansen")  # not in _NEAR_VOWELS
    assert not korean.one_vowel_off("smith", "smyth")  # not Korean syllables
    assert korean.same_surname(key("park"), key("bak"))
    assert not korean.same_surname(key("park"), key("kim"))


def test_other_korean_names_stay_apart(matcher: Matcher) -> None:
    assert not _matches(matcher, "Kim Chol Sam", "KIM CHOL NAM")  # both listed
    assert not _matches(matcher, "Ri Won Il", "RI WON HO")
    assert not _matches(matcher, "Kim Kwang Ul", "KIM KWANG-IL")  # i / u: not a rendering


# -- 6. CJK names alike in Latin letters, written with other characters ------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("金铁三", "金鐵三", True),  # simplified and traditional forms of one character
        ("金 铁三", "金铁三", True),
        ("金铁三", "金哲三", False),  # both Kim Chol Sam in Korean
        ("田中誠", "田中真", False),  # both Tanaka Makoto in Japanese
        ("김철삼", "김철산", False),
    ],
)
def test_cjk_names_are_compared_on_their_characters(
    matcher: Matcher, a: str, b: str, same: bool
) -> None:
    assert (cjk.character_agreement(a, b) == 1.0) is same
    assert _matches(matcher, a, b) is same, _score(matcher, a, b)


def test_character_agreement_leaves_firms_and_latin_names_alone() -> None:
    assert cjk.character_agreement("华信船务(香港)有限公司", "华信船务有限公司") == 1.0
    assert cjk.character_agreement("Kim Chol Sam", "金哲三") == 1.0
    assert cjk.character_agreement("金正恩", "김정은") == 1.0  # other scripts


def test_without_the_cjk_extra_a_han_name_is_read_in_mandarin_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pykakasi and hanja are the optional extra `cjk`: where they are missing, the
    Korean and Japanese readings are left out and nothing fails."""
    from caspian.names import han_readings

    with_extra = readings("山田太郎"), readings("金正恩")
    assert "yamada taro" in with_extra[0] and "kim jong un" in with_extra[1]  # beside pinyin
    for module in ("pykakasi", "hanja"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    for fn in (han_readings._kakasi, han_readings._hanja, han_readings.readings,
               han_readings.analyses):  # fmt: skip
        getattr(fn, "cache_clear", lambda: None)()
    try:
        assert readings("山田太郎") == readings("金正恩") == []
        assert analyses("山田太郎")[0].tokens  # still read, in pinyin
    finally:
        monkeypatch.undo()
        for fn in (han_readings._kakasi, han_readings._hanja, han_readings.readings,
                   han_readings.analyses):  # fmt: skip
            getattr(fn, "cache_clear", lambda: None)()
    assert (readings("山田太郎"), readings("金正恩")) == with_extra
