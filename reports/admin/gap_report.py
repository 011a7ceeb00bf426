"""The gap report in the admin: a list of regions to choose from, the report page, its downloads.

The pages hang off the region admin (地区 → 差距报告), which this module extends: the region list gets a
"差距报告" link per region and a button to the chooser. Thin views: the figures come from
reports.gap_report.build_gap_report, the files from reports.gap_report.render.
"""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header

from checklist.admin.regions import RegionAdmin as BaseRegionAdmin
from checklist.models import Plan, Region

from ..gap_report import FORMATS, build_gap_report, filename, needs_evidence_list, render_output
from ..gap_report.render import context as report_context

DOWNLOADS = (("xlsx", "Excel（.xlsx）"), ("pdf", "PDF（A4）"), ("html", "网页（.html）"), ("json", "JSON"))


def _choices(request, region: Region) -> tuple[Plan | None, int | None]:
    """The plan and year chosen on the page; anything that is not one of the region's is ignored."""
    plan = year = None
    plan_id, year_text = request.GET.get("plan", ""), request.GET.get("year", "")
    if plan_id.isdigit():
        plan = Plan.objects.filter(pk=int(plan_id), region=region).first()
    if year_text.isdigit() and 1990 <= int(year_text) <= 2100:
        year = int(year_text)
    return plan, year


def _query(plan, year) -> str:
    params = [f"plan={plan.pk}"] if plan else []
    params += [f"year={year}"] if year else []
    return "?" + "&".join(params) if params else ""


class RegionAdmin(BaseRegionAdmin):
    change_list_template = "reports/gap_report/region_change_list.html"

    def get_list_display(self, request):
        return (*super().get_list_display(request), "gap_report_link")

    @admin.display(description="差距报告")
    def gap_report_link(self, obj):
        return format_html('<a href="{}">查看</a>', reverse("admin:checklist_region_gap_report", args=[obj.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        extra = [
            path("gap-report/", view(self.gap_report_index), name="checklist_region_gap_reports"),
            path("<int:region_id>/gap-report/", view(self.gap_report_view), name="checklist_region_gap_report"),
            path("<int:region_id>/gap-report/<str:fmt>/", view(self.gap_report_download),
                 name="checklist_region_gap_report_download"),
        ]
        return extra + super().get_urls()

    def _check(self, request) -> None:
        # The report shows tasks, evidence and gaps: whoever may see tasks may see it.
        if not (request.user.has_perm("checklist.view_task") or request.user.has_perm("checklist.change_task")):
            raise PermissionDenied

    def gap_report_index(self, request):
        self._check(request)
        regions = list(Region.objects.order_by("name").values("id", "name", "parent_id"))
        children = {}
        for r in regions:
            children.setdefault(r["parent_id"], []).append(r)
        rows = []

        def walk(parent_id, depth):
            for r in children.get(parent_id, []):
                rows.append({**r, "depth": depth, "districts": len(children.get(r["id"], []))})
                if depth < 5:  # region trees are a few levels deep; a cycle must not loop forever
                    walk(r["id"], depth + 1)

        walk(None, 0)
        context = {
            **self.admin_site.each_context(request),
            "title": "差距报告",
            "rows": rows,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "reports/gap_report/admin_index.html", context)

    def gap_report_view(self, request, region_id):
        self._check(request)
        region = get_object_or_404(Region.objects.select_related("parent"), pk=region_id)
        plan, year = _choices(request, region)
        report = build_gap_report(region, plan=plan, year=year, evidence_list=False)
        query = _query(plan, year)
        downloads = [
            (label, reverse("admin:checklist_region_gap_report_download", args=[region.pk, fmt]) + query)
            for fmt, label in DOWNLOADS
        ]
        context = {
            **self.admin_site.each_context(request),
            **report_context(report, links=True),
            "title": f"{region}差距报告",
            "region": region,
            "chosen_plan": plan.pk if plan else None,
            "chosen_year": year,
            "downloads": downloads,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "reports/gap_report/admin_page.html", context)

    def gap_report_download(self, request, region_id, fmt):
        self._check(request)
        if fmt not in FORMATS:
            raise Http404("不支持的格式")
        region = get_object_or_404(Region.objects.select_related("parent"), pk=region_id)
        plan, year = _choices(request, region)
        report = build_gap_report(region, plan=plan, year=year, evidence_list=needs_evidence_list(fmt))
        response = HttpResponse(render_output(report, fmt), content_type=FORMATS[fmt])
        response["Content-Disposition"] = content_disposition_header(True, filename(report, fmt))
        return response


# Replaces the region admin registered by checklist with the same admin plus the report pages.
if admin.site.is_registered(Region):
    admin.site.unregister(Region)
admin.site.register(Region, RegionAdmin)
