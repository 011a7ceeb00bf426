"""Pure parsers for annual reports (法治政府建设情况报告): no models, no database.

- reader.read_report(data, filename) → ReportText: text out of .txt/.docx/.pdf, one paragraph per line;
- normalize.normalize_for_matching / normalize_with_map: the text passages and tasks are compared in;
- segment.split_report(text) → SegmentedReport: title and passages with offsets into text;
- facts.extract_facts(passage_text) → ParsedFact list: rates and counts with offsets into the passage.
"""
