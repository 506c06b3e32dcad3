"""Reprint chains: the seed and two copies that these tests edit from it form one family."""

import json
import re
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from archive.filters import ArticleFilter
from archive.models import Article
from archive.reprints import families as reprints
from archive.reprints.models import Fingerprint

from ..conftest import SEED, assert_answers
from ..oracle import OrmArticleFilter

pytestmark = pytest.mark.django_db


def seed_paragraphs() -> list[str]:
    """The seed's body paragraphs, read from ../shared/corpus (its text is not ours to commit): the
    long lines of the dump; the navigation and link lists around them are short."""
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line) > 100]


def seed_copy(tmp_path, name, *, time, source, keep_last=True, shorten=False, prefix=""):
    """The seed page as another site carries it: another time and source line, perhaps without
    its last paragraph, the last sentence of its first paragraph cut short, a line of the site's
    own before the text."""
    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"时间:[^\n]+", f"时间:{time}", text, count=1)
    text = re.sub(r"来源:[^\n]+", f"来源:{source}", text, count=1)
    first, *_, last = seed_paragraphs()
    if not keep_last:
        text = text.replace(last, "")
    if shorten:
        text = text.replace(first, shortened(first))
    if prefix:
        text = text.replace(first, prefix + first, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def shortened(paragraph: str) -> str:
    """The paragraph with its last sentence cut to its first half."""
    *before, last = [s for s in paragraph.split("。") if s]
    return "。".join([*before, last[: len(last) // 2]]) + "。"


@pytest.fixture
def family(corpus, run_import, tmp_path):
    county = seed_copy(tmp_path, "county.txt", time="2021-04-12 09:00", source="博乐市人民政府", keep_last=False)
    province = seed_copy(
        tmp_path,
        "province.txt",
        time="2021-04-11 10:30",
        source="新疆维吾尔自治区人民政府",
        shorten=True,
        prefix="(转自人民日报)",
    )
    # The copies come first: the family's first publisher is the earliest date, not the first import.
    result = run_import(county, province, SEED)
    assert result.code == 0, result.output
    by_source = {a.source.name: a for a in Article.objects.select_related("source")}
    assert set(by_source) == {"人民日报", "博乐市人民政府", "新疆维吾尔自治区人民政府"}
    return by_source


def test_edited_copies_join_the_first_publishers_family(family):
    original = family["人民日报"]
    assert {a.family_id for a in family.values()} == {original.pk}
    assert not original.is_reprint
    assert family["博乐市人民政府"].is_reprint and family["新疆维吾尔自治区人民政府"].is_reprint


def test_a_copy_shows_the_first_publisher_and_what_it_cut(client, family):
    county = family["博乐市人民政府"]
    html = client.get(county.get_absolute_url()).content.decode()
    assert "首发" in html and "人民日报" in html and "2021-04-10" in html
    assert "本文是转载" in html
    # Against the county copy, the original has the last paragraph that the county site cut.
    cut, added = reprints.changes(county.body, family["人民日报"].body).values()
    last = seed_paragraphs()[-1]
    assert not cut and any(line in last for line in added)
    assert "增加 " in html and added[0] in html


def test_the_original_lists_its_reprints_with_their_changes(client, family):
    html = client.get(family["人民日报"].get_absolute_url()).content.decode()
    assert "本文是首发" in html
    assert "博乐市人民政府" in html and "新疆维吾尔自治区人民政府" in html
    cut_short = shortened(seed_paragraphs()[0]).split("。")[-2] + "。"
    assert "<del>" in html and re.search(f"<ins>[^<]*{re.escape(cut_short)}</ins>", html)


def test_original_and_reprint_facet_on_the_page_and_the_api(client, family):
    data = client.get("/api/articles/").json()
    counts = {item["slug"]: item["count"] for item in data["facets"]["reprint"]}
    assert counts == {"original": 1, "reprint": 2}
    reprinted = client.get("/api/articles/", {"reprint": "reprint"}).json()
    assert {row["id"] for row in reprinted["results"]} == {
        family["博乐市人民政府"].pk,
        family["新疆维吾尔自治区人民政府"].pk,
    }
    originals = client.get("/", {"reprint": "original"})
    assert originals.status_code == 200 and originals.context["page_obj"].paginator.count == 1
    assert_answers(client.get("/api/articles/", {"reprint": "both"}), 400, naming=["reprint"])
    malformed = client.get("/", {"reprint": "both"})
    assert "<code>reprint</code>" in assert_answers(malformed, 200)
    assert set(malformed.context["filter"].errors) == {"reprint"}
    assert malformed.context["page_obj"].paginator.count == 0


def test_the_orm_oracle_agrees_with_the_listing_on_reprints(family, rf):
    for value in ("original", "reprint"):
        listed = ArticleFilter({"reprint": [value]}, queryset=Article.objects.published()).ids()
        oracle = OrmArticleFilter({"reprint": [value]}, queryset=Article.objects.published())
        assert listed and set(listed) == set(oracle.qs.values_list("pk", flat=True))


def test_template_announcements_are_not_reprints(run_import, tmp_path):
    """Two daily reports of one template, other figures: much shared wording, no family."""
    days = [("3月1日", "12例", "8例", "285例"), ("3月2日", "9例", "11例", "279例")]
    paths = []
    for n, (day, new, imported, current) in enumerate(days):
        path = tmp_path / f"report{n}.txt"
        path.write_text(
            f"某省卫生健康委员会通报疫情\n\n时间:2021-{3:02d}-{n + 1:02d} 09:00\n\n来源:某省卫生健康委员会\n\n"
            f"某省卫生健康委员会今天({day})通报,前一日0时至24时,全省报告新增确诊病例{new},"
            f"其中境外输入病例{imported},本土病例若干。截至{day}零时,全省现有确诊病例{current},"
            "累计治愈出院病例若干,无新增死亡病例。全省各地继续落实常态化防控措施,做好重点人群健康监测。\n",
            encoding="utf-8",
        )
        paths.append(path)
    assert run_import(*paths).code == 0
    assert Article.objects.count() == 2
    assert not Article.objects.exclude(family=None).exists()


def test_find_reprints_rebuilds_the_same_families(family):
    before = dict(Article.objects.values_list("pk", "family_id"))
    Article.objects.update(family=None)
    Fingerprint.objects.all().delete()
    out = StringIO()
    call_command("find_reprints", stdout=out)
    assert dict(Article.objects.values_list("pk", "family_id")) == before
    assert "families 1" in out.getvalue() and "articles_in_families 3" in out.getvalue()
    call_command("find_reprints", "--refingerprint", stdout=StringIO())
    assert dict(Article.objects.values_list("pk", "family_id")) == before


def test_a_stricter_threshold_breaks_the_family_up(family):
    call_command("find_reprints", "--threshold", "0.999", stdout=StringIO())
    assert Article.objects.exclude(family=None).count() < 3


def test_resemblance_follows_containment():
    body = "".join(f"第{n}条消息说明了第{n}项工作的进展情况和下一步安排。" for n in range(60))
    whole, half = reprints.signature("标题", body), reprints.signature("标题", body[: len(body) // 2])
    assert reprints.resemblance(whole, half) >= reprints.THRESHOLD
    assert reprints.similarity(whole[0], half[0]) < 0.7  # Jaccard alone would miss the cut copy
    other = reprints.signature("另一篇", "完全不同的一段文字讲述了另外一件事情的经过和结果。" * 3)
    assert reprints.resemblance(whole, other) < 0.2
    assert reprints.signature("", "") == (reprints._EMPTY.tobytes(), 0)


@pytest.mark.parametrize("bits", [32, 64])
def test_signatures_are_the_stored_minhash_function_exactly(bits):
    """Signatures are stored and compared across runs: the fast reduction modulo 2^61 - 1 gives
    numpy's % to the last bit, for the 32-bit shingles and for any 64-bit value."""
    values = np.random.default_rng(bits).integers(0, 2**bits - 1, 3000, dtype=np.uint64, endpoint=True)
    # Values that permutation i takes to 2^61 - 1 and to 2^64 - 1 before the reduction: both are
    # 0 to 7 after it, the permutation's minimum, found only by reducing them right.
    i = next(i for i, a in enumerate(reprints._A) if int(a) % 2)
    inverse, b = pow(int(reprints._A[i]), -1, 2**64), int(reprints._B[i])
    edges = [(target - b) * inverse % 2**64 for target in (2**61 - 1, 2**64 - 1)]
    values = np.concatenate([values, np.array([0, 1, 2**61 - 1, 2**64 - 1, *edges], dtype=np.uint64)])
    with np.errstate(over="ignore"):
        expected = ((reprints._A[:, None] * values[None, :] + reprints._B[:, None]) % reprints._PRIME).min(axis=1)
    assert expected[i] <= 7
    assert (reprints._minima(values) == expected).all()
    sig, size = reprints.signature("标题", "公安部会同人民银行部署“断卡”行动。" * 5)
    assert size and len(sig) == 4 * reprints.PERMUTATIONS


def test_eval_reprints_reports_the_threshold_in_use(corpus, tmp_path):
    path = tmp_path / "reprints.json"
    out = StringIO()
    call_command("eval_reprints", "--json", str(path), stdout=out)
    figures = json.loads(path.read_text())
    in_use = next(row for row in figures["sweep"] if row["threshold"] == reprints.THRESHOLD)
    assert in_use["recall"] >= 0.95 and in_use["precision"] >= 0.95
    assert "<- in use" in out.getvalue()


def test_the_chain_in_english(client, family):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(family["博乐市人民政府"].get_absolute_url()).content.decode()
    assert "Reprint chain" in html and "This article is a reprint." in html and "Also published by" in html
    assert "Original / reprint" in client.get("/").content.decode()
