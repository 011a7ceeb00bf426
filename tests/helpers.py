"""Shared test data: the demo documents shipped in fixtures/ and the expected parse in tests/data/."""
import json
import subprocess
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DONGHE_PLAN = ROOT / "fixtures" / "documents" / "donghe-2021-plan.txt"
INDICATORS_2021 = ROOT / "fixtures" / "indicators-2021.json"
DONGHE_GOLD = json.loads((Path(__file__).parent / "data" / "donghe-2021-plan.json").read_text(encoding="utf-8"))


def import_donghe(user=None):
    """Import the Donghe 2021 plan into 包头市/东河区 and return the import result."""
    from checklist.plan_import import import_plan_file, resolve_region

    return import_plan_file(DONGHE_PLAN, resolve_region("包头市/东河区"), 2021, user=user)


PDF_STYLE = ("body{font-family:'WenQuanYi Micro Hei';font-size:11pt} table{border-collapse:collapse;width:100%}"
             "td,th{border:1px solid #000;padding:4px;vertical-align:top}")


@lru_cache(maxsize=1)
def _require_chinese_font() -> None:
    """Without the font every character is drawn as a blank box and the PDF has no text to read: say so,
    rather than fail later on a parse that found nothing."""
    try:
        found = subprocess.run(["fc-list", ":family=WenQuanYi Micro Hei"], capture_output=True, text=True).stdout
    except FileNotFoundError:  # no fontconfig at all
        found = ""
    if not found.strip():
        raise RuntimeError("PDF test documents need the WenQuanYi Micro Hei font: run `bash scripts/system-packages.sh` "
                           "(bash scripts/test.sh does it)")


def pdf_from_html(path: Path, body: str) -> Path:
    """A PDF drawn from HTML (WeasyPrint, as the gap report's PDF): ruled tables as real documents have."""
    import weasyprint

    _require_chinese_font()

    html = f'<html><head><meta charset="utf-8"><style>{PDF_STYLE}</style></head><body>{body}</body></html>'
    weasyprint.HTML(string=html).write_pdf(path)
    return path


def indicator_table_pdf(path: Path, repeat_header: bool = True) -> Path:
    """Three 一级 of three 二级 of three 三级 over several pages: 一级/二级 merged down (rowspan), a 序号 column,
    a cover notice above (发文机关, 文号) and 说明 and the 版记 under it."""
    rows, n = [], 0
    for a, an in ((1, "一"), (2, "二"), (3, "三")):
        for b in (1, 2, 3):
            for c in (1, 2, 3):
                n += 1
                first = f'<td rowspan="9">{an}、测试一级指标{a}（30分）</td>' if b == 1 and c == 1 else ""
                second = f'<td rowspan="3">{b}.测试二级指标{a}.{b}</td>' if c == 1 else ""
                rows.append(f"<tr>{first}{second}<td>{n}</td><td>{'测试三级指标正文，要求建立相应工作机制并有效运行。' * 2}"
                            f"{n}</td><td>{c}</td><td>测试评分标准{n}：未建立的扣1分。</td></tr>")
    head = "<tr><th>一级指标</th><th>二级指标</th><th>序号</th><th>三级指标</th><th>分值</th><th>评分标准</th></tr>"
    body = ("<p>测试市人民政府办公室文件</p><p>测政办发〔2023〕5号</p><h3>测试市法治政府建设示范指标体系</h3>"
            "<p>本指标体系共3个一级指标、9个二级指标、27个三级指标。</p>"
            f"<table>{f'<thead>{head}</thead>' if repeat_header else head}{''.join(rows)}</table>"
            "<p>说明：1.测试说明一。2.测试说明二。</p><p>抄送：测试单位。</p><p>测试市人民政府办公室 2023年3月1日印发</p>")
    return pdf_from_html(path, body)
