"""HTML of the gap report: the standalone document (HTML download, PDF) and the context the admin page uses."""
import re

from django.template.loader import render_to_string

from . import chart

DOCUMENT_TEMPLATE = "reports/gap_report/document.html"


def charts(report: dict) -> dict:
    return {
        "sections": chart.section_chart(report),
        "indicators": chart.indicator_chart(report),
        "districts": chart.district_chart(report) if report["districts"] else "",
    }


def context(report: dict, links: bool) -> dict:
    """What content.html needs; `links` adds admin links to tasks, indicators and districts."""
    return {"report": report, "charts": charts(report), "links": links}


def _css_string(text: str) -> str:
    # Goes verbatim into a CSS string inside <style>, where HTML escaping would show as "&lt;": characters
    # that could end the string or the <style> element become CSS escapes (six hex digits, no space needed).
    text = re.sub(r"[\r\n]+", " ", text)
    return re.sub(r'[\\"\'<>&]', lambda m: f"\\{ord(m.group()):06x}", text)


def render_html(report: dict) -> str:
    """The standalone document: one HTML file with its CSS and charts inline, nothing to fetch."""
    footer = f"{report['region']['label']}差距报告 · {report['today']:%Y-%m-%d}"
    return render_to_string(DOCUMENT_TEMPLATE, {**context(report, links=False), "page_footer": _css_string(footer)})
