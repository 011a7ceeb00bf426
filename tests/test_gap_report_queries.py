"""The gap report is built with a number of SQL queries that does not grow with the number of tasks.

Two cities of the same shape (10 districts, three years of reports, evidence and gaps; bench/gap_report.py
builds them), one with 3 tasks per district (30 in the city) and one with 300 (3,000): the admin
page and every download must run the same number of queries for both, for the city and for a district.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.gap_report import TODAY, build_city, build_system
from reports.gap_report import build_gap_report, render_output

pytestmark = pytest.mark.django_db

OUTPUTS = ("page", "xlsx", "pdf", "json", "html")
MAX_QUERIES = 30  # sessions, user and permissions included; the report itself takes about 15


@pytest.fixture
def cities():
    system, leaves = build_system()
    return {
        "small": build_city("小型示例市", 10, 3, system, leaves, seed=1),
        "large": build_city("大型示例市", 10, 300, system, leaves, seed=2),
    }


def count_queries(client, region, output) -> int:
    if output == "page":
        url = reverse("admin:checklist_region_gap_report", args=[region.pk])
    else:
        url = reverse("admin:checklist_region_gap_report_download", args=[region.pk, output])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_tasks(admin_client, cities):
    admin_client.get(reverse("admin:index"))  # loads what the first request of a session caches
    large_city = build_gap_report(cities["large"]["city"], today=TODAY, evidence_list=False)
    assert sum(d["tasks"] for d in large_city["districts"]) == 3000
    assert sum(d["tasks"] for d in build_gap_report(cities["small"]["city"], today=TODAY)["districts"]) == 30
    counts = {}
    for scope in ("city", "district"):
        for output in OUTPUTS:
            for size in ("small", "large"):
                region = cities[size]["city"] if scope == "city" else cities[size]["districts"][0]
                counts[scope, output, size] = count_queries(admin_client, region, output)
    for scope in ("city", "district"):
        for output in OUTPUTS:
            small, large = counts[scope, output, "small"], counts[scope, output, "large"]
            assert small == large, (scope, output, counts)
            assert large <= MAX_QUERIES, (scope, output, counts)

    # The same without the admin around it: the figures, then the files.
    def queries(region, fmt):
        with CaptureQueriesContext(connection) as captured:
            render_output(build_gap_report(region, today=TODAY, evidence_list=fmt in ("xlsx", "json")), fmt)
        return len(captured)

    for fmt in ("xlsx", "json", "html"):
        small = queries(cities["small"]["districts"][0], fmt)
        assert small == queries(cities["large"]["districts"][0], fmt) <= 20, fmt
        assert queries(cities["small"]["city"], fmt) == queries(cities["large"]["city"], fmt) <= 20, fmt
