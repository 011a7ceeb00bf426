from . import evidence, gaps, reports  # noqa: F401  (registers the admin pages)
from .. import admin_report  # noqa: F401  (the gap report pages on the region admin)

# The evidence inlines (inlines.py) go onto the checklist's task and indicator pages in reports.apps.
