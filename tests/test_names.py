"""Name analysis: romanisation keys, skeletons, scripts, legal forms, titles, terms."""

from __future__ import annotations

import pytest

from caspian.names import (
    HONORIFIC,
    INITIAL,
    LEGAL,
    NUMBER,
    TERM,
    WORD,
    NameAnalysis,
    Token,
    analyze,
    joined_keys,
)
from caspian.names.analyze import clear_caches


def tokens(name: str) -> list[tuple[str, str, str | None]]:
    """(text, kind, concept) of each token."""
    return [(t.text, t.kind, t.concept) for t in analyze(name).tokens]


def word(name: str) -> Token:
    """The single token of a one-word name."""
    found = analyze(name).tokens
    assert len(found) == 1, found
    return found[0]


def core_keys(name: str) -> list[str]:
    return [t.key for t in analyze(name).core]


# -- romanisation keys and skeletons ---------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        ("Qods", "Ghods", "Kods"),
        ("Mohammad", "Mohamad"),
        ("Muhammad", "Mukhammad", "Muhamad", "Mohd"),
        ("Hussein", "Husayn", "Husein", "Hussain"),
        ("Yousef", "Youssef", "Yusef"),
        ("Ali", "Aly"),
        ("Rakhmaninov", "Rachmaninoff", "Rachmaninov"),
        ("Jafar", "Ja'far", "Ja’far", "Dzhafar", "Djafar", "Jaafar"),
        ("Shahed", "Shakhed"),
        ("Zadeh", "Zade"),
        ("Rahmatollah", "Rahmatullah", "Rahmatulla", "Rahmatallah"),
        ("Abdullah", "Abdallah", "Abdollah", "Abdulla"),
        ("Abdulrahman", "Abdelrahman", "Abdurrahman", "Abdurahman", "Abdoulrahman"),
        ("Abdul", "Abdel", "Abdol", "Abd"),
        ("Dostoevsky", "Dostoevskiy", "Dostoevskii", "Dostoevskij", "Dostoyevsky"),
        ("Sergeyev", "Sergeev"),
        ("Yevgeniy", "Evgeny", "Yevgeny"),
        ("Aleksandr", "Alexandr"),
        ("Khalil", "Halil"),
        ("Nezhad", "Nejad"),
        ("Hossein", "Hossain"),
        ("Leila", "Layla", "Leyla"),
        ("Valiollah", "Waliullah"),
        ("Tchaikovsky", "Chaikovsky", "Tschaikowsky"),
        ("Lee", "Li"),
    ],
)
def test_spelling_variants_share_a_key(names: tuple[str, ...]) -> None:
    keys = {word(n).key for n in names}
    assert len(keys) == 1, {n: word(n).key for n in names}


@pytest.mark.parametrize(
    "a, b",
    [
        ("Ali", "Li"),  # the vowel mark keeps a leading vowel
        ("Mualla", "Mulla"),  # -ulla only on words of 7+ letters
        ("Korea", "Kora"),
        ("Borov", "Burov"),  # o and u stay apart in keys
        ("Chin", "Shin"),  # ch is not sh
        ("Gold", "Kold"),  # g is not k
        ("Ivanov", "Ivanova"),  # a woman's surname keeps its ending in the key
    ],
)
def test_distinct_names_keep_distinct_keys(a: str, b: str) -> None:
    assert word(a).key != word(b).key


def test_muhammad_spellings_and_arabic_script_share_a_skeleton() -> None:
    spellings = ["محمد", "Mohammad", "Muhammad", "Mohamed", "Mukhammad", "Mohamad", "Мухаммад"]
    assert {word(n).skeleton for n in spellings} == {"mhmd"}
    assert word("محمد").abjad and not word("Mohammad").abjad


def test_hossein_spellings_and_scripts_share_a_skeleton() -> None:
    spellings = ["Hossein", "Husayn", "Hussein", "Husein", "حسین", "حسين", "Хусейн"]
    assert {word(n).skeleton for n in spellings} == {"hsn"}


def test_skeletons_mark_a_leading_vowel() -> None:
    assert word("Ali").skeleton == "al"
    assert word("Li").skeleton == "l"
    assert word("Omar").skeleton == word("Umar").skeleton == word("عمر").skeleton == "amr"
    assert word("Ibrahim").skeleton == word("Ebrahim").skeleton == word("إبراهيم").skeleton
    assert word("Yusuf").skeleton == word("يوسف").skeleton == "sf"  # y is not a vowel mark


def test_qods_in_persian_meets_qods_in_latin_on_the_skeleton() -> None:
    assert word("قدس").skeleton == word("Qods").skeleton == word("Ghods").skeleton == "kds"


def test_persian_silent_he_and_zero_width_non_joiner() -> None:
    assert word("زاده").key == word("Zadeh").key == "zade"
    khamenei = word("خامنه‌ای")  # one word, joined by U+200C
    assert khamenei.skeleton == word("Khamenei").skeleton == "hmn"


def test_abjad_letters_are_not_read_as_digraphs() -> None:
    # כ+ה in Cohen is k+h, not kh; Latin Cohen has the same skeleton.
    assert word("כהן").skeleton == word("Cohen").skeleton == "khn"


def test_words_with_digits_are_kept_as_written() -> None:
    assert word("A320").key == "a320"
    assert word("Nitr0jen26").key == "nitr0jen26"


# -- normalisation and punctuation -----------------------------------------------------


def test_case_diacritics_and_punctuation() -> None:
    assert [t.text for t in analyze("MÜLLER, Jürgen-Straße").tokens] == [
        "muller",
        "jurgen",
        "strasse",
    ]
    assert word("Ørsted").text == "orsted"
    assert [t.text for t in analyze("«Kawa» “Trading” (Pvt)").tokens] == ["kawa", "trading", "pvt"]


def test_apostrophes_join_hyphens_split_ampersand_is_and() -> None:
    assert word("Ch'oe").text == "choe"
    assert word("Sab`awi").text == "sabawi"
    assert [t.text for t in analyze("Kim Jong-un").tokens] == ["kim", "jong", "un"]
    assert [t.text for t in analyze("Smith & Wesson").tokens] == ["smith", "and", "wesson"]


def test_dotted_legal_abbreviations_join_other_initials_do_not() -> None:
    assert tokens("Foo L.L.C.") == [("foo", WORD, None), ("llc", LEGAL, "llc")]
    assert [t.kind for t in analyze("J. R. Smith").tokens] == [INITIAL, INITIAL, WORD]


def test_initials_keep_their_letter() -> None:
    token = analyze("C. Smith").tokens[0]
    assert (token.text, token.key, token.kind) == ("c", "c", INITIAL)
    assert analyze("А. Захаров").tokens[0].kind == INITIAL  # Cyrillic initial


def test_numbers_ordinals_and_roman_numerals() -> None:
    assert tokens("7th Brigade") == [("7th", NUMBER, None), ("brigade", WORD, None)]
    assert analyze("7th Brigade").tokens[0].key == "7"
    three = analyze("Ningbo III Lasers").tokens[1]
    assert (three.kind, three.key) == (NUMBER, "3")
    assert analyze("Iv Petrov").tokens[0].kind == WORD  # not a numeral in first place
    assert analyze("Unit ١٢٣").tokens[1].key == "123"  # Arabic-Indic digits


def test_control_characters_and_empty_names() -> None:
    assert [t.text for t in analyze("Ali\x00\x1f\u200bHassan\t\n").tokens] == ["ali", "hassan"]
    assert analyze("").tokens == ()
    assert analyze("--- ...").tokens == ()
    assert analyze("\ud800abc").tokens[0].text == "abc"  # a lone surrogate


def test_a_huge_name_does_not_crash() -> None:
    """Huge names get tokens, without a crash (their speed: bench/bench_names.py --huge)."""
    clear_caches()
    names = [
        "Abdul Rahman al-Tikriti " * 420,
        "x" * 10_000,
        "محمد " * 2000,
        "Алабуга-" * 1250,
        "中国航空工业" * 1700,
        "a." * 5000,
    ]
    for name in names:
        assert analyze(name).tokens, name[:20]
    assert len(analyze(names[0]).tokens) == 3 * 420


# -- scripts and transliteration -------------------------------------------------------


@pytest.mark.parametrize(
    "name, script",
    [
        ("Alabuga", "latin"),
        ("Алабуга", "cyrillic"),
        ("صنایع هوایی قدس", "arabic"),
        ("משה כהן", "hebrew"),
        ("Αλέξανδρος", "greek"),
        ("习近平", "han"),
        ("김정은", "hangul"),
        ("キャノン", "kana"),
        ("Abou Dher (ابو ذر)", "mixed"),
        ("123 -", "common"),
    ],
)
def test_script_of_a_name(name: str, script: str) -> None:
    assert analyze(name).script == script


def test_russian_ukrainian_and_belarusian_romanisation() -> None:
    assert [t.text for t in analyze("Захаров Никита Александрович").tokens] == [
        "zakharov",
        "nikita",
        "aleksandrovich",
    ]
    assert word("Щукин").key == word("Shchukin").key
    assert word("Юрьевич").key == word("Yuryevich").key == word("Yurevich").key
    # Ukrainian г is h, і is i; Belarusian ў.
    assert word("Ігор").text == "ihor"
    assert word("Гліб").text == "hlib"
    assert word("Лукашэнка").text == "lukashenka"
    assert word("Володимир").key == word("Volodymyr").key


def test_arabic_article_is_set_apart() -> None:
    arabic = analyze("عبد الرحمن")
    assert [(t.text, t.article) for t in arabic.tokens] == [("abd", ""), ("rhmn", "al")]
    latin = analyze("Abd al-Rahman")
    assert [(t.text, t.article) for t in latin.tokens] == [("abd", ""), ("rahman", "al")]
    assert "abdrahman" in joined_keys(latin)
    assert word("Abdulrahman").key == "abdrahman"
    assert [t.text for t in analyze("Nizar AL-ASSAD").tokens] == ["nizar", "assad"]
    # Dari and Pashto write Arabic names with Persian ی and ک: the article is still one.
    dari = analyze("عبد البصیر")
    assert [(t.text, t.article) for t in dari.tokens] == [("abd", ""), ("bsir", "al")]
    assert [t.article for t in analyze("البرز").tokens] == [""]  # Alborz: a Persian word
    # The sun letters: ad-Din, ar-Rahman.
    assert [(t.text, t.article) for t in analyze("Salah ad-Din").tokens] == [
        ("salah", ""),
        ("din", "ad"),
    ]


def test_article_only_when_it_can_be_one() -> None:
    assert [t.text for t in analyze("Kim Il-sung").tokens] == ["kim", "il", "sung"]
    assert [t.text for t in analyze("Al").tokens] == ["al"]  # nothing follows
    # A sun-letter article only before its own consonant: as-Sayyid, not "as Trading".
    assert [t.text for t in analyze("Bank as Trading").tokens] == ["bank", "as", "trading"]
    assert [(t.text, t.article) for t in analyze("Ali as-Sayyid").tokens][1] == ("sayyid", "as")


def test_joined_keys_meet_joined_spellings() -> None:
    assert word("Nooruddin").key in joined_keys(analyze("Noor ud Din"))
    assert word("Ziaulhaq").key in joined_keys(analyze("Zia ul Haq"))
    assert word("Abdulaziz").key in joined_keys(analyze("Abd al-Aziz"))
    assert word("Abdullah").key in joined_keys(analyze("Abd Allah"))
    assert word("Abdullah").key in joined_keys(analyze("عبد الله")) | {word("عبدالله").key}
    assert joined_keys(analyze("Huawei")) == set()


def test_allah_compounds_in_arabic_script_meet_latin() -> None:
    assert word("نصرالله").skeleton == word("Nasrallah").skeleton == word("Nasrullah").skeleton
    assert word("عبدالله").key == word("Abdullah").key


def test_ezafe_is_dropped() -> None:
    assert tokens("Sherkat-e Sahami-ye Khass Foo") == [
        ("sherkat", LEGAL, "company"),
        ("sahami", LEGAL, "jsc"),
        ("khass", LEGAL, "jsc"),
        ("foo", WORD, None),
    ]
    assert [t.text for t in analyze("Sherkat-e Haml-o-Naql").tokens] == ["sherkat", "haml", "naql"]


def test_chinese_names() -> None:
    assert [t.text for t in analyze("习近平").tokens] == ["xi", "jinping"]
    traditional = analyze("習近平").tokens
    assert [t.key for t in traditional] == [t.key for t in analyze("Xi Jinping").tokens]
    assert tokens("伊朗航空工业有限公司") == [
        ("yilang", TERM, "iran"),
        ("hangkong", TERM, "aviation"),
        ("gongye", TERM, "industry"),
        ("youxiangongsi", LEGAL, "ltd"),
    ]
    # Polyphonic characters read in context: 银行 is yinhang.
    assert tokens("中国银行") == [("zhongguo", TERM, "china"), ("yinhang", TERM, "bank")]
    huawei = analyze("华为技术有限公司")
    assert [t.text for t in huawei.core] == ["huawei", "jishu"]
    assert [t.key for t in huawei.core] == core_keys("Huawei Technologies Co., Ltd.")


def test_korean_names() -> None:
    kim = analyze("김정은")
    assert [t.text for t in kim.tokens] == ["kim", "jongun"]
    assert kim.tokens[1].key in joined_keys(analyze("Kim Jong Un"))
    assert [t.text for t in analyze("최룡해").tokens] == ["choe", "ryonghae"]
    assert [t.text for t in analyze("박봉주").tokens] == ["pak", "pongju"]
    assert [t.text for t in analyze("리병철").tokens] == ["ri", "pyongchol"]
    assert tokens("조선광업개발무역회사") == [
        ("joson", TERM, "korea"),
        ("kwangop", TERM, "mining"),
        ("kaebal", TERM, "development"),
        ("muyok", TERM, "trading"),
        ("hoesa", LEGAL, "company"),
    ]


def test_japanese_kana_and_greek_and_hebrew() -> None:
    assert word("キャノン").text == "kyanon"
    assert word("イジュマシュ").text == "ijumashu"
    assert word("Παπαδόπουλος").key == word("Papadopoulos").key
    assert word("Μπακογιάννη").text == "bakogianni"
    assert word("משה").skeleton == word("Moshe").skeleton == "msh"


def test_mixed_script_name_keeps_both_parts() -> None:
    analysis = analyze("Abdelali Abou Dher (عبد العالي ابو ذر)")
    assert analysis.script == "mixed"
    latin = [t for t in analysis.tokens if not t.abjad]
    arabic = [t for t in analysis.tokens if t.abjad]
    assert [t.text for t in latin] == ["abdelali", "abou", "dher"]
    assert [t.text for t in arabic] == ["abd", "aali", "abu", "dr"]
    assert all(t.kind == WORD for t in analysis.tokens)  # ذر is not the title Dr
    assert "dherabd" not in joined_keys(analysis)  # no pairs across scripts


# -- legal forms, titles and generic terms ---------------------------------------------


def test_ghods_aviation_industry_co() -> None:
    analysis = analyze("Ghods Aviation Industry Co")
    assert [(t.key, t.kind, t.concept) for t in analysis.tokens] == [
        ("kods", WORD, None),
        ("aviation", TERM, "aviation"),
        ("industry", TERM, "industry"),
        ("company", LEGAL, "company"),
    ]
    assert [t.key for t in analysis.core] == ["kods", "aviation", "industry"]


def test_qods_aviation_industries_in_persian() -> None:
    analysis = analyze("صنایع هوایی قدس")
    assert [(t.kind, t.concept) for t in analysis.tokens] == [
        (TERM, "industry"),
        (TERM, "aviation"),
        (WORD, None),
    ]
    assert analysis.tokens[2].skeleton == word("Qods").skeleton
    assert sorted(core_keys("صنایع هوایی قدس")[:2]) == sorted(
        core_keys("Qods Aviation Industries")[1:]
    )
    # Persian written in Latin letters, as lists often do.
    assert tokens("Sanaye Havapeymaei Ghods")[:2] == [
        ("sanaye", TERM, "industry"),
        ("havapeymaei", TERM, "aviation"),
    ]


def test_alabuga_special_economic_zone_across_languages() -> None:
    russian = analyze("Особая экономическая зона Алабуга")
    assert [(t.kind, t.concept) for t in russian.tokens] == [
        (TERM, "special"),
        (TERM, "economic"),
        (TERM, "zone"),
        (WORD, None),
    ]
    assert russian.tokens[3].key == word("Alabuga").key
    english = core_keys("Alabuga Special Economic Zone")
    assert sorted(t.key for t in russian.core) == sorted(english)
    assert sorted(core_keys("Osobaya Ekonomicheskaya Zona Alabuga")) == sorted(english)
    # Inflected: the genitive and other case endings of the same words.
    assert [t.concept for t in analyze("особой экономической зоны").tokens] == [
        "special",
        "economic",
        "zone",
    ]


def test_russian_llc_prefix_and_english_suffix() -> None:
    assert tokens("ООО Алабуга") == [("ooo", LEGAL, "llc"), ("alabuga", WORD, None)]
    assert tokens("ООО «Аэроскан»") == [("ooo", LEGAL, "llc"), ("aeroskan", WORD, None)]
    assert core_keys("Alabuga LLC") == core_keys("OOO Alabuga") == core_keys("Alabuga, OOO")
    full = analyze('Общество с ограниченной ответственностью "СПС"')
    assert [t.kind for t in full.tokens] == [LEGAL] * 4 + [WORD]
    assert {t.concept for t in full.tokens[:4]} == {"llc"}
    assert core_keys("Obshchestvo s Ogranichennoy Otvetstvennostyu Alabuga") == ["alabuga"]


def test_joint_stock_company_forms_share_a_concept() -> None:
    for name in [
        "АО Концерн Калашников",
        "Kalashnikov Concern, AO",
        "OAO Kalashnikov Concern",
        'Акционерное общество "Концерн "Калашников"',
        "Kalashnikov Concern JSC",
        "Public Joint Stock Company Kalashnikov Concern",
        "PJSC Kalashnikov Concern",
        'Акціонерне товариство "Концерн "Калашников"',
    ]:
        analysis = analyze(name)
        legal = {t.concept for t in analysis.tokens if t.kind == LEGAL}
        assert legal == {"jsc"}, name
        assert sorted(t.key for t in analysis.core) == ["concern", "kalashnikov"], name


def test_a_name_made_only_of_legal_forms_or_titles_keeps_its_words() -> None:
    assert tokens("OOO") == [("ooo", WORD, None)]
    assert tokens("ООО") == [("ooo", WORD, None)]
    assert tokens("LLC") == [("llc", WORD, None)]
    assert [t.kind for t in analyze("Sheikh").tokens] == [WORD]
    # A title is never the last word: Mullah ends this name, so it is the name.
    assert [t.kind for t in analyze("Haji Mullah").tokens] == [HONORIFIC, WORD]
    assert [t.kind for t in analyze("شرکت سهامی خاص").tokens] == [WORD, WORD, WORD]


def test_short_legal_forms_only_where_written() -> None:
    assert tokens("AO Alabuga")[0] == ("ao", LEGAL, "jsc")
    assert tokens("Alabuga AO")[1] == ("ao", LEGAL, "jsc")
    assert tokens("Foo Ao Bar")[1] == ("ao", WORD, None)  # AO only at either end
    assert tokens("Silva SA")[1] == ("sa", LEGAL, "jsc")
    assert tokens("SA Khan")[0] == ("sa", WORD, None)  # SA only at the end
    assert tokens("Ko Chol Man")[0] == ("ko", WORD, None)  # Co on its spelling, not Ko


def test_kimia_part_sivan_with_and_without_legal_forms() -> None:
    long = analyze("Kimia Part Sivan Company LLC")
    short = analyze("Kimia Part Sivan Co.")
    assert [t.key for t in long.core] == [t.key for t in short.core] == ["kimia", "part", "sivan"]
    assert [t.concept for t in long.tokens if t.kind == LEGAL] == ["company", "llc"]


def test_shahed_aviation_industries_research_center() -> None:
    assert tokens("SHAHED AVIATION INDUSTRIES RESEARCH CENTER") == [
        ("shahed", WORD, None),
        ("aviation", TERM, "aviation"),
        ("industries", TERM, "industry"),
        ("research", TERM, "science"),
        ("center", TERM, "center"),
    ]


def test_hosseini_seyed_mohamad() -> None:
    analysis = analyze("HOSSEINI, Seyed Mohamad")
    assert [(t.text, t.kind, t.concept) for t in analysis.tokens] == [
        ("hosseini", WORD, None),
        ("seyed", HONORIFIC, "sayyid"),
        ("mohamad", WORD, None),
    ]
    mohamad = analysis.tokens[2]
    assert (mohamad.key, mohamad.skeleton) == (word("Mohammad").key, word("Mohammad").skeleton)
    assert [t.text for t in analysis.core] == ["hosseini", "mohamad"]


def test_titles_only_before_a_name_and_on_their_spelling() -> None:
    assert tokens("Haji Mohamad")[0] == ("haji", HONORIFIC, "hajji")
    assert tokens("Mohamad Haji")[1] == ("haji", WORD, None)  # a surname at the end
    assert tokens("Ahmed El-Sayed")[1] == ("sayed", WORD, None)  # a surname, with its article
    assert tokens("Sayed Ahmad")[0] == ("sayed", HONORIFIC, "sayyid")
    assert tokens("Hafiz Muhammad Sayeed")[2] == ("sayeed", WORD, None)  # a name, not Sayyid
    assert tokens("Qari Zakir")[0] == ("qari", HONORIFIC, "qari")
    assert tokens("Kari Virtanen")[0] == ("kari", WORD, None)
    assert [t.kind for t in analyze("Hojjat ol-Eslam Rouhani").tokens] == [
        HONORIFIC,
        HONORIFIC,
        WORD,
    ]
    assert tokens("سید محمد")[0][1:] == (HONORIFIC, "sayyid")


def test_terms_match_inflections_but_not_compounds() -> None:
    assert word("Promyshlennost").concept == "industry"
    assert word("промышленности").concept == "industry"
    assert word("Oboronprom").kind == WORD  # a brand, not "defence"
    assert word("Investigation").kind == WORD
    assert tokens("Oboronnye Sistemy Foo")[:2] == [
        ("oboronnye", TERM, "defense"),
        ("sistemy", TERM, "system"),
    ]


def test_country_terms_match_on_spelling() -> None:
    assert tokens("Korea Foo")[0] == ("korea", TERM, "korea")
    assert tokens("Correa Foo")[0] == ("correa", WORD, None)
    assert tokens("Bank Rossii")[1] == ("rossii", TERM, "russia")
    assert tokens("Mario Rossi")[1] == ("rossi", WORD, None)


def test_arabic_script_forms_match_only_arabic_script_words() -> None:
    assert word("مؤسسة").concept == "institute"
    assert word("موسى").kind == WORD  # Musa, not mu'assasa
    assert word("Musa").kind == WORD


def test_generic_words_that_are_names_are_not_terms() -> None:
    for name in ["Madani", "Sina", "Gaza", "Azad", "آزاد", "Mahad"]:
        assert analyze(f"{name} Foo").tokens[0].kind == WORD, name
    assert [t.concept for t in analyze("منطقه آزاد کیش").tokens[:2]] == ["zone", "free"]


# -- the API -----------------------------------------------------------------------------


def test_core_leaves_out_legal_forms_and_titles_but_keeps_terms() -> None:
    analysis = analyze("Haji Qods Aviation Industries LLC")
    assert isinstance(analysis, NameAnalysis)
    assert [t.kind for t in analysis.core] == [WORD, TERM, TERM]


def test_analysis_is_deterministic_and_cached() -> None:
    first = analyze("Особая экономическая зона Алабуга")
    assert analyze("Особая экономическая зона Алабуга") is first
    clear_caches()
    again = analyze("Особая экономическая зона Алабуга")
    assert again == first and again is not first
