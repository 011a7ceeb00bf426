from . import evidence, gap_report, gaps, reports  # noqa: F401  (registers the admin pages; gap_report extends the region admin)

# The evidence inlines (inlines.py) go onto the checklist's task and indicator pages in reports.apps.
