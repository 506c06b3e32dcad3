"""Citations: 《title》 with or without its number, bare numbers, repeal and amendment clauses, resolving."""

from archive.documents.references import AMENDS, CITES, REPEALS, Reference, find_references, normalise_title, resolve

CENTRAL = "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见"


def test_a_title_followed_by_its_number_is_one_reference_and_a_bare_number_another():
    text = (
        f"为贯彻落实《{CENTRAL}》（国发〔2019〕5号）和国办发[2018]128号文件精神，按照国发〔2019〕5号要求，制定本意见。"
    )
    assert find_references(text) == [
        Reference(CENTRAL, "国发〔2019〕5号", CITES),
        Reference("", "国办发〔2018〕128号", CITES),
    ]


def test_a_document_does_not_cite_itself_or_the_rules_it_encloses():
    text = "现将《北京市促进消费升级行动方案》印发给你们。依据《中华人民共和国价格法》，京政发〔2022〕10号。"
    refs = find_references(
        text,
        title="北京市人民政府关于印发《北京市促进消费升级行动方案》的通知",
        own_number="京政发〔2022〕10号",
        enclosed_title="北京市促进消费升级行动方案",
    )
    assert refs == [Reference("中华人民共和国价格法", "", CITES)]


def test_a_short_name_given_in_brackets_is_not_another_document():
    text = "《国家组织药品集中采购和使用试点方案》（以下简称《方案》）已经国务院同意。各地要落实《方案》要求。"
    assert [r.title for r in find_references(text)] == ["国家组织药品集中采购和使用试点方案"]


def test_repeal_clauses_mark_the_documents_they_end():
    text = (
        "本意见自印发之日起施行。《湖南省人民政府关于加强农村公路养护管理的意见》（湘政发〔2016〕12号）同时废止。"
        "原《关于甲的通知》（浙政办发〔2015〕88号）不再执行。《关于乙的通知》和《关于丙的通知》停止执行。"
        "根据《中华人民共和国立法法》，决定废止《关于丁的规定》。"
    )
    relations = {r.title: r.relation for r in find_references(text)}
    assert relations == {
        "湖南省人民政府关于加强农村公路养护管理的意见": REPEALS,
        "关于甲的通知": REPEALS,
        "关于乙的通知": REPEALS,
        "关于丙的通知": REPEALS,
        "中华人民共和国立法法": CITES,
        "关于丁的规定": REPEALS,
    }


def test_no_longer_applying_part_of_a_document_does_not_repeal_it():
    text = "对港澳台资企业，不再执行《外商投资建筑业企业管理规定》中关于工程承包范围的限制性规定。"
    assert [r.relation for r in find_references(text)] == [CITES]


def test_a_decision_that_repeals_rules_repeals_every_rule_it_lists_but_not_its_legal_basis():
    title = "国家市场监督管理总局关于废止部分规章的决定"
    text = (
        "根据《中华人民共和国立法法》，决定废止以下规章：\n"
        "一、《甲办法》（国家工商行政管理总局令第61号）\n二、《乙规定》（卫生部令第13号）"
    )
    refs = find_references(text, title=title)
    assert [(r.title, r.relation) for r in refs] == [
        ("中华人民共和国立法法", CITES),
        ("甲办法", REPEALS),
        ("乙规定", REPEALS),
    ]
    assert refs[1].number == "国家工商行政管理总局令第61号"


def test_a_decision_that_amends_a_regulation_amends_it():
    title = "国务院关于修改《城市公共交通安全管理条例》的决定"
    refs = find_references(f"{title}\n国务院决定对《城市公共交通安全管理条例》作如下修改：", title=title)
    assert refs == [Reference("城市公共交通安全管理条例", "", AMENDS)]


def test_titles_match_across_punctuation_spaces_and_traditional_characters():
    assert normalise_title("《國務院關於推進政務新媒體健康有序發展的意見》") == normalise_title(
        "国务院关于推进 政务新媒体健康有序发展的意见"
    )
    assert normalise_title("关于印发〈X〉的通知") == normalise_title("关于印发《X》的通知")


def test_resolve_by_number_first_then_by_title():
    by_number = {"国发|2019|5": 1, "公安部令||104": 8}
    by_title = {normalise_title(CENTRAL): 1, normalise_title("道路交通事故处理程序规定"): 9, normalise_title("其他"): 8}
    refs = [
        Reference("", "国发〔2019〕5号", CITES),
        Reference(CENTRAL, "", CITES),
        Reference("国务院关于别的事的意见", "国发[2019]5号", CITES),
        Reference("未收录的文件", "", CITES),
        Reference("", "国发〔2019〕6号", CITES),
    ]
    assert resolve(refs, by_number, by_title) == [1, 1, 1, None, None]


def test_a_numbered_reference_does_not_resolve_to_another_version_of_the_same_title():
    by_number = {"公安部令||146": 18}
    by_title = {normalise_title("道路交通事故处理程序规定"): 18}
    old = Reference("道路交通事故处理程序规定", "公安部令第104号", CITES)
    assert resolve([old, Reference("道路交通事故处理程序规定", "", CITES)], by_number, by_title) == [None, 18]
