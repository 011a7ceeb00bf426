"""The machine-readable view of one processed report (ingest_report --json)."""
from decimal import Decimal


def report_json(report, analysis, scope) -> dict:
    return {
        "report": {
            "id": report.pk,
            "region": report.region.name,
            "year": report.year,
            "title": report.title,
            "format": report.text_format,
            "encoding": report.encoding,
            "status": report.status,
            "method": f"{analysis.method} {analysis.method_version}",
            "plans": [f"{p.region.name}:{p.year}" for p in scope.plans],
        },
        "passages": [_passage(a, scope) for a in analysis.passages],
    }


def _passage(a, scope) -> dict:
    p = a.passage
    return {
        "index": p.index,
        "heading": p.heading,
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "facts": [
            {"metric": f.metric, "value": _number(f.value), "unit": f.unit, "is_rate": f.is_rate,
             "quote": f.quote, "start": f.start, "end": f.end}
            for f in a.facts
        ],
        "tasks": [
            {"plan": scope.tasks[m.key]["plan"], "number": scope.tasks[m.key]["number"],
             "score": round(m.score, 4), "attached": m.key in a.attached, "basis": m.basis, "terms": list(m.terms)}
            for m in a.tasks
        ],
        "indicators": [
            {"code": scope.indicators[m.key]["code"], "score": round(m.score, 4),
             "attached": m.key in a.attached, "basis": m.basis, "terms": list(m.terms)}
            for m in a.indicators
        ],
    }


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)
