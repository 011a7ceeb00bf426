"""The gap report as JSON: the figures for other programs, with codes and their Chinese labels side by side."""
import json

from django.core.serializers.json import DjangoJSONEncoder

KEYS = (
    "region", "plan", "plans", "year", "period", "today", "generated_at", "gap_period_start", "indicator_systems",
    "notices", "summary", "districts", "sections", "indicator_groups", "tasks", "indicators", "units", "gaps", "evidence",
)


def report_json(report: dict) -> dict:
    """Plain data; dates and times become ISO strings when dumped with DjangoJSONEncoder."""
    return {key: report[key] for key in KEYS}


def render_json(report: dict) -> bytes:
    return json.dumps(report_json(report), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8")
