"""What a figure counts: the verb-object phrase before it (破获电信网络诈骗案件), or the thing measured
(国内生产总值, 社会消费品零售总额增长). Pure, by rules over jieba's parts of speech. What is not a
phrase naming a thing — a bare verb, a verb waiting for its object, a time phrase, a fragment of a
clause, a place — is no metric: the figure's metric is left empty (names_a_quantity)."""

import re
from functools import lru_cache

import rjieba

from ..search.tokenize import normalise
from .periods import PERIOD


@lru_cache(maxsize=1)
def tagger() -> rjieba.Jieba:
    """jieba's own dictionary, without the curated words, for the parts of speech: built where
    figures are read (the importer builds it before it forks), not in every web worker (16 MB)."""
    return rjieba.Jieba()


def _tag(text: str) -> list:
    return tagger().tag(text)


# Clauses end at these; a figure's metric never reaches across one.
_CLAUSE_END = "，,。；;：:！？!?\n（）()"
# Words before the verb that say who, where, when or how, never what.
_SKIP = set(
    """共 共计 累计 合计 总计 先后 成功 依法 分别 已 已经 均 还 又 再 另 另有 此外 其中 全国
    全省 全市 全区 各地 全年 今年 目前 当前 同比 环比 比上年 较上年 比去年 较去年 比上年同期
    较上年同期 同期 实际 直接 有效 及时 一举 陆续 相继 连续 全力 先后对 对 向 为 在 从 自
    于 将 把 被 由 经 并 且 而 以 也 都 就 即 达 达到 约 近 超过 逾 超 约为 不到 不足
    已有 有 其 以来 期间 以上 左右 了 的 地 得 和 及 以及 、 “ ” " 《 》 同时
    每天 每年 全部 一共 总共 全体 首次 首批 新 今年以来 去年以来 截至
    截至目前 上半年 下半年 前三季度""".split()
)
# Verbs that name a measure, not an action: the metric is what stands before them.
# Verbs that give the level reached, not the change: 确诊病例降至97人 counts cases.
_LEVEL = set("增至 降至 升至 降到 增长到 减少到 提高到 增加到 上升到 下降到 降低到".split())
_COPULA = _LEVEL | set("还有 达到 达 为 是 有 共有 超过 突破 约为 占 保持 位居 实现 总数 总量 累计达".split())
_CHANGE = set(
    """增长 下降 增加 减少 提高 降低 上升 回落 提升 扩大 缩小 攀升 增至 降至 下跌
    上涨""".split()
)
# Verbs that bring in a partner, not the deed: 会同有关部门破获案件 counts cases.
_HELPER = set(
    """预计 报告 宣布 督办 计划 会同 联合 组织 指导 部署 推动 督促 协调
    带领 依托 通过 采取 坚持 持续 深入 推进 牵头 配合 协助""".split()
)
# Verbs of the deeds announcements count, known whatever part of speech jieba gives them (约谈 is vn).
_ACTION = set(
    """破获 侦破 抓获 查处 查获 捣毁 打掉 打击 缴获 冻结 止付 挽回 劝阻 拦截 封堵 处置 清理
 关停 惩戒 惩处 约谈 受理 办理 审结 起诉 逮捕 判处 立案 查办 整改 排查 新增
 接种 治愈 建成 安排 下达 发放 帮助 带动 吸纳 培训 救助 转移 安置 救治 检测
 筛查 收购 种植 开展 举办 签约 签署 引进 招聘 提供 捐赠 募集 筹集
 拨付 下拨 援助 派出 派遣 出动 投放 开通 覆盖 惠及 解决 收治 核查 整治
 取缔 关闭 删除 封禁 处罚 罚款 追回 追缴 返还 退赔 警示 提醒 曝光 判决 移送
 批捕 抓捕 打掉 摧毁 铲除 部署 组建 新建 改造 减免 减税 降费 走私
 出口 进口 生产 销售 确诊 检查 发现 完成 实施 落实 处理 立案查处 发射 播出 选派 发行
 搬迁 援建 聘用 招录 录取 参加 参与 走访 慰问 救援 疏散 调运 运送 累计接种""".split()
)
# 在全国范围内, 在全省; 缅北地区累计已有: where, not what.
_PLACES = set("地区 地方 国内 境内 境外 海外 全国 全省 全市 各地 当地 本地 城乡".split())
_PLACE = re.compile(r"^(?:在|于)[^，。、]{0,10}?(?:范围内|内|中|上|期间|以来)|^(?:在|于)(?:全国|全省|全市|各地)")
# 比上年增长, 同比上升, 按可比价格计算, 按不变价格计算: against what, and how reckoned, not what.
_COMPARED = re.compile(
    r"按(?:可比|不变|现行)?价格计算|(?:同比|环比|比上年同期|较上年同期|比上年|较上年|比去年同期|比去年|较去年)"
)
_KEPT = {"现有", "本土", "报告"}
_MODAL = set("不得 不应 不宜 不能 不超过 应 应当 须 必须 可 可以 能 将 要 首次 再次 已经".split())
# 冰毒、海洛因等毒品 -> 毒品; 各类就业岗位 -> 就业岗位: what is counted, without its examples.
_EXAMPLES = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+等(?=[\u4e00-\u9fff]{2})|各类|各种|各项")
_QUOTES = str.maketrans("", "", "“”\"‘’'《》")


def metric_of(text: str, sentence_start: int, match, previous: tuple[str, str], floor: int = 0) -> tuple[str, str]:
    """(metric, verb) for the figure at match. previous is the (metric, verb) of the last figure in
    the same sentence: a list shares its verb (缴获手机卡328.6万张、银行卡19.1万张), a change its
    subject (进出口总值31.5万亿元，增长3.4%), a breakdown its metric (新增确诊病例24例，上海18例)."""
    start = match.start()
    clause_start = max(sentence_start, floor, *(text.rfind(ch, 0, start) + 1 for ch in _CLAUSE_END))
    before = re.sub(r"^(?:以及|、|和|及)", "", normalise(text[clause_start:start]))
    before = _PLACE.sub("", PERIOD.sub("", _COMPARED.sub("", before)))
    before = re.sub(
        r"(?<=[\u4e00-\u9fff]{2})由.*?(?:(?=下降|上升|增长|降至|升至|增至|减少|增加)|$)", "", before
    )  # 由A降至B
    after_end = min((i for i in (text.find(ch, match.end()) for ch in _CLAUSE_END + "、") if i >= 0), default=len(text))
    after = normalise(text[match.end() : after_end])
    words = _tag(before) if before else []
    listed = floor > sentence_start and text[floor:start].startswith("、")
    metric, verb = _from_words(_action_split(words), after, previous[1], listed)
    metric, verb = _carried(_clean(metric), verb, previous)
    return names_a_quantity(metric), verb


def _action_split(words):
    """jieba cuts 打掉 into 打/掉 and tags 约谈 a noun: rejoin the known deeds as verbs, where they
    begin and end on jieba's word boundaries (治愈 in 治愈率 is not a deed)."""
    bounds, at = {0}, 0
    for word, _ in words:
        at += len(word)
        bounds.add(at)
    text = "".join(w for w, _ in words)
    found = [
        (i, -k, text[i : i + k])
        for i in sorted(bounds)
        for k in (4, 3, 2)
        if i + k in bounds and text[i : i + k] in _VERBS
    ]
    if not found:
        return words
    result, at = [], 0
    for start, _, verb in found:
        if start < at:
            continue
        result.extend(_tag(text[at:start]) if start > at else [])
        result.append((verb, "v"))
        at = start + len(verb)
    result.extend(_tag(text[at:]) if at < len(text) else [])
    return result


_AVERAGED = re.compile("(?:平均|年均)?(?:" + "|".join(sorted(_CHANGE, key=len, reverse=True)) + ")")
_VERBS = _ACTION | _CHANGE | {w for w in _COPULA if len(w) > 1}


def _carried(metric: str, verb: str, previous: tuple[str, str]) -> tuple[str, str]:
    """A metric that says only how (增长) or nothing takes what it is about from the figure before."""
    earlier = previous[0]
    if not earlier:
        return metric, verb
    if not metric:
        return earlier, previous[1]
    if _AVERAGED.fullmatch(metric) or metric == "占":  # 两年平均增长5.1%: of what came before
        subject = re.sub("(?:" + "|".join(sorted(_CHANGE, key=len, reverse=True)) + ")$", "", earlier)
        return subject + metric, verb
    if metric in _ACTION:  # 累计死亡病例3287例，当日新增6例: new deaths
        thing = earlier[len(previous[1]) :] if previous[1] and earlier.startswith(previous[1]) else earlier
        thing = re.sub(r"^(?:现有|累计|新增|当日)", "", thing)
        return (earlier if thing == earlier and earlier.startswith(metric) else metric + thing), metric
    return metric, verb


def _from_words(words, after, previous_verb, listed=False):
    content = _strip(words)
    verbs = [i for i, (word, flag) in enumerate(content) if _is_verb(word, flag)]
    if content and content[-1][0] == "对" or any(w == "对" for w, _ in words[-2:]):
        return _object_then_verb(after)
    if not verbs:
        noun = "".join(w for w, _ in content)
        if not content or noun in _PLACES:  # 共有3199个党的各级地方委员会: what is counted follows the number
            return (_verb_after(after) or _noun_after(after), "")
        return (previous_verb + noun if previous_verb else noun), previous_verb
    first = verbs[0]
    while first in verbs[:-1] and content[first][0] in _HELPER:
        first = verbs[verbs.index(first) + 1]
    verb = content[first][0]
    if listed and previous_verb and verb not in _VERBS:  # 打掉涉黑组织3644个、涉恶犯罪集团11675个 (涉恶 tagged a verb)
        return previous_verb + "".join(w for w, _ in content), previous_verb
    if first and content[first - 1][0] in _KEPT:  # 现有确诊病例: what is still open, not what was confirmed
        first -= 1
    rest = "".join(w for w, _ in _strip(content[first + 1 :]))
    if rest and verb in _COPULA:  # 共有党的各级地方委员会3199个; 占总任务量的42%
        return ("占" if verb == "占" else "") + rest, ""
    if rest and verb in _CHANGE:  # 增加就业岗位: a deed
        return verb + rest, verb
    if verb in _COPULA or verb in _CHANGE:
        subject = "".join(w for w, _ in _strip(content[:first]))
        subject = "" if subject in _PLACES else subject  # 缅北地区累计已有: where, not what
        tail = verb if verb in _CHANGE and verb not in _LEVEL else ""
        if not subject and verb in _COPULA:
            return _noun_after(after), ""
        return (subject + tail or verb), ""
    phrase = "".join(w for w, _ in content[first:])
    if phrase == _verb_run(content, first):  # the object comes after the number: 劝阻870万名群众
        return phrase + _noun_after(after), phrase
    return phrase, verb


def _strip(words):
    """Drop leading and trailing words that say who, when
    or how; and the qualifier before the number."""
    words = list(words)
    lead = ("t", "m", "p", "d", "c", "r", "f", "x", "uj", "ul", "q")
    kept = {"一般", "主要", "重点", "与"}
    # ... and a place before what is counted: 武汉市医疗废物日产生量
    while (
        words
        and words[0][0] not in kept
        and (words[0][0] in _SKIP or words[0][1] in lead or (words[0][1] == "ns" and len(words) > 1))
    ):
        words.pop(0)
    while words and (
        words[-1][0] in _SKIP or words[-1][0] in _MODAL or words[-1][1] in ("m", "d", "uj", "ul", "x", "p", "ns", "q")
    ):
        words.pop()
    return words


def _is_verb(word, flag):
    if flag == "p" and word not in _ACTION:  # 为这次行动列出: a preposition, not the copula 为
        return False
    if word in _ACTION or word in _COPULA or word in _CHANGE:
        return True
    return flag == "v" and word not in _SKIP and len(word) >= 2


def _verb_run(content, first):
    run = ""
    for word, flag in content[first:]:
        if not _is_verb(word, flag):
            break
        run += word
    return run


def _noun_after(after: str) -> str:
    """失信人员免于被骗 -> 失信人员: the words after the measure word,
    up to the next verb."""
    noun, seen_noun = "", False
    for word, flag in _tag(after):
        if word in "，。；、" or (seen_noun and not flag.startswith(("n", "vn", "a", "b", "j"))):
            break
        noun += word
        seen_noun = seen_noun or flag.startswith(("n", "vn"))
    return noun if seen_noun else ""


def _verb_after(after: str) -> str:
    """先后15次开展全国集中收网 -> 开展全国集中收网: the clause after a count
    of times."""
    words = _tag(after)
    return "".join(w for w, _ in words) if words and words[0][1] == "v" else ""


def _object_then_verb(after: str) -> tuple[str, str]:
    """对3000余家银行和支付机构约谈通报 -> 约谈通报银行和支付机构: the verb follows
    its object."""
    found = [(after.find(verb, 2), verb) for verb in _ACTION if after.find(verb, 2) > 0]
    if not found:
        return after, ""
    at, verb = min(found)
    return after[at:] + after[:at], verb


def _clean(metric: str) -> str:
    return _EXAMPLES.sub("", normalise(metric.translate(_QUOTES))).strip("、，, ")


# What a metric may not be. Empty is better than wrong: a curator fills an empty metric in, and a
# wrong one files the figure under a series that does not exist.
# Words left at the end of a phrase that are not part of it: a copula, a level reached, an adverb,
# a qualifier, a when (追回的外逃人员共有1841人, 确诊病例降至97人, 安置区近50个, 确诊病例从最高峰时).
_TRAILING = re.compile(
    r"(?:(?:共有|已有|还有|约有|共计|总计|合计|达到|重达|达|为|降至|降到|增至|升至|首次|已经|已|共|约|近|超过|逾|历时)+"
    r"|(?:从|自|在|当)[\u4e00-\u9fff]{1,6}?时)$"
)
# A fragment of a clause: it begins with what joins it to words before (的乡镇直接, 及以下党员), ends
# in a list's 等 with no noun after it (分布于广东、江苏等) or in a time (建党时), or holds a date or
# another number (打掉涉及16个吸贩毒团伙).
_FRAGMENT = re.compile(r"^(?:的|及|和|或|等|之)|(?:等|的|之|时|以来|现在|今天|目前)$|\d+\s*(?:[年月日时号·]|个|名|项)")
# Verbs that need what follows them and never name a quantity: a report (调查显示), a decision
# (年初确定的), a causative (已让3400多名儿童找到亲人), a copula inside a clause (项目是国内).
_DANGLING = set(
    """列出 提出 确定 明确 显示 表明 表示 指出 作出 做出 拥有 具有 涉及 包括 让 使 令 使得 发 自编 计算 成为
    宣布 公布 发布 要求 启动 来自 分布 位于 保护 定于 是""".split()
)
# Words that say how, when, where or how much, never what: a metric needs a word besides them.
_FUNCTION = ("d", "ad", "t", "m", "mq", "q", "p", "c", "u", "uj", "ul", "uz", "ug", "r", "f", "x", "zg")
# A verb, an adjective or a place does not stand alone for what is counted (确定5%, 扩招100万人,
# 宽52米), but for these words, which jieba tags so and which name a thing (投资580亿元, 337个城市)
# or an event that befalls what is counted (死亡3人).
# jieba tags many nouns of a longer metric as verbs (快递包裹, 复工率): only a metric of one word
# is judged by its tag.
_ALONE = ("v", "vd", "a", "s", "ns")
_THINGS = set(
    """投资 收入 支出 就业 出口 进口 进出口 消费 贷款 融资 捐款 存款 作案 增速 增幅 降幅 涨幅 城市
    产能 通道 死亡 受伤 遇难 失踪 受灾 确诊 治愈 出院 感染""".split()
)


def names_a_quantity(metric: str) -> str:
    """The metric if it is a phrase naming what a figure counts, else "": not a bare verb (确定,
    提出, 扩招), not a verb waiting for its object (行动列出, 调查显示), not a time phrase or a clause
    fragment (到8月下旬已让, 的乡镇直接), not a place alone (地区). Words left at its end that are
    not part of it (共有, 降至, 近) are dropped first."""
    metric = _TRAILING.sub("", metric)
    if not metric or metric in _PLACES or _FRAGMENT.search(metric):
        return ""
    words = _tag(metric)
    if words[-1][0] in _DANGLING or any(word == "是" for word, _ in words):
        return ""
    content = [(word, flag) for word, flag in words if flag not in _FUNCTION]
    if not content or (len(content) == 1 and content[0][1] in _ALONE and content[0][0] not in _THINGS):
        return ""  # a verb, an adjective or a place alone: 确定, 扩招, 宽, 水下
    return metric
