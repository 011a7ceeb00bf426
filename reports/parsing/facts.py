"""Figures in a passage: rates ("行政机关负责人出庭应诉率达到100%") and counts ("审核规范性文件55件").

Works on the matching text of the passage (traditional characters, full-width digits and pinyin annotations
ironed out) and maps every span back to the text passed in. What is measured (the metric) is the phrase
just before the number, without the verb that joins them (达到/为/保持…) and without leading scope words
(全市/全年/共/累计/其中…); when nothing stands before the number ("设立10个基层联系点", "97.23%实现网上办"),
the phrase after it. Ranges ("3-5个"), years, dates, ordinals ("第3次") and document numbers are not facts, nor are
figures that are not this year's result: targets and rules (力争…100%, 不低于95%, 3个工作日内), benchmarks (高于全省平均
水平85.6%), last year's (上年为92%; of "2022年为92%，2023年为100%" only the latest year's) and a rate's change in %.

Counts in Chinese numerals are read too: 五十五件, 一百零五项, 两千余人次, 十余场, 二十万人, 十余万人次, 一万二千件,
十二万元 (12 万元, as 12万元 is); rates in 百分之 (百分之百, 百分之九十九点五). Government prose is full of numerals that
count nothing (三项制度, 两个维护, 第三批, “四所一庭”, 一次办好, 千家万户, 每季度不少于两次), so a Chinese count needs a
counter right after it and is dropped when it is a fixed expression: a bare 一 or 二 (一批, 二期), a bare 百/千/万
without 余/多 or 近/超/逾/上 (百日, 千人, 万家), inside quotes or a title, next to another numeral (一式三份, 四所一庭,
五位一体), a rule or a split rather than a tally (每…两次, 不少于三名, 分三批, 前十名, 为期三天), a range (三至五个,
三五个), or a number under ten with what it counts after it (三项制度, 两件大事); the counts it keeps are mostly
"metric + numeral + counter" at the end of a clause (召开常务会议专题学法三次).
"""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .normalize import normalize_with_map, original_span

MAX_VALUE = Decimal(10) ** 12  # values are stored with 12 integer and 4 decimal digits
MAX_METRIC_CHARS = 20
MIN_METRIC_CHARS = 2
WRAPPED_LINE_MIN_CHARS = 24  # a line this long ending mid-sentence was broken at the page width

_COUNTERS = sorted(
    "个百分点 个工作日 件次 人次 家次 场次 户次 车次 批次 波次 万元 亿元 元 件 个 项 人 名 次 户 条 家 部 场 期 份 篇 支 台 "
    "起 卷 所 处 座 套 类 例 宗 笔 亩 吨 辆 本 张 间 天 小时 路 轮 批 种 位 组 堂 封 盏 首 集 棵 株 公里 平方米 余人".split(),
    key=len, reverse=True)
_UNIT = "|".join(_COUNTERS)
_CN_DIGIT = "零〇一二三四五六七八九十点"
_NUMBER = re.compile(
    rf"(?<![\d.A-Za-z第])(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    rf"(?:(?P<pct>%|‰)|(?P<mult>[万千亿])?(?P<approx>余|多)?(?P<unit>{_UNIT})?)"
    rf"|百分之(?P<cnpct>[{_CN_DIGIT}百]+)"
)
_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
_CN_COUNT = (
    rf"|(?<![\d.A-Za-z第数几之{_CN_NUM}])(?P<cn>[{_CN_NUM}]+(?:[余多][万亿])?)(?P<cnapprox>余|多)?(?P<cnunit>{_UNIT})")
_FIGURE = re.compile(_NUMBER.pattern + _CN_COUNT)
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_LARGE_UNITS = {"万": 10 ** 4, "亿": 10 ** 8}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_HAS_DIGIT = re.compile("[一二两三四五六七八九十]")
_CN_ABOUT = re.compile(r"(?:近|超过|超|逾|上|突破|约|达)$")  # 近百部, 超千人: a bare 百/千 that is a figure
_CN_NOT_TALLY = re.compile(r"每|至少|不少于|不得少于|不低于|不得低于|不高于|不得高于|不超过|不多于|不得超过|最多|最少")  # a rule, not a tally
_CN_NOT_TALLY_RIGHT_BEFORE = re.compile(r"(?:分为|分成|分|前|各|届|为期)$")  # 分三批, 前十名, 各两名, 十二届三次全会
_CN_NEXT_TO_NUMERAL = re.compile(rf"[{_CN_NUM}][\u3400-\u9fff]$")  # 一式|三份
_CN_QUOTE_OPEN, _CN_QUOTE_CLOSE = "“‘《「『", "”’》」』"
_CN_RANGE_BEFORE = re.compile(rf"[{_CN_NUM}][余多]?\s*[-—–~～至到]\s*$")
_CN_RANGE_AFTER = re.compile(rf"\s*[-—–~～至到]\s*[{_CN_NUM}]")
_CN_VETO_BEFORE = (_CN_NEXT_TO_NUMERAL, _CN_NOT_TALLY, _CN_NOT_TALLY_RIGHT_BEFORE, _CN_RANGE_BEFORE)
# after these the numeral is an ordinal or a span, not a tally: 十二次全会, 十二个月, 二十四小时自助服务
_CN_NOT_TALLY_AFTER = re.compile(r"次(?:全会|全体会议|会议|党代会|代表大会)|个[月年]")
_CN_SPANS = {"天", "小时", "个工作日"}
# the counter starts a word: 十四亿人民, 百万人口, 十二部门联合
_CN_COUNTER_WORD = re.compile(
    r"人[口民才大社类]|部[门署分]|家[庭长乡]|条[例件款]|项目|名[单称义额]|期间|场[所景]|所[有以]|起[草诉]|批[准复示]|"
    r"处[理罚置]|天[然气]|户[籍口]|类[型别]|种[类子]|位[置于]|支[持部出]|台[账阶]|份额|次[数序]|本[地级身]|路[径线]|"
    r"组[织成建]|首[都府]|集[中体]|座谈|笔录|例[外如]")
# "3-5次", "3名至5名": neither end of a range is a count
_RANGE_BEFORE = re.compile(rf"\d\s*(?:%|{_UNIT})?\s*[-—–~～至到]\s*$")
_RANGE_AFTER = re.compile(r"\s*[-—–~～至到]\s*\d")
_BOUNDARY = re.compile(r"[，。；：！？,;:!?\n]")
# a target or a plan, not what was done: 力争…达到100%, 确保…合法性审核率达到100%, 工作目标：…
# a rule on the figure: 抽查比例不低于5%, 每季度至少开展1次 (not 每万人拥有律师2.8名, a density; nor 最多:
# “最多跑一次”事项占比95%)
_RULE = re.compile(r"每(?![十百千万]+人)|至少|不少于|不得少于|不低于|不得低于|不高于|不得高于|不超过|不多于|不得超过")
_TARGET_SENTENCE = re.compile(r"力争|预计|目标(?:是|为|值|[：:])")
_TARGET_CLAUSE = re.compile(r"确保|必须|应当?达到|要达到|将达到")  # not 应当出庭的案件86件
# a figure of someone else: 高于全省平均水平（85.6%）, 较全市平均水平高2个百分点
_BENCHMARK = re.compile(r"(?:全国|全省|全区|全市|全州|全盟|同级|同类|省|市)[^，。；]{0,6}?平均(?:水平|值|数)?")
# the previous year's figure: 上年为92%, 去年同期出庭应诉率为90% (not 较上年/同比, a change, or 由上年的, a base)
_BASE_YEAR = re.compile(r"(?<![较比与同和由从])(?:上年|去年|上一年)(?!度)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
# a time limit is a rule: 3个工作日内作出答复 (but 压缩至3个工作日内 is a figure)
_LIMIT_AFTER = re.compile(r"以?内")
_LIMIT_LINK = re.compile(r"(?:压缩|缩短|压减|减少|降低|降|控制|提速)(?:至|到|在|为)\s*$")
_SPAN_UNITS = {"个工作日", "天", "小时", "日"}
# the figure sizes the field of a ranking: 在全市12个旗区中位列第2名
_RANKING_FIELD = re.compile(r"[^，。；]{0,10}?中(?:位列|位居|排名|排在|排|名列|居|列)")
# "…三项指标均达到100%": the count of the listed rates, not a part of their names
_LIST_COUNT_END = re.compile(r"(?:[一二两三四五六七八九十\d]+(?:项|个)|等)(?:指标|数据|比率)?$")
_RATE_WORD = re.compile(r"(?:率|比例|比重|占比|覆盖面?|增幅|降幅|增长|下降|提高|提升)")

# joins the metric to the number; stripped from the end of the metric (longest first)
_LINK_END = re.compile(
    r"(?:(?:连续\d+年|连续|持续|始终|继续|均|分别|全部|已|仍|基本)?"
    r"(?:稳定在|稳定|保持在|保持|达到了|达到|已达|达|实现|提升至|提升到|提高至|提高到|上升至|上升到|增长至|增长到|"
    r"增至|增加到|增加至|压缩至|压缩到|缩短至|缩短到|压减至|压减到|控制在|降至|降低至|降低到|下降至|下降到|减少到|减少至|超过|突破|约为|约|近|逾|超|"
    r"共计|总计|合计|累计|共|由|分别为|分别是)"
    r"|(?<=[率数量额比例重])(?:为|是))+$")
_LEAD = re.compile(
    r"^(?:\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|[一二三四五六七八九十]{1,3}(?:是|、)|\d{1,2}[、.](?!\d)|第[一二三四五六七八九十]{1,3}[，、]|"
    r"[\u2460-\u2473]|——|[●•·▪■◆★]|"  # the passage's own numbering: "(2)办理行政复议案件120件"
    r"全市各级|全市|全区|全县|全旗|全盟|全州|全省|全年|全面|各级|其中|共有|共计|共|累计|合计|总计|今年以来|年初至今|"
    r"目前|同时|并且|并|且|已经|已|均|先后|我市|我区|我县|我旗|市本级|区本级|县本级|本级|年内|一年来|前三季度|"
    r"上半年|下半年|实现|达到|(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:度|以来)?|近\d+年|连续\d+年|"
    r"截至[^，]{0,10}?(?:底|末)|以及|的|、|将|把|"
    r"\d+(?:\.\d+)?[万千亿]?(?:个|家|项|名|所|各|支|部|条|类|批|级))+")
# verbs after which the counted thing follows the number: 设立10个基层联系点
_VERB_END = re.compile(
    r"(?:设立|建立|建成|组建|成立|选聘|聘请|培养|培育|开展|举办|组织|完成|发布|公布|出台|制定|印发|修订|办理|受理|"
    r"审查|审核|出具|配备|设置|录入|排查|整改|检查|查处|化解|调处|调解|发现|解决|制发|收到|下放|取消|新增|变更|"
    r"编制|梳理|归集|公开|提供|签订|推出|接入|上线|形成|培训|评查|发放|清理|报备|征集|参加|帮助|"
    r"指导|处理|接待|举行|召开|打造|创建|命名|表彰|聘任|选派|派出|建设|新建|改造|开通|引进|吸引|储备|摸排)$")
_AFTER_STOP = re.compile(
    r"[，。；：！？、,;:!?\n\d(（”\"]|实现|获|被|纳入|入选|参与|参加|进行|开展|全部|均|已|与|和|及|提供|达到|签订|荣获|"
    r"获评|成为|创建|通过|得到|进入|全面|普遍|全覆盖|覆盖|下沉|上线|以上|左右|基本|担任|打造|高效|率|没有|未|命名|“|[)）《》]|"
    r"增加|减少|增长|下降|提升|提高|上升|降低"
    r"|(?<![零〇一二两三四五六七八九十百千万亿])(?:[两三四五六七八九十]|[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]+)"
    rf"[余多]?(?:{_UNIT})|第[一二三四五六七八九十\d]")  # the next count or a rank: 由二十个工作日|压缩至五个工作日
_RATE_NOUN_END = re.compile(r"(?:度|指数|水平|得分|分值|权重|幅度)$")
_COVER = re.compile(r"全?覆盖")
_FOLLOWS = re.compile(r"的?[\u3400-\u9fff“\"](?!以上|左右|以下)")
_QUOTES = str.maketrans("", "", "“”‘’\"'")
_LINK_ONLY = {"为", "是", "达", "在", "约", "共"}
_EDGE = set(" 、，的“”‘’\"'")
_SHORT_VERB = re.compile(r"^(?:受理|办结|审结|立案|结案|纠错|撤销|变更|驳回|调解|和解|确认|维持|终止|移送|化解|办理|"
                         r"取消|下放|新增|保留|调整|删除|合并|承接)$")
_GENERIC_TAIL = re.compile(r"(?:申请|案件|事项|工作|情况)$")
_LEAD_VERB = re.compile(r"^(?:收到|新收|接收|受理|办理|审结|办结|审查|审核|开展|组织|完成|处理|调处|化解|新增|公布|编制)")
# "行政执法机关共办理行政处罚案件": the scope word inside the phrase starts what is counted
_SCOPE_INSIDE = re.compile(r"(?:共计|累计|合计|总计|共)(?=召开|收到|新收|受理|办理|审结|办结|审查|审核|开展|组织|举办|完成|处理|调处|"
                           r"化解|查处|培训|评查|发布|公布|制定|出台|接待|调解|排查|整改|提供|录入|清理|征集)")
# a change against last year: "同比增长12.5%" measures the figure before it
_CHANGE = re.compile(r"^(?:同比|环比|较上年|比上年|较去年|比去年|较上年度|比上年度|较\d{4}年|比\d{4}年)?(?:同期)?"
                     r"(?:增长|下降|提高|提升|增加|减少|上升|降低)了?$")
_CHANGE_END = re.compile(r"(?:增长|下降|提高|提升|增加|减少|上升|降低|压减|压缩|缩短)了?$")
_CHANGE_VERB = re.compile(r"^(?:减少|降低|压减|压缩|缩短|提高|提升|增长|下降|增加|节约|节省|上升)")
# a change's base value: "由85%提升至98.6%", "从2022年的95%提高到100%"
_FROM = re.compile(r"(?:由|从)(?:[^，。；]{0,12}?的)?\s*$")
_TO_AFTER = re.compile(r"\s*(?:提升|提高|上升|增长|增加|增|下降|降低|降|减少|压缩|压减|缩短|缩减)(?:至|到|为)")
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达|占)?\s*$")
_LIST_SEP = re.compile(r"^\s*[、和及与，,]\s*$")
# verbs a long metric may start at: 市委主要领导主持召开…会议 → 召开…会议
_VERB_ANY = re.compile(r"召开|开展|组织|举办|完成|办理|受理|审查|审核|发布|公布|制定|出台|印发|建立|设立|编制|录入|排查|检查|"
                       r"查处|化解|调处|提供|培训|评查|清理|征集|公开|推出|上线|接入|形成|配备|选聘|培育|培养")
_CLAUSE_VERB = re.compile(r"^(?:落实|推行|实行|实施|建立|健全|完善|加强|推进|推动|开展|坚持|严格|全面|深化|持续|强化)+")
_CANONICAL = [
    (re.compile(r"^(?:行政机关)?(?:主要)?(?:负责人)?出庭(?:应诉)?率?$"), "行政机关负责人出庭应诉率"),
    (re.compile(r"^行政机关(?:主要)?负责人出庭(?:应诉)?率?$"), "行政机关负责人出庭应诉率"),
]


@dataclass
class ParsedFact:
    metric: str
    value: Decimal
    unit: str  # "%" for rates, else the counter: 件, 个, 项, 人, 次, 万元…
    is_rate: bool
    quote: str  # the original text of the fact
    start: int  # offsets into the text passed to extract_facts
    end: int


def _cn_int(text: str) -> Decimal | None:
    """一百零五 → 105, 两万 → 20000, 九十九点五 → 99.5; None for what is not one number (十三五, 三五, 二〇二三)."""
    whole, _, frac = text.partition("点")
    value = _cn_whole(whole)
    if value is None or not all(c in _CN_DIGITS for c in frac):
        return None
    return Decimal(f"{value}.{''.join(str(_CN_DIGITS[c]) for c in frac)}") if frac else Decimal(value)


def _cn_whole(text: str) -> int | None:
    if text in ("零", "〇"):
        return 0
    total, section, digit = 0, 0, None
    small, large = 10 ** 4, 10 ** 13  # units must fall: 百千 is not a number
    unit, zero = 0, False  # the last unit read; a 零 since it
    for i, c in enumerate(text):
        if c in "零〇":
            if digit is not None or not unit:
                return None  # digit by digit (二〇二三) is a year or a code
            zero = True
        elif c in _CN_DIGITS:
            if digit is not None:
                return None  # 三五个, 十二三个: a range
            digit = _CN_DIGITS[c]
        elif c in _CN_SMALL_UNITS:
            u = _CN_SMALL_UNITS[c]
            if u >= small or (digit is None and not (i == 0 or (u == 10 and section == 0))):
                return None
            section += (1 if digit is None else digit) * u
            digit, small, unit, zero = None, u, u, False
        else:
            u = _CN_LARGE_UNITS[c]
            if u >= large or (digit is None and section == 0 and i > 0):
                return None
            section += digit or 0
            total += (section or 1) * u
            section, digit, small, large, unit, zero = 0, None, 10 ** 4, u, u, False
    if digit is not None:
        if text[-1] == "两" and len(text) > 1:
            return None  # 两 stands before a unit, never as the last digit
        # 一万二 is 12000 and 两千五 is 2500, but 一百零五 is 105
        section += digit * (unit // 10 if unit > 10 and not zero else 1)
    return total + section


def _trim(phrase: str) -> tuple[str, int]:
    """The metric in the phrase before a number, and how many characters were cut from its start."""
    start, end = 0, len(phrase)
    for _ in range(4):
        moved = False
        lead = _LEAD.match(phrase, start, end)
        if lead and lead.end() > start:
            start, moved = lead.end(), True
        while start < end and phrase[start] in _EDGE:
            start, moved = start + 1, True
        link = _LINK_END.search(phrase, start, end)
        if link and link.start() < end:
            end, moved = link.start(), True
        while end > start and phrase[end - 1] in _EDGE:
            end, moved = end - 1, True
        if not moved:
            break
    inside = [m.end() for m in _SCOPE_INSIDE.finditer(phrase, start, end)]
    if inside and end - inside[-1] >= MIN_METRIC_CHARS:
        start = inside[-1]
    metric = phrase[start:end].translate(_QUOTES)
    return ("" if metric in _LINK_ONLY else metric), start


def _after_phrase(norm: str, pos: int) -> tuple[str, int]:
    """The noun phrase right after a number: 10个|基层联系点|，…"""
    start = pos
    while start < len(norm) and norm[start] in "的 ":
        start += 1
    m = _AFTER_STOP.search(norm, start, min(len(norm), start + 16))
    end = m.start() if m else min(len(norm), start + 12)
    if m and m.group() == "率" and end - start > 4:
        end -= 2  # 2196个服务窗口好评率: 好评 belongs to the rate
    return norm[start:end].translate(_QUOTES).strip(), end


def _shorten(metric: str) -> str:
    if len(metric) <= MAX_METRIC_CHARS:
        return metric
    for verb in _VERB_ANY.finditer(metric):
        if MIN_METRIC_CHARS * 2 <= len(metric) - verb.start() <= MAX_METRIC_CHARS:
            return metric[verb.start():]
    # keep the end, which names the thing counted; start after a list separator or 的 if there is one near
    tail = metric[-MAX_METRIC_CHARS:]
    for sep in "、的及和":
        at = tail.find(sep)
        if 0 <= at < MAX_METRIC_CHARS - MIN_METRIC_CHARS * 2:
            return tail[at + 1:]
    return tail


def _canonical(metric: str) -> str:
    for pattern, name in _CANONICAL:
        if pattern.match(metric):
            return name
    return metric


def _unbroken(norm: str, index: list[int]) -> tuple[str, list[int]]:
    """The matching text without line breaks that cut a sentence (a passage joined from lines broken at the page
    width: "细化重点任务6\n8项"); a break after a sentence end, or after a short line (a table row), stays."""
    if "\n" not in norm:
        return norm, index
    keep, line_start = [], 0
    for i, c in enumerate(norm):
        if c == "\n":
            broken = i - line_start >= WRAPPED_LINE_MIN_CHARS and norm[i - 1] not in "。！？；：!?;:"
            line_start = i + 1
            if broken:
                continue
        keep.append(i)
    return "".join(norm[i] for i in keep), [index[i] for i in keep]


def extract_facts(text: str) -> list[ParsedFact]:
    norm, index = _unbroken(*normalize_with_map(text))
    facts: list[ParsedFact] = []
    labels: list[tuple[int, float]] = []  # for each fact: its sentence, and the year its clause names (inf: none)
    floor = 0  # text before this belongs to an earlier fact
    sentence_start = 0
    topic_from = 0
    respective: list[str] = []  # names left for the next figures of a "分别为" list
    years: list[int] = []  # years left for the next figures of "2022年、2023年…分别为" list
    carried, carried_start = "", 0  # the metric of a change's base value and where it starts, for the figure it changed to
    topic = ""  # what the sentence counts (收到行政复议申请 → 行政复议), for bare rates and verbs later in it
    for m in _FIGURE.finditer(norm):
        n_start, n_end = m.span()
        last_end = max(norm.rfind(c, 0, n_start) for c in "。；;！？")
        if last_end >= sentence_start:
            sentence_start = last_end + 1
            # what is counted carries over "；" (新收行政复议案件1023件；审结968件), not over a full stop
            if max(norm.rfind(c, 0, n_start) for c in "。！？") >= topic_from:
                topic = ""
            topic_from = sentence_start
        if _RANGE_BEFORE.search(norm, max(0, n_start - 10), n_start) or _RANGE_AFTER.match(norm, n_end):
            continue
        parsed = _value(m)
        if parsed is None:
            continue
        value, unit, is_rate = parsed
        if m.group("cn") and not _cn_tally(norm, m, value):
            continue
        # the phrase before the number, back to punctuation or the previous fact
        bound = max(floor, sentence_start)
        for b in _BOUNDARY.finditer(norm, bound, n_start):
            bound = b.end()
        raw_before = norm[bound:n_start]
        clause = norm[max([b.end() for b in _BOUNDARY.finditer(norm, sentence_start, n_start)] or [sentence_start]):n_start]
        if _not_a_result(norm, sentence_start, clause, raw_before, n_end, unit):
            floor = n_end
            continue
        metric, cut = _trim(raw_before)
        metric_start = bound + cut if metric else n_start
        if metric and metric_start > bound and norm[metric_start - 1] in "“‘\"《":
            metric_start -= 1  # the quote keeps the opening mark of "“最多跑一次”事项"
        previous = facts[-1] if facts and facts[-1].start >= sentence_start else None
        end = n_end
        if norm.startswith(("以上", "左右", "以下", "以内"), end):
            end += 2
        cover = _COVER.match(norm, end)
        # "设立10个基层联系点", "80%的旗县区": the thing measured follows the number
        follows = not cover and end < len(norm) and bool(_FOLLOWS.match(norm, end))
        if _CHANGE_VERB.match(norm[end:end + 2]):
            follows = False  # 由20个工作日压缩至5个工作日: the change names no new thing
        if follows and _RANKING_FIELD.match(norm, end):
            floor = end  # 在全市12个旗区中位列第2名: the figure sizes the field, it counts nothing done
            continue
        if is_rate and cover:
            metric = metric + ("" if metric.endswith("覆盖率") else "覆盖率") if metric else ""
            end = cover.end()
        elif follows and not (_SHORT_VERB.match(metric) and topic):
            after, after_end = _after_phrase(norm, end)
            if len(after) >= MIN_METRIC_CHARS:
                verb = _VERB_END.search(metric)
                metric = (verb.group() if verb else "") + after
                if not verb:
                    metric_start = n_start
                clause_end = _BOUNDARY.search(norm, after_end)
                if not _NUMBER.search(norm, after_end, clause_end.start() if clause_end else len(norm)):
                    end = after_end  # nothing else in the clause needs that phrase
        elif is_rate and metric:
            if _RATE_WORD.search(metric):
                metric = metric[: max(x.end() for x in _RATE_WORD.finditer(metric))]
            elif not (_VERB_END.search(metric) or _RATE_NOUN_END.search(metric) or _CHANGE_VERB.match(metric)
                      or _CHANGE_END.search(metric)):
                metric += "率"  # 行政机关负责人出庭提升至100% → …出庭率
        changed = ""  # the metric whose change this figure states
        if _CHANGE.match(metric):
            if not previous:
                floor = end
                continue  # 比上年减少15件: a change of nothing named
            changed, metric = previous.metric, previous.metric + metric  # 办理行政复议案件356件，同比增长12.5%
        elif metric in ("占比", "比例", "比重") and previous and not previous.is_rate:
            metric = previous.metric + metric  # 优秀案卷28卷，占比31%
        elif topic and (re.fullmatch(r".{1,2}率", metric) or (not is_rate and _SHORT_VERB.match(metric))):
            metric = topic + metric if is_rate else metric + topic  # 纠错率 → 行政复议纠错率; 受理 → 受理行政复议
        elif not metric and (previous or carried) and _LINK_END.fullmatch(raw_before.strip(" ，、")):
            metric = carried or previous.metric  # 由1593个增加到2349个
            if carried:
                metric_start = carried_start
        elif is_rate and (len(metric) < MIN_METRIC_CHARS or re.fullmatch(r".{1,2}率", metric)):
            metric = _rate_in_sentence(norm, sentence_start, metric_start, metric) or metric
        elif _CHANGE_END.search(metric):
            changed = metric  # 出庭应诉率较上年提高5%
        if is_rate and _RATE_WORD.search(_CHANGE_END.sub("", changed)):
            floor = end
            continue  # a rate that rose 5%: points or a share of itself, and no figure of the rate
        # "备案率、纠错率分别为100%、8.3%": one name for each figure of the list
        parts = re.split(r"[、和及与]", metric)
        if _RESPECTIVELY.search(raw_before) and len(parts) >= 2 and all(len(p) >= MIN_METRIC_CHARS for p in parts):
            named = _each_rate("、".join(parts), is_rate)  # 备案率、审查率 → 规范性文件审查率 as well
            named = named if len(named) == len(parts) else parts
            respective, metric = named[1:], named[0]
        elif respective and _LIST_SEP.match(norm[floor:n_start]):
            metric = respective.pop(0)
        else:
            respective = []
        year = _clause_year(raw_before, years, norm[floor:n_start])
        if _RESPECTIVELY.search(raw_before) and len(found := _YEAR.findall(raw_before)) >= 2:
            years, year = [int(y) for y in found[1:]], float(found[0])  # 2022年、2023年出庭应诉率分别为92%、100%
        if is_rate and "、" in metric:
            metric = _LIST_COUNT_END.sub("", metric)  # …审核率三项指标均达到100%
        names = [_shorten(n) for n in _each_rate(metric, is_rate)]
        metric = names[-1]
        if is_rate or metric.endswith("率"):
            names = [_canonical(n) for n in names]  # 出庭率 is the rate; 出庭应诉236件次 stays a count
            metric = names[-1]
        floor = end
        if len(metric) < MIN_METRIC_CHARS:
            continue
        if _FROM.search(raw_before) and _TO_AFTER.match(norm, end):
            carried, carried_start = metric, min(metric_start, n_start)  # "由85%提升至98.6%": only the base
            continue
        carried = ""
        if not topic and not is_rate and _LEAD_VERB.match(metric):
            topic = _GENERIC_TAIL.sub("", _LEAD_VERB.sub("", metric))
        s, e = original_span(index, min(metric_start, n_start), end, len(text))
        for name in names:
            if len(name) >= MIN_METRIC_CHARS:
                facts.append(ParsedFact(name, value, unit, is_rate, text[s:e], s, e))
                labels.append((sentence_start, year))
    return _latest_years(facts, labels)


def _not_a_result(norm: str, sentence_start: int, clause: str, raw_before: str, n_end: int, unit: str) -> bool:
    """Whether the figure is a rule, a target, a benchmark, the previous year's or a time limit rather than what
    the government did this year: a gap rule would compare any of them with its target."""
    if _RULE.search(raw_before) or _TARGET_CLAUSE.search(clause):
        return True  # 抽查比例不低于5%, 每季度至少开展1次, 确保…审核率达到100%
    if _TARGET_SENTENCE.search(norm, sentence_start, n_end):
        return True  # 力争…出庭应诉率达到100%
    if _BENCHMARK.search(raw_before) or _BASE_YEAR.search(raw_before):
        return True  # 高于全省平均水平（85.6%）, 上年为92%
    return unit in _SPAN_UNITS and bool(_LIMIT_AFTER.match(norm, n_end)) and not _LIMIT_LINK.search(raw_before)


def _clause_year(raw_before: str, years: list[int], between: str) -> float:
    """The year a figure is given for: 2022年为28.12% → 2022; the next of a "2022年、2023年…分别为" list; inf: none."""
    found = _YEAR.findall(raw_before)
    if found:
        years.clear()
        return float(found[-1])
    if years and _LIST_SEP.match(between):
        return float(years.pop(0))
    years.clear()
    return float("inf")


def _latest_years(facts: list[ParsedFact], labels: list[tuple[int, float]]) -> list[ParsedFact]:
    """Of one metric's figures in a sentence, those for earlier years go ("2022年为92%，2023年为100%"): the report
    is about the latest, and an earlier year's figure read as this year's would open a gap."""
    latest: dict[tuple[int, str], float] = {}
    for f, (sentence, year) in zip(facts, labels):
        key = (sentence, f.metric)
        latest[key] = max(latest.get(key, year), year)
    return [f for f, (sentence, year) in zip(facts, labels) if year >= latest[(sentence, f.metric)]]


def _each_rate(metric: str, is_rate: bool) -> list[str]:
    """"规范性文件报备率、及时率、规范率均达100%": one figure for each rate of the list; a short name takes the
    subject of the first ("及时率" → "规范性文件及时率")."""
    parts = metric.split("、")
    if not is_rate or len(parts) < 2 or not all(p.endswith("率") and len(p) >= MIN_METRIC_CHARS for p in parts):
        return [metric]
    first = parts[0]
    return [first] + [p if len(p) > 3 or len(first) <= len(p) else first[:-len(p)] + p for p in parts[1:]]


def _rate_in_sentence(norm: str, sentence_start: int, pos: int, bare: str) -> str:
    """A rate named earlier in the sentence: "纠错率近几年呈下降趋势，2022年为28.12%" → 纠错率;
    "落实行政机关负责人出庭应诉定期通报制度，应诉率…100%" → 行政机关负责人出庭应诉率."""
    stem = bare[:-1] if bare.endswith("率") else ""
    at = norm.rfind(stem, sentence_start, pos - len(bare)) if stem else norm.rfind("率", sentence_start, pos)
    if at < 0:
        return ""
    stop = at + len(stem) if stem else at + 1
    clause_start = sentence_start
    for b in _BOUNDARY.finditer(norm, sentence_start, stop):
        clause_start = b.end()
    name, _ = _trim(norm[clause_start:stop])
    name = _CLAUSE_VERB.sub("", name)
    if stem:
        name += "率"
    return name if MIN_METRIC_CHARS <= len(name) <= MAX_METRIC_CHARS else ""


def _cn_tally(norm: str, m: re.Match, value: Decimal) -> bool:
    """Whether a Chinese numeral and counter report a tally rather than name something (三项制度, 一次办好)."""
    start, end = m.start(), m.end()
    clause_start = max([b.end() for b in _BOUNDARY.finditer(norm, max(0, start - 30), start)] or [max(0, start - 30)])
    clause = norm[clause_start:start]
    if not _cn_numeral_counts(m.group("cn"), bool(m.group("cnapprox")), clause):
        return False
    if _cn_quoted(norm, clause_start, start, end) or any(p.search(clause) for p in _CN_VETO_BEFORE):
        return False  # “四所一庭”, 一式三份, 每季度不少于两次, 分三批, 三至五名
    if norm[end:end + 1] in tuple(_CN_NUM) or _CN_RANGE_AFTER.match(norm, end):
        return False  # 五位一体, 三个一, 三个至五个
    unit_at = m.start("cnunit")
    if _CN_COUNTER_WORD.match(norm, unit_at) or _CN_NOT_TALLY_AFTER.match(norm, unit_at):
        return False
    small = value < 10 and m.group("cnunit") not in ("万元", "亿元") and m.group("cn")[-1] not in _CN_LARGE_UNITS
    if norm.startswith(("以上", "以下", "以内"), end):
        if small:
            return False  # 两名以上执法人员: a rule
        end += 2
    elif norm.startswith("左右", end):
        end += 2
    if not _FOLLOWS.match(norm, end) or _CHANGE_VERB.match(norm[end:end + 2]):
        return True  # 召开常务会议专题学法三次。: the metric stands before the count
    # what is counted follows: a small number there mostly names something (三项制度, 两个维护, 两件大事),
    # and a span describes it (十五个工作日内, 二十四小时自助服务)
    return not small and m.group("cnunit") not in _CN_SPANS


def _cn_numeral_counts(numeral: str, approx: bool, clause: str) -> bool:
    if numeral in ("一", "二"):
        return False  # 一批, 一次办好; before a counter 2 is 两, so 二期/二类 is an ordinal
    if not _CN_HAS_DIGIT.search(numeral):
        return approx or "余" in numeral or "多" in numeral or bool(_CN_ABOUT.search(clause))  # 百日, 千人, 万家
    return True


def _cn_quoted(norm: str, clause_start: int, start: int, end: int) -> bool:
    opened = max(norm.rfind(c, max(0, start - 30), start) for c in _CN_QUOTE_OPEN)
    closed = max(norm.rfind(c, max(0, start - 30), start) for c in _CN_QUOTE_CLOSE)
    plain = norm.count('"', clause_start, start) % 2 == 1
    return opened > closed or plain or (end < len(norm) and norm[end] in _CN_QUOTE_CLOSE + '"')


def _value(m: re.Match) -> tuple[Decimal, str, bool] | None:
    if m.group("cn"):
        return _cn_value(m.group("cn"), m.group("cnunit"))
    if m.group("cnpct"):
        value = _cn_int(m.group("cnpct"))
        return (value, "%", True) if value is not None else None
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    if m.group("pct"):
        value = _plain(value / 10 if m.group("pct") == "‰" else value)
        return (value, "%", True) if value is not None else None
    mult, unit = m.group("mult"), m.group("unit") or ""
    if not unit and not mult:
        return None
    if unit == "余人":
        unit = "人"
    if mult and unit == "元":
        unit = mult + "元"  # money stays in the report's unit: 3556万元
    elif mult:
        value *= {"万": 10000, "千": 1000, "亿": 100000000}[mult]
    value = _plain(value)
    return (value, unit, False) if value is not None else None


def _cn_value(written: str, unit: str) -> tuple[Decimal, str, bool] | None:
    numeral, scale = written, 1
    if written[-2:-1] in ("余", "多"):
        numeral, scale = written[:-2], _CN_LARGE_UNITS[written[-1]]  # 十余万: 10 万, more or less
    value = _cn_int(numeral)
    if value is None:
        return None
    value *= scale
    if unit == "余人":
        unit = "人"
    if unit == "元" and written[-1] in _CN_LARGE_UNITS:
        value, unit = value / _CN_LARGE_UNITS[written[-1]], written[-1] + "元"  # 十二万元 → 12 万元, as 12万元 is
    value = _plain(value)
    return (value, unit, False) if value is not None else None


def _plain(value: Decimal) -> Decimal | None:
    if value >= MAX_VALUE:
        return None  # a code or an identifier, not a figure
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.quantize(Decimal("0.0001")).normalize() if value.as_tuple().exponent < -4 else value.normalize()
