"""Downloads are named after their search and day: articles_断卡_公安部_2026-12-03.csv, in a
Content-Disposition that carries the name in UTF-8 (filename*) and an ASCII fallback (filename)."""

from datetime import date
from email.message import Message
from email.utils import collapse_rfc2231_value

import pytest
from django.utils import timezone

from archive.downloads import SEARCH_CHARACTERS, file_names
from archive.figures.models import Figure

from ..factories import make_article

pytestmark = pytest.mark.django_db
DAY = date(2026, 12, 3)


def names(response) -> tuple[str, str]:
    """The file name a browser takes (filename*, preferred by RFC 6266 § 4.3), and the ASCII fallback."""
    header = response["Content-Disposition"]
    header.encode("ascii")  # a header value is ASCII: the UTF-8 name travels percent-encoded
    message = Message()
    message["Content-Disposition"] = header
    assert message.get_content_disposition() == "attachment"
    params = [value for key, value in message.get_params(header="Content-Disposition") if key == "filename"]
    (fallback,) = [value for value in params if isinstance(value, str)]
    extended = [collapse_rfc2231_value(value) for value in params if isinstance(value, tuple)]
    return (extended or [fallback])[0], fallback


@pytest.fixture
def article():
    return make_article(title="公安部部署断卡行动", body="2021年,公安部破获电信网络诈骗案件44.1万起。断卡。")


@pytest.mark.parametrize("path, extension", [("/export.csv", "csv"), ("/export.jsonl", "jsonl")])
def test_an_export_is_named_after_its_search_and_day(client, article, path, extension):
    today = timezone.localdate().isoformat()
    response = client.get(path, {"q": "断卡", "agency": "ministry-of-public-security", "sort": "newest"})
    assert names(response) == (
        f"articles_断卡_公安部_{today}.{extension}",
        f"articles_ministry-of-public-security_{today}.{extension}",
    )


def test_an_export_of_everything_has_an_ascii_name_alone(client, article):
    response = client.get("/export.csv")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="articles_{today}.csv"'


def test_the_figures_csv_is_named_after_its_search_and_day(client, article):
    assert Figure.objects.exists()
    today = timezone.localdate().isoformat()
    response = client.get("/figures.csv", {"q": "破获", "year": "2021", "unit": "起"})
    assert names(response) == (f"figures_破获_2021_起_{today}.csv", f"figures_2021_{today}.csv")


def test_a_hostile_query_makes_a_safe_name(client, article):
    query = 'a"b\\c/../d; filename=evil.exe\t%41 <断卡>'
    name, fallback = names(client.get("/export.csv", {"q": query}))
    for forbidden in '"\\/;<>%\t':
        assert forbidden not in name and forbidden not in fallback
    assert name.startswith("articles_a_b_c_") and "断卡" in name and name.endswith(".csv")
    assert fallback.startswith("articles_a_b_c_") and fallback.endswith(".csv")


def test_a_long_search_is_cut_between_words():
    words = [(f"{n}号电信网络诈骗", f"word{n}") for n in range(20)]
    name, fallback = file_names("articles", words, "csv", DAY)
    kept = name.removeprefix("articles_").removesuffix("_2026-12-03.csv").split("_")
    assert 0 < len(kept) < 20 and kept == [w for w, _ in words[: len(kept)]]
    assert len("_".join(kept)) <= SEARCH_CHARACTERS and len(name.encode()) < 255
    assert fallback.startswith("articles_word0_word1_") and fallback.endswith("_2026-12-03.csv")
