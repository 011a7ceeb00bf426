"""The gap report as an A4 PDF: the standalone HTML drawn by WeasyPrint, fonts embedded.

The CSS names WenQuanYi Micro Hei first (scripts/system-packages.sh installs it); WeasyPrint embeds
the subset of glyphs used, so the file reads the same on any machine.
"""
from .render import render_html


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment and only the PDF needs it

    return HTML(string=render_html(report)).write_pdf()
