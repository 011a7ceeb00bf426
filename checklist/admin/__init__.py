from . import indicators, plans, regions, tasks  # noqa: F401  (registers the admin pages)
