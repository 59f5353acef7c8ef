"""Vietnamese search keys, name splitting and alphabetical order."""
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.text import search_key, sort_key, split_name, unaccent


def test_unaccent_removes_tones_and_maps_d_with_stroke():
    assert unaccent("Nguyễn Văn Đức") == "nguyen van duc"
    assert unaccent("ĐẶNG THỊ Ưng") == "dang thi ung"


def test_both_tone_placements_of_hoa_give_the_same_key():
    assert search_key("Hòa") == search_key("Hoà") == "hoa"


def test_decomposed_input_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert split_name(decomposed).full == "Nguyễn Thị Ánh"
    assert split_name(decomposed).full == unicodedata.normalize("NFC", decomposed)


def test_split_name_family_middle_given():
    name = split_name("  Tôn Nữ  Thị   Hà ")
    assert (name.family, name.middle, name.given) == ("Tôn", "Nữ Thị", "Hà")
    assert split_name("Nguyễn An").middle == ""
    assert split_name("Lan").given == "Lan" and split_name("Lan").family == ""


def _ordered(names):
    return sorted(names, key=lambda n: split_name(n).sort_key)


def test_given_name_orders_first_then_family_then_middle():
    names = ["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị An", "Nguyễn Thị An"]
    assert _ordered(names) == ["Lê Thị An", "Nguyễn Thị An", "Nguyễn Văn An", "Trần Văn Bình"]


def test_vietnamese_letters_follow_the_vietnamese_alphabet():
    # a < ă < â, d < đ, o < ô < ơ, u < ư, and a short name before a longer one sharing its start.
    given = ["Ân", "Ăn", "An", "Anh", "Đào", "Dung", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    ordered = _ordered([f"Nguyễn {g}" for g in given])
    assert [n.split(" ")[1] for n in ordered] == ["An", "Anh", "Ăn", "Ân", "Dung", "Đào", "On", "Ôn", "Ơn", "Uyên", "Ưng"]


def test_tones_break_ties_in_dictionary_order():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    given = ["Hạ", "Há", "Hà", "Hả", "Ha", "Hã"]
    assert [n.split(" ")[1] for n in _ordered([f"Lê {g}" for g in given])] == ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]


def test_letters_outweigh_tones():
    # "Hà" and "Hai": the letters decide before the tone does.
    assert _ordered(["Lê Hai", "Lê Hà"]) == ["Lê Hà", "Lê Hai"]


_vietnamese = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ", min_size=1, max_size=30)


@given(_vietnamese)
def test_sort_key_uses_only_letters_a_to_z(text):
    key = sort_key(text)
    assert key and set(key) <= set("abcdefghijklmnopqrstuvwxyz")


@given(_vietnamese, _vietnamese)
def test_sort_key_agrees_with_letter_by_letter_comparison_of_search_keys(a, b):
    # Letters without Vietnamese variants order as in the Latin alphabet.
    plain = set("bcghiklmnpqrstvxy")
    first_a, first_b = a.strip()[:1], b.strip()[:1]
    if first_a in plain and first_b in plain and first_a != first_b:
        assert (sort_key(a) < sort_key(b)) == (first_a < first_b)


@given(_vietnamese)
def test_search_key_is_plain_ascii_and_idempotent(text):
    key = search_key(text)
    assert key == search_key(key)
    assert key.isascii()


def _plain_search_key(text: str) -> str:
    """The definition, written the slow and obvious way: the fast one must agree with it."""
    import re

    nfc = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    decomposed = unicodedata.normalize("NFD", nfc.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z ]+", " ", bare)).strip()


_any_name = st.text(
    alphabet=st.one_of(
        st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyĐƯƠÂÊÔĂàảãáạằẳẵắặầẩẫấậềểễếệọồổỗốộờởỡớợừửữứựỳỷỹýỵ -.,'\t\u00a0\n"),
        st.sampled_from("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"),  # decomposed marks, also stray ones
        st.characters(codec="utf-8"),
    ),
    max_size=30,
)


@given(_any_name)
def test_search_key_matches_its_plain_definition(text):
    assert search_key(text) == _plain_search_key(text)


def test_decomposed_and_composed_names_share_a_key():
    composed = "Nguyễn Thị Hoà"
    assert search_key(unicodedata.normalize("NFD", composed)) == search_key(composed) == "nguyen thi hoa"
    assert search_key("  Lê\u00a0\u00a0Văn\tĐạt ") == "le van dat"


@given(_any_name)
def test_given_first_key_is_the_key_of_the_reordered_name(text):
    name = split_name(text)
    assert name.search_given_first == search_key(" ".join(p for p in (name.given, name.family, name.middle) if p))
