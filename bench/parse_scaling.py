"""Benchmark: do the parsers stay linear in the size of their input?

    .venv/bin/python bench/parse_scaling.py

A report or a plan can be long (a 30 MB upload is accepted), and a worker that takes minutes over one file
holds up every report behind it. For each shape of input below, the text is built at 1×, 4× and 16× a base
size and parsed; the figure printed is the parse time divided by the time normalize_with_map takes on the
same text (the floor: one pass over the text, which split_report also makes), measured in the same run,
with the caches of both cleared before every run.
A parser that is linear keeps that ratio about flat from 1× to 16×; one that is quadratic multiplies it
by about 16.
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checklist.parsing.plan import parse_plan_text  # noqa: E402
from reports.parsing.normalize import normalize_with_map  # noqa: E402
from reports.parsing.segment import split_report  # noqa: E402

DOCUMENTS = ROOT / "fixtures" / "documents"
SCALES = (1, 4, 16)
REPEAT = 3


def _report_rows(n: int) -> str:  # an attachment table: space-aligned rows, no sentence ends
    return "附件\n" + "\n".join(f"{i}   行政复议案件   {i % 97}   {i % 13}件   {i % 7}%" for i in range(n))


def _plan_cells(n: int) -> str:  # a task table exported one cell per line
    return "序号\n重点任务\n牵头单位\n完成时限\n" + "\n".join(f"{i}\n开展工作{i}。\n区司法局\n2023年底" for i in range(1, n + 1))


SHAPES = [
    ("report: seed reports, concatenated", split_report, lambda n: "\n".join(
        (DOCUMENTS / f).read_text(encoding="utf-8") for f in
        ["report-baotou.txt", "report-shiyan-2023.txt", "report-ordos-2023.txt", "report-yuanbaoshan-2024.txt"]) * n),
    ("report: table rows, no sentence ends", split_report, lambda n: _report_rows(500 * n)),
    ("report: one paragraph of clauses", split_report, lambda n: "，".join(["推进行政执法规范化建设"] * 2000 * n) + "。"),
    ("plan: Donghe plan, repeated", parse_plan_text,
     lambda n: (DOCUMENTS / "donghe-2021-plan.txt").read_text(encoding="utf-8") * n),
    ("plan: task table, one cell per line", parse_plan_text, lambda n: _plan_cells(60 * n)),
]


def _best(work, text: str) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        for cached in (normalize_with_map, split_report):
            cached.cache_clear()
        start = time.perf_counter()
        work(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    print("| input | chars at 1× | × floor at " + " | × floor at ".join(f"{s}×" for s in SCALES) + " |")
    print("|---|---:|" + "---:|" * len(SCALES))
    for name, parse, build in SHAPES:
        ratios = []
        for scale in SCALES:
            text = build(scale)
            ratios.append(_best(parse, text) / _best(normalize_with_map, text))
        print(f"| {name} | {len(build(1)):,} | " + " | ".join(f"{r:.1f}" for r in ratios) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
