"""Horizontal bar charts as inline SVG, drawn on the server.

No JavaScript: the same markup shows in the admin page, in the standalone HTML file and in the PDF
(WeasyPrint draws inline SVG). Each category gets one bar per series, scaled 0–100 %, with the
count behind the percentage written after the bar so the chart still reads in black and white.
"""
from django.utils.html import escape
from django.utils.safestring import mark_safe

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
WIDTH = 680  # px; the printable width of A4 with the report's margins
LABEL_WIDTH = 220
VALUE_WIDTH = 96
BAR_HEIGHT = 11
BAR_GAP = 2
ROW_GAP = 9
FONT_SIZE = 11
LEGEND_HEIGHT = 22
AXIS_HEIGHT = 16
LABEL_CHARS = 19  # what fits in LABEL_WIDTH at FONT_SIZE; longer labels end in "…" (full text on hover)


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK and full-width characters take a whole em, others a little over half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.58 for ch in text)


def _shorten(text: str, chars: int = LABEL_CHARS) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


def bar_chart(rows: list[dict], series: list[dict], *, label_key: str = "title", empty: str = "暂无数据") -> str:
    """SVG markup for `rows`, one bar per entry of `series`.

    series: [{"part": "with_evidence", "whole": "applicable", "label": "有佐证", "color": "#2e7d32"}, …]
    — each bar is row[part] / row[whole].
    """
    if not rows:
        return mark_safe(f'<p class="chart-empty">{escape(empty)}</p>')
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    plot_left = LABEL_WIDTH + 8
    plot_width = WIDTH - plot_left - VALUE_WIDTH
    height = LEGEND_HEIGHT + len(rows) * row_height + AXIS_HEIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="{FONT_SIZE}" role="img">'
    ]
    # Legend.
    x = plot_left
    for s in series:
        out.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{s["color"]}"/>')
        out.append(f'<text x="{x + 16}" y="14" fill="#333">{escape(s["label"])}</text>')
        x += 16 + _text_width(s["label"]) + 18
    # Grid lines and axis labels at 0, 25, 50, 75, 100 %.
    plot_top = LEGEND_HEIGHT
    plot_bottom = LEGEND_HEIGHT + len(rows) * row_height
    for tick in range(0, 101, 25):
        gx = plot_left + plot_width * tick / 100
        out.append(f'<line x1="{gx:.1f}" y1="{plot_top}" x2="{gx:.1f}" y2="{plot_bottom - ROW_GAP / 2:.1f}" '
                   f'stroke="{"#999" if tick == 0 else "#ddd"}" stroke-width="1"/>')
        out.append(f'<text x="{gx:.1f}" y="{plot_bottom + 8}" text-anchor="middle" fill="#666" font-size="9">{tick}%</text>')
    # Bars.
    for n, row in enumerate(rows):
        top = plot_top + n * row_height
        label = str(row[label_key])
        middle = top + (row_height - ROW_GAP) / 2 + FONT_SIZE * 0.35
        out.append(f'<text x="{LABEL_WIDTH}" y="{middle:.1f}" text-anchor="end" fill="#222">'
                   f'<title>{escape(label)}</title>{escape(_shorten(label))}</text>')
        for k, s in enumerate(series):
            part, whole = row[s["part"]], row[s["whole"]]
            share = part / whole if whole else 0
            y = top + k * (BAR_HEIGHT + BAR_GAP)
            w = plot_width * share
            out.append(f'<rect x="{plot_left}" y="{y:.1f}" width="{plot_width}" height="{BAR_HEIGHT}" fill="#f1f1f1"/>')
            if w > 0:
                out.append(f'<rect x="{plot_left}" y="{y:.1f}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{s["color"]}"/>')
            value = f"{part}/{whole}（{round(share * 100)}%）" if whole else "—"
            out.append(f'<text x="{plot_left + plot_width + 6}" y="{y + BAR_HEIGHT - 2:.1f}" fill="#333" font-size="10">'
                       f'{escape(value)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


EVIDENCE = "#2e7d32"
DONE = "#1565c0"
TASKS = "#90a4ae"
INDICATORS = "#ef6c00"


def section_chart(report: dict) -> str:
    return bar_chart(report["sections"], [
        {"part": "with_evidence", "whole": "applicable", "label": "有佐证的任务", "color": EVIDENCE},
        {"part": "done", "whole": "tasks", "label": "已完成的任务", "color": DONE},
    ], empty="暂无任务")


def indicator_chart(report: dict) -> str:
    return bar_chart(report["indicator_groups"], [
        {"part": "with_tasks", "whole": "indicators", "label": "有任务承接的末级指标", "color": TASKS},
        {"part": "covered", "whole": "indicators", "label": "有佐证的末级指标", "color": EVIDENCE},
    ], empty="工作计划尚未对应指标体系")


def district_chart(report: dict) -> str:
    rows = [dict(d, applicable=d["with_evidence"] + d["without_evidence"]) for d in report["districts"]]
    return bar_chart(rows, [
        {"part": "with_evidence", "whole": "applicable", "label": "有佐证的任务", "color": EVIDENCE},
        {"part": "done", "whole": "tasks", "label": "已完成的任务", "color": DONE},
        {"part": "indicators_covered", "whole": "indicators", "label": "有佐证的末级指标", "color": INDICATORS},
    ], label_key="name", empty="暂无下辖地区")
