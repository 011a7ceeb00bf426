"""Does a passage report work that was done, or only goals, plans and shortcomings?

An annual report mixes what was done ("审查29件", "印发《…办法》") with what it aims at, what is still
lacking ("存在问题", "有待加强") and next year's plans ("下一步", "2024年，我们将…"). Only the first is
evidence. The cues below are general features of the genre, not words of any plan: counted results, verbs
of completed action, and the markers of goals, plans and shortcomings. A sentence is judged on its own;
a plan or shortcoming sentence also governs the list that follows it ("仍存在差距：一是…；二是…").
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
    r"累计|共计|已"
)
# A sentence that sums up instead of reporting ("各项工作有序开展、成效显著").
_SUMMARY = re.compile(r"取得(?:了)?(?:明显|显著|显着|积极|一定|新的|良好|较好|突出)?(?:的)?成效|成效(?:显著|显着|明显)|有序开展|稳步推进")
# Next year's plans and intentions. 将 is also the object marker (将X纳入Y), so it counts only before an
# adverb of intent and when the clause has no 纳入/作为/列入; a bare 计划 is mostly a document's name.
_FUTURE = re.compile(
    r"下一步|下步|接下来|明年|来年|今后|将来|计划(?:于|在|将|用)|打算|力争|拟于|拟在|预计|即将|将要|"
    r"(?:我们|我市|我区|我县|我局|我委|政府|全市|全区|全县)将|"
    r"将(?:继续|进一步|着力|坚持|持续|加快|不断|深入|大力|努力|积极|重点|围绕|聚焦|切实|全力|始终)"
)
_DISPOSAL = re.compile(r"纳入|作为|列入|列为")
# What is lacking. 短板, 差距 and 问题 alone also name what work fixed (补齐短板, 整改问题230个).
_SHORT = re.compile(
    r"(?:仍|还|但|依然|仍然|尚)存在|存在(?:着)?(?:一些|一定|的|较多)?(?:问题|不足|差距|短板|困难|薄弱)|"
    r"不足|薄弱|不够|有待|仍需|尚需|还需|亟需|亟待|欠缺|不强|不高|不均衡|不平衡|参差不齐|"
    r"滞后|较慢|较弱|不充分|不到位|不健全|不完善|提升空间"
)
# A lack named as what the work addressed ("针对基层执法力量薄弱问题，选派…", "解决办事难、办事慢问题").
_ADDRESSED = re.compile(r"针对(?!性)|解决|破解|补齐|补足|弥补|整改|扭转|克服|改变|改善|纠正|防止|避免|杜绝")
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?]")
# The report's own opening ("现将有关情况报告如下").
_PREAMBLE = re.compile(r"报告如下|汇报如下|情况如下")
# Headings of the sections that hold no evidence at all.
_HEADING = re.compile(
    r"存在(?:的)?(?:主要)?(?:问题|不足|困难|短板|弱项|差距)|问题(?:和|与|及)不足|不足(?:之处|和|与)|困难(?:和|与)问题|"
    r"下一步|下步|工作打算|努力方向|"
    r"(?:今后|明年|来年|下年|下一年|\d{4}年)(?:度)?(?:的)?(?:工作)?(?:打算|计划|安排|思路|设想|重点|展望|目标)|"
    r"意见建议|对策建议"
)
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


def _future(sentence: str) -> str | None:
    for m in _FUTURE.finditer(sentence):
        if m.group().endswith("将") or m.group().startswith("将"):
            clause = re.split(r"[，,。；;：:]", sentence[m.start():], maxsplit=1)[0]
            if _DISPOSAL.search(clause):
                continue  # 将X纳入Y: the object marker, not the future
        return m.group()
    return None


def _shortcoming(sentence: str) -> str | None:
    """The first lack the sentence admits; one that the same clause says was tackled is work, not a lack."""
    for m in _SHORT.finditer(sentence):
        clause_start = max((c.end() for c in _CLAUSE_END.finditer(sentence, 0, m.start())), default=0)
        if not _ADDRESSED.search(sentence, clause_start, m.start()):
            return m.group()
    return None


def judge_sentence(sentence: str) -> tuple[str, tuple[str, ...]]:
    """Kind of one sentence and the cues that decided it."""
    if m := _PREAMBLE.search(sentence):
        return "preamble", (m.group(),)
    short = _shortcoming(sentence)
    if short:
        return "shortcoming", (short,)
    future = _future(sentence)
    if future:
        return "plan", (future,)
    strong = [m.group() for m in _COUNT.finditer(sentence)][:2] + [m.group() for m in _CN_COUNT.finditer(sentence)][:1]
    strong += [m.group() for m in _RESULT.finditer(sentence)][:2]
    if strong:
        return "work", tuple(strong)
    if m := _SUMMARY.search(sentence):
        return "summary", (m.group(),)
    done = [m.group() for m in _DONE.finditer(sentence)][:2]
    if done:
        return "work", tuple(done)
    return "neutral", ()


@lru_cache(maxsize=256)
def heading_cue(heading: str) -> str | None:
    """The cue when the heading path names a section of shortcomings or plans ("二、存在问题和不足")."""
    m = _HEADING.search(heading or "")
    if m:
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


@lru_cache(maxsize=16)  # the task and the indicator matcher judge the same passage one after the other
def evidence_cues(text: str, heading: str = "") -> EvidenceCues:
    """Whether the passage reports work, with the reason and the kind of each sentence."""
    found = heading_cue(section_path(heading, text))
    out: list[SentenceCue] = []
    governing = None  # a plan or shortcoming sentence whose list is still running
    for start, end in sentences(text):
        kind, cues = judge_sentence(text[start:end])
        if kind in ("plan", "shortcoming"):
            governing = kind
        elif governing and not (kind == "work" and _COUNT.search(text[start:end])):
            kind, cues = governing, ("(续)",)  # an item of the list a plan or lack opened; a counted result ends it
        elif kind == "work":
            governing = None
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
