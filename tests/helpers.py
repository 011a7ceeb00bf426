"""Shared test data: the demo documents shipped in fixtures/ and the expected parse in tests/data/."""
import json
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


def pdf_from_html(path: Path, body: str) -> Path:
    """A PDF drawn from HTML (WeasyPrint, as the gap report's PDF): ruled tables as real documents have."""
    import weasyprint

    html = f'<html><head><meta charset="utf-8"><style>{PDF_STYLE}</style></head><body>{body}</body></html>'
    weasyprint.HTML(string=html).write_pdf(path)
    return path
