from . import evidence, gaps, reports  # noqa: F401  (registers the admin pages)

# The evidence inlines (inlines.py) go onto the checklist's task and indicator pages in reports.apps.
