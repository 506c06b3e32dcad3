import pytest

from archive.search.tokenize import normalise

NAMES = {
    "国务院": ["中华人民共和国国务院"],
    "国务院办公厅": ["国办"],
    "人力资源和社会保障部": ["人力资源社会保障部", "人社部"],
    "住房和城乡建设部": ["住房城乡建设部", "住建部"],
    "国家发展和改革委员会": ["国家发展改革委", "发展改革委"],
    "中央网络安全和信息化委员会办公室": ["中央网信办", "网信办"],
    "中央军事委员会": ["中央军委"],
    "财政部": [],
    "国家税务总局": ["税务总局"],
    "公安部": [],
    "工业和信息化部": ["工信部"],
    "中国人民银行": ["人民银行"],
    "最高人民法院": [],
    "最高人民检察院": [],
    "国家市场监督管理总局": ["市场监管总局"],
}


@pytest.fixture(scope="session")
def agencies() -> dict[str, str]:
    """A small name table (NameTable.agencies): normalised name or alias -> canonical name."""
    table = {}
    for name, aliases in NAMES.items():
        for written in [name, *aliases]:
            table[normalise(written)] = name
    return table
