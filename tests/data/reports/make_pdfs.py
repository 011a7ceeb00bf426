"""Re-make the PDF fixtures of the report reader tests from the seed reports in fixtures/documents.

    python tests/data/reports/make_pdfs.py

Needs Chromium or Google Chrome (headless printing, CSS page margin boxes: version 131 or later) and a
Chinese font (e.g. fonts-wqy-microhei). Two layouts, so that the PDF reader is tested on more than one:

- report-yuanbaoshan-2024.pdf: A4, 16pt, justified, first-line indent, page numbers "- 3 -" in the footer
  (the usual layout of an official document);
- report-shiyan-2023-part.pdf: the first sections of the traditional-character report, A4, 12pt, left
  aligned, no indent, a running header and "第 2 页 共 3 页" in the footer.
"""
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[2] / "fixtures" / "documents"
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimSun", sans-serif'

OFFICIAL = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "- " counter(page) " -"; font: 14pt %(font)s; } }
body { font: 16pt/1.6 %(font)s; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
""" % {"font": FONT}

PLAIN = """
@page { size: A4; margin: 25mm 20mm;
        @top-center { content: "十堰市人民政府門戶網站"; font: 10pt %(font)s; }
        @bottom-right { content: "第 " counter(page) " 頁 共 " counter(pages) " 頁"; font: 10pt %(font)s; } }
body { font: 12pt/1.5 %(font)s; margin: 0; }
p { margin: 0 0 4pt 0; text-align: left; }
""" % {"font": FONT}


def _html(title: str, lines: list[str], css: str) -> str:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{css}</style></head><body>{body}</body></html>")


def _print(browser: str, page: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
             f"--print-to-pdf={target}", source.as_uri()],
            check=True, capture_output=True, timeout=120,
        )


def main() -> int:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome", "chrome") if shutil.which(b)), None)
    if not browser:
        print("Chromium or Chrome is needed to print the PDFs", file=sys.stderr)
        return 1
    yuanbaoshan = (SEEDS / "report-yuanbaoshan-2024.txt").read_text(encoding="utf-8").splitlines()
    _print(browser, _html("元宝山区2024年法治政府建设情况报告", yuanbaoshan, OFFICIAL), HERE / "report-yuanbaoshan-2024.pdf")
    shiyan = (SEEDS / "report-shiyan-2023.txt").read_text(encoding="utf-8").splitlines()
    _print(browser, _html("十堰市2023年法治政府建设情况报告（节选）", shiyan[:PART_LINES], PLAIN),
           HERE / "report-shiyan-2023-part.pdf")
    return 0


PART_LINES = 11  # title, preamble and the first two sections

if __name__ == "__main__":
    sys.exit(main())
