"""Does a passage report work that was done, or only goals, plans and shortcomings?

An annual report mixes what was done ("审查29件", "印发《…办法》") with what it aims at, what is still
lacking ("存在问题", "有待加强") and next year's plans ("下一步", "2024年，我们将…"). Only the first is
evidence. The cues below are general features of the genre, not words of any plan: counted results, verbs
of completed action, and the markers of goals, plans and shortcomings. A sentence is judged on its own;
a plan or shortcoming sentence also governs the list that follows it ("仍存在差距：一是…；二是…"), a result
reported before a turn to a plan keeps its sentence work ("已全面推行，下一步将…"), and the paragraph that
ends in "现将…报告如下" is the report's opening, not its work.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from .tokens import sentences

# A figure with what it counts: 29件, 2.38万件, 100%, 400余场次, 5波次.
_COUNT = re.compile(
    r"\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:余|多)?\s*"
    r"(?:%|％|件次|人次|家次|场次|波次|件|项|个|次|名|人|家|场|期|条|部|份|篇|户|起|支|卷|本|批|类|轮|所|处|张|套|万元|元|亿元)"
)
# Large counts written in Chinese numerals: 超千人, 近万件.
_CN_COUNT = re.compile(r"[一两二三四五六七八九十]*[百千万](?:余|多)?(?:人次|件|项|个|次|名|人|家|场|户)")
# Results that stand for themselves: an award, a designation, a title won.
_RESULT = re.compile(r"获评|荣获|获得|获批|入选|命名|创成|被评为|被授予|被推荐|先后获")
# Verbs of completed action; in a sentence that only sums up the year (取得明显成效) they are not enough.
_DONE = re.compile(
    r"完成|出台|制定|制发|印发|修订|发布|公布|编制|开展|举办|组织|办理|办结|受理|审查|审核|审结|培训|评查|调处|"
    r"化解|纠错|撤销|查处|处罚|立案|整改|排查|检查|抽查|实现|建成|上线|设立|成立|组建|建立|挂牌|聘请|选聘|配备|"
    r"累计|共计|已|全部|均已|率先|首次|拟定|拟订|起草"
)
# A sentence that sums up instead of reporting ("各项工作有序开展、成效显著").
_SUMMARY = re.compile(r"取得(?:了)?(?:明显|显著|显着|积极|一定|新的|良好|较好|突出)?(?:的)?成效|成效(?:显著|显着|明显)|有序开展|稳步推进")
# Praise of the year without the work behind it ("迈出坚实步伐", "依法行政水平不断提升"); also the aim of an
# action ("成立领导小组，推动…再上新台阶"), so it counts only where the sentence names no action.
_PRAISE = re.compile(
    r"迈出(?:了)?坚实(?:的)?步伐|取得(?:了)?长足进步|[再迈跃]上(?:了)?新(?:的)?台阶|良好(?:发展)?态势|开创(?:了)?新局面|"
    r"取得(?:了)?(?:新的|长足|积极|明显|重要)?(?:进展|突破|成绩)|取得新成绩|(?:坚实|有力|良好)(?:的)?法治(?:保障|环境)|"
    r"(?:水平|能力|质效|效能|质量|环境|意识|获得感|满意度|公信力)(?:得到)?(?:不断|持续|进一步|显著|明显|稳步|全面|大幅)"
    r"(?:提升|提高|优化|增强|改善)"
)
# The opening of a report or of its part ("一年来，在市委的坚强领导下，…坚持以…为指导", "2025年是…收官之年",
# "法治政府建设是…主体工程").
_OPENING = re.compile(
    r"一年来|过去一年|回顾|为指导|为指引|共同努力下|是[^，。；]{0,20}之年|"
    r"是[^，。；]{0,20}(?:主体工程|必然要求|内在要求|重要保障|根本保证|重要支撑)"  # what the work is, not what was done
)
# …whose "在市委的坚强领导下" outweighs the verbs of its slogans (化解矛盾, 整改…问题): only a count or award is work.
_UNDER_LEADERSHIP = re.compile(r"(?:坚强|正确)领导(?:下|和)|有力指导下")
# The sentence that closes the opening paragraph: what comes before it in the paragraph sums up the year.
_REPORT_FOLLOWS = re.compile(r"报告如下|汇报如下")
# Next year's plans and intentions. 将 is also the object marker (将X纳入Y, 将落实情况通报), so it counts only
# after a subject or a year or before an adverb or verb of intent, and when the clause has no 纳入/作为/列入/情况;
# a bare 计划 is mostly a document's name.
_FUTURE = re.compile(
    r"下一步|下步|接下来|明年|来年|今后|将来|新的一年|新一年|下一年|下年度|"
    r"计划(?:于|在|将|用)|打算|力争|拟于|拟在|预计|即将|将要|将于(?=\d|[今明本年近上下]|月底|年底)|"
    r"(?:我们|我市|我区|我县|我局|我委|政府|全市|全区|全县|\d{4}年)将|"
    r"将(?:继续|进一步|着力|坚持|持续|加快|不断|深入|大力|努力|积极|重点|围绕|聚焦|切实|全力|始终|"
    r"开展|推进|推动|完善|加强|建立|健全|出台|制定|实施|深化|强化|提升|抓好|做好|启动|探索|谋划|推行|构建|打造)"
)
_DISPOSAL = re.compile(r"纳入|作为|列入|列为")
_STILL = re.compile(r"继续|进一步|持续|不断|始终|坚持|把")
# An aim at the head of a sentence, after its time ("2024年，要…", "力争…", "拟出台…", "各级各部门要…"). 要 and
# 计划 begin many words (主要, 要求, 计划生育), 拟 too (拟定), and 提出要… reports what was said: only the verb
# of intent counts.
_AIM = re.compile(
    r"^(?:\d{4}年(?:度)?|今年|年内)?[，,]?"
    r"(?:(?:我们|我市|我区|我县|我旗|我局|我委|我办)?(?:力争|力求|争取(?![到了])|确保(?!了)|计划(?!生育|单列)|拟(?![定订任制稿]))|"
    r"(?:[^，。；：\d]{1,6}、)?[^，。；：\d]{0,6}?(?<![主需重只必纲纪摘提概简首想出调确示机扼索次精])要(?![求素点件案闻务害领职]))"
)
# What is lacking. 短板, 差距 and 问题 alone also name what work fixed (补齐短板, 整改问题230个).
_SHORT = re.compile(
    r"(?:仍|还|但|依然|仍然|尚)存在|存在(?:着)?(?:一些|一定|的|较多)?(?:问题|不足|差距|短板|困难|薄弱)|"
    r"不足|薄弱|不够|有待|仍需|尚需|还需|亟需|亟待|欠缺|不强|不高|不均衡|不平衡|参差不齐|"
    r"滞后|较慢|较弱|不充分|不到位|不健全|不完善|提升空间|"
    r"(?:还|仍|尚|依然)(?:有|存在)[^，。；]{0,4}(?:差距|距离)|存在[^，。；]{0,12}(?:现象|倾向)|"
    r"(?:仍|还|尚)有[^，。；]{0,10}?(?:未|没有)|面临[^，。；]{0,8}(?:困难|挑战|压力)|"
    r"偏高|偏低|偏弱|偏少|偏慢|时有发生|偶有发生|屡有发生|尚未|还未|仍未|落后|不明显|较为单一|比较单一|缺乏|匮乏|淡薄|"
    r"不规范|缓慢|难以(?:适应|满足|应对|胜任)|"
    r"不(?:相)?适应|(?:没有|未)(?:完全|真正|全面)?(?:到位|落实到位|落地)|(?:形式|手段|方式|渠道|载体|内容)(?:较为|比较|过于)?单一|"
    r"(?:参与度|知晓率|知晓度|认知度|积极性|主动性|覆盖面)(?:较|偏|仍|还|相对)?(?:低|小|窄)|(?<![必])需(?:要)?进一步|"
    r"(?:问题|矛盾)(?:比较|较为|仍然|依然|仍|还|十分|日益)突出|(?<![注着严])重(?![点要大视])[^\W\d]{2}、?轻(?!微)[^\W\d]{2}"
)
# A need is the clause's own predicate ("解决问题的能力有待提升"): no verb before it makes it tackled.
_NEED = re.compile(r"有待|仍需|尚需|还需|亟需|亟待|提升空间|需(?:要)?进一步")
# A lack that only describes the objects of an action: "对存在问题的12家单位下发…", "对尚未整改的单位进行通报".
_OF_COUNTED = re.compile(r"[^，。；]{0,10}?的\d")
_ATTRIBUTE = re.compile(r"[^，。；]{0,12}?的")
# …or a clause that only names the object of the next one ("对执法不规范问题，开展专项整治").
_OBJECT = re.compile(r"[^，。；]{0,8}(?:问题|现象|行为|情形|倾向)")
# A lack named as what the work addressed ("针对基层执法力量薄弱问题，选派…", "解决办事难、办事慢问题").
_ADDRESSED = re.compile(
    r"针对(?!性)|解决|破解|补齐|补足|弥补|整改|扭转|克服|改变|改善|纠正|防止|避免|杜绝|"
    r"发现|排查|查摆|查找|梳理|反馈|交办|督促|督办|约谈|整治|治理|查处"
)
# …or that the rest of its clause reports as dealt with.
_TACKLED_AFTER = re.compile(r"得到(?:有效)?(?:扭转|解决|改善|遏制|纠正|整改)|(?:有效|明显)(?:遏制|改善|扭转)")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?]")
# The report's own opening ("现将有关情况报告如下").
_PREAMBLE = re.compile(r"报告如下|汇报如下|情况如下")
# Headings of the sections that hold no evidence at all.
_HEADING = re.compile(
    r"存在(?:的)?(?:主要)?(?:问题|不足|困难|短板|弱项|差距|薄弱)|问题(?:和|与|及)不足|不足(?:之处|和|与)|困难(?:和|与)问题|"
    r"下一步|下步|工作打算|努力方向|"
    r"(?:今后|明年|来年|下年|下一年)(?:度)?(?:的)?(?:工作)?"
    r"(?:打算|计划|安排|思路|设想|重点|展望|目标)|"
    r"(?:今后|明年|来年|下年|下一年|新一年|新的一年)(?:度)?(?:的)?(?:重点|主要)(?:工作|任务)|"
    r"意见建议|对策建议"
)
# A heading that is nothing but such a name ("三、工作计划", "二、主要问题"); as part of a longer title these
# words name work ("完善工作计划管理", "聚焦难点问题攻坚").
_LACKS = r"(?:问题|不足|短板|弱项|差距|困难)"
_HEADING_ALONE = re.compile(
    rf"(?:存在的)?(?:主要|突出)?{_LACKS}(?:[和与及、]{_LACKS})*|(?:工作)?(?:计划|打算|安排|思路|设想|展望)(?:(?:和|及|与)(?:措施|举措|建议))?"
)
# A title that opens with a year and ends in its plans ("四、2024年推进法治政府建设的主要安排", "2024年主要任务");
# a year inside a title names the work of that year ("制定2023年度工作计划").
_YEAR_PLAN = re.compile(
    r"(?:关于)?(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:度)?[^，。；、]{0,14}?"
    r"(?:(?:主要|重点)?(?:工作)?(?:打算|计划|安排|思路|设想|展望|重点|目标)|重点工作|(?:主要|重点)任务)"
    r"(?:(?:和|及|与)(?:措施|举措|建议|目标任务|任务))?"
)
# …unless it reports how they were dealt with ("二、上年度存在问题整改情况", "2023年重点工作完成情况").
_DEALT_WITH = re.compile(r"(?:整改|完成|落实|推进|执行)(?:情况|成效)|进展情况")
# A sentence that answers the lack before it ("为此，…", "针对上述问题，…") closes the list that lack opened.
_RESPONSE = re.compile(r"为此|对此|针对(?:这一|这些|上述|以上|此类|该)|为(?:解决|破解|改变|扭转)(?:这一|上述|此|该|以上)")
_MARKER = re.compile(r"^[\s—\-－·•]*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]{1,3}是|[①-⑳])?")


_MIN_ONGOING = 16  # characters: longer than an item title such as "(一)营造最优环境。"


@dataclass(frozen=True)
class SentenceCue:
    start: int
    end: int
    kind: str  # "work" | "neutral" | "summary" | "preamble" | "plan" | "shortcoming"
    cues: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceCues:
    is_evidence: bool
    cues: tuple[str, ...]
    sentences: tuple[SentenceCue, ...]

    def matching_spans(self) -> list[tuple[int, int]]:
        """The sentences whose words may support a match: those that do not state a plan or a lack."""
        return [(s.start, s.end) for s in self.sentences if s.kind in ("work", "neutral")]


def _future(sentence: str) -> re.Match | None:
    for m in _FUTURE.finditer(sentence):
        if m.group().endswith("将") or m.group().startswith("将"):
            clause = re.split(r"[，,。；;：:]", sentence[m.start():], maxsplit=1)[0]
            after = sentence[m.start() + m.group().index("将") + 1:]
            if (_DISPOSAL.search(clause) or "情况" in clause) and not _STILL.match(after):
                continue  # 将X纳入Y: the object marker; 将继续把X纳入Y: the future
        return m
    head = _MARKER.sub("", sentence, count=1)
    return _AIM.search(head)


def _clause_start(sentence: str, pos: int) -> int:
    return max((c.end() for c in _CLAUSE_END.finditer(sentence, 0, pos)), default=0)


def _shortcoming(sentence: str) -> re.Match | None:
    """The first lack the sentence admits; one that the same clause says was tackled is work, not a lack."""
    for m in _SHORT.finditer(sentence):
        start = _clause_start(sentence, m.start())
        end = _CLAUSE_END.search(sentence, m.end())
        rest = sentence[m.end():end.start() if end else len(sentence)]
        if _OF_COUNTED.match(sentence, m.end()) or ("对" in sentence[start:m.start()] and (
                _ATTRIBUTE.match(sentence, m.end()) or (_OBJECT.fullmatch(rest) and end and end.group() in "，,"))):
            continue
        counted = _COUNT.search(rest)
        if (counted and counted.start() > 0) or _TACKLED_AFTER.search(rest):  # not "不足3人": fewer than
            continue  # "查处存在乱收费现象的企业12家", "纠错率偏高的问题得到扭转": the lack is what was dealt with
        if _NEED.fullmatch(m.group()) or not _ADDRESSED.search(sentence, start, m.start()):
            return m
    return None


def _done_before(sentence: str, pos: int, plan: bool) -> bool:
    """A result reported in the clauses before a turn to a lack or a plan ("审查46件，今后将…", "已全面推行，
    下一步将…"); a concession ("虽已建立…，但…") reports the lack, a base ("在已取得成效的基础上，…将") the plan."""
    head = sentence[:_clause_start(sentence, pos)]
    if not head or re.search("虽|尽管|基础上", head):
        return False
    counted = (_COUNT.search(head) or _CN_COUNT.search(head)) and _DONE.search(head)
    return bool(counted or _RESULT.search(head) or (plan and re.search("已(?!有)", head)))


def _strong(sentence: str) -> list[str]:
    """Counted results and awards: work wherever they stand."""
    strong = [m.group() for m in _COUNT.finditer(sentence)][:2] + [m.group() for m in _CN_COUNT.finditer(sentence)][:1]
    return strong + [m.group() for m in _RESULT.finditer(sentence)][:2]


def judge_sentence(sentence: str) -> tuple[str, tuple[str, ...]]:
    """Kind of one sentence and the cues that decided it."""
    if m := _PREAMBLE.search(sentence):
        return "preamble", (m.group(),)
    if lead := _lead(sentence):
        return "plan", (lead,)
    for kind, m in (("shortcoming", _shortcoming(sentence)), ("plan", _future(sentence))):
        if m and not _done_before(sentence, m.start(), kind == "plan"):
            return kind, (m.group(),)
    if strong := _strong(sentence):
        return "work", tuple(strong)
    if m := _UNDER_LEADERSHIP.search(sentence):
        return "preamble", (m.group(),)
    if m := _SUMMARY.search(sentence):
        return "summary", (m.group(),)
    done = [m.group() for m in _DONE.finditer(sentence)][:2]
    if done:
        return "work", tuple(done)
    for kind, pattern in (("summary", _PRAISE), ("preamble", _OPENING)):
        if m := pattern.search(sentence):
            return kind, (m.group(),)
    return "neutral", ()


def _lead(sentence: str) -> str | None:
    """A run-in lead that names a section of plans or lacks ("2024年工作打算：一是…"); a lead is short. A run-in
    title closed by a full stop ("(三)2024年工作思路。") counts only if it is nothing but such a name: a title
    like "(二)广泛征求意见建议。" names work."""
    lead = sentence.split("：", 1)[0] if "：" in sentence[:24] else ""
    if lead:
        return heading_cue(lead)
    if len(sentence) <= 24 and _MARKER.match(sentence).group():
        return _title_cue(sentence)
    return None


def _title_cue(part: str) -> str | None:
    own = _MARKER.sub("", part, count=1).strip(" 。.:：")
    return own if _HEADING_ALONE.fullmatch(own) or _YEAR_PLAN.fullmatch(own) else None


@lru_cache(maxsize=256)
def heading_cue(heading: str) -> str | None:
    """The cue when the heading path names a section of shortcomings or plans ("二、存在问题和不足")."""
    for part in (heading or "").split(" > "):
        if _DEALT_WITH.search(part):
            continue
        if own := _title_cue(part):
            return own
        if m := _HEADING.search(part):
            return m.group()
    # a list opened by a sentence of intent ("2024年，市政府将全面…。一是…"): its items are plans too
    for part in (heading or "").split(" > "):
        if len(part) > 12 and _FUTURE.search(part) and not _DISPOSAL.search(part):
            return _FUTURE.search(part).group()
    return None


def section_path(heading: str, text: str) -> str:
    """The heading path without the passage's own run-in title, which the segmenter puts last: a work item
    may well be called "(二)制定年度工作计划"."""
    parts = (heading or "").split(" > ")
    own = _MARKER.sub("", parts[-1]).strip()
    if own and _MARKER.sub("", text, count=1).lstrip().startswith(own):
        parts = parts[:-1]
    return " > ".join(parts)


def _opening(s: SentenceCue, text: str) -> SentenceCue:
    """A sentence of the opening paragraph: its verbs are the year's slogans, unless it counts or names an award."""
    if s.kind in ("work", "neutral") and not _strong(text[s.start:s.end]):
        return SentenceCue(s.start, s.end, "preamble", s.cues)
    return s


@lru_cache(maxsize=16)  # the task and the indicator matcher judge the same passage one after the other
def evidence_cues(text: str, heading: str = "") -> EvidenceCues:
    """Whether the passage reports work, with the reason and the kind of each sentence."""
    found = heading_cue(section_path(heading, text))
    out: list[SentenceCue] = []
    governing = None  # a plan or shortcoming sentence whose list is still running
    for start, end in sentences(text):
        kind, cues = judge_sentence(text[start:end])
        if governing == "shortcoming" and _RESPONSE.match(_MARKER.sub("", text[start:end], count=1)):
            governing = None
        if kind in ("plan", "shortcoming"):
            governing = kind
        elif governing and not (kind == "work" and _COUNT.search(text[start:end])):
            kind, cues = governing, ("(续)",)  # an item of the list a plan or lack opened; a counted result ends it
        elif kind == "work":
            governing = None
        if _REPORT_FOLLOWS.search(text[start:end]):
            out = [_opening(s, text) for s in out]
        out.append(SentenceCue(start, end, kind, cues))
    if found:
        return EvidenceCues(False, (f"标题:{found}",), tuple(SentenceCue(s.start, s.end, "plan", s.cues) for s in out))
    work = [s for s in out if s.kind == "work"]
    # Ongoing work (落实…改革，持续推进…) is reported without a cue; a bare item title is not enough.
    ongoing = [s for s in out if s.kind == "neutral" and s.end - s.start >= _MIN_ONGOING]
    if work or ongoing:
        cues = tuple(dict.fromkeys(c for s in work for c in s.cues))[:6] or ("进行中的工作",)
        return EvidenceCues(True, cues, tuple(out))
    against = tuple(dict.fromkeys(c for s in out for c in s.cues if c != "(续)"))[:6]
    return EvidenceCues(False, against or ("无具体工作",), tuple(out))
