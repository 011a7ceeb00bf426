"""The gap report (差距报告): one data structure (data.py) rendered as the admin page, HTML, PDF, xlsx and JSON."""
import io

from .data import build_gap_report

FORMATS = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def render_output(report: dict, fmt: str) -> bytes:
    """The report in one of FORMATS, as the bytes of a file."""
    if fmt == "html":
        from .render import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    if fmt == "xlsx":
        from .xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx(report, buffer)
        return buffer.getvalue()
    if fmt == "json":
        from .as_json import render_json

        return render_json(report)
    raise ValueError(f"不支持的格式：{fmt}（可选 {'、'.join(FORMATS)}）")


def needs_evidence_list(fmt: str) -> bool:
    """Only the xlsx and the JSON list every piece of evidence; the page and the PDF show figures."""
    return fmt in ("xlsx", "json")


def filename(report: dict, fmt: str) -> str:
    """e.g. 东河区差距报告-2023年度.xlsx; the plan's year when one plan was chosen."""
    parts = [f"{report['region']['name']}差距报告"]
    if report["plan"]:
        parts.append(f"{report['plan']['year']}年计划")
    if report["year"]:
        parts.append(f"{report['year']}年度")
    return "-".join(parts) + f".{fmt}"


__all__ = ["FORMATS", "build_gap_report", "filename", "needs_evidence_list", "render_output"]
