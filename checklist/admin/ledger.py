"""Import and export of task ledgers on the task list: django-import-export's flow plus background jobs."""
from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from .. import tasks as jobs
from ..ledger import LedgerError
from ..ledger_export import template_bytes
from ..ledger_jobs import BACKGROUND_ROWS
from ..ledger_resource import LedgerCSV, LedgerFile, LedgerXLSX, TaskLedgerResource
from ..models import ImportJob, Plan


class _PlanChoice:
    def _add_plan_fields(self, hidden: bool):
        widget = forms.HiddenInput if hidden else None
        self.fields["plan"] = forms.ModelChoiceField(
            Plan.objects.select_related("region"), label="导入到计划", **({"widget": widget()} if widget else {})
        )
        self.fields["create_units"] = forms.BooleanField(
            label="自动创建新单位", required=False,
            help_text="不勾选时，台账中出现系统里没有的单位将报错；勾选后按台账写法新建单位",
            **({"widget": widget()} if widget else {}),
        )


NO_ROWS = "台账中没有任务行：请在表头下方逐行填写任务（至少“序号”“任务名称”两列）后重新上传"
EXPIRED = "这次导入已失效（可能已经导入过，或预览后等待过久），未写入任何数据。请重新选择台账文件并预览后再确认导入。"


class TaskImportForm(_PlanChoice, ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_plan_fields(hidden=False)

    def add_error(self, field, error):
        # django-import-export's own refusal of a file without rows has no Chinese translation
        if field == "import_file" and str(error).startswith("No valid data to import"):
            error = NO_ROWS
        super().add_error(field, error)


class TaskConfirmImportForm(_PlanChoice, ConfirmImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_plan_fields(hidden=True)


class LedgerAdminMixin(ImportExportMixin):
    resource_classes = [TaskLedgerResource]
    import_formats = [LedgerFile]
    export_formats = [LedgerXLSX, LedgerCSV]
    import_form_class = TaskImportForm
    confirm_form_class = TaskConfirmImportForm
    import_template_name = "admin/checklist/task/import.html"
    import_export_change_list_template = "admin/checklist/task/change_list.html"

    def get_urls(self):
        extra = [
            path("ledger-template/", self.admin_site.admin_view(self.template_view), name="checklist_task_ledger_template"),
            path("import-jobs/<int:job_id>/", self.admin_site.admin_view(self.job_view), name="checklist_task_import_job"),
        ]
        return extra + super().get_urls()

    def get_import_form_initial(self, request):
        initial = super().get_import_form_initial(request)
        if request.GET.get("plan__id__exact"):
            initial["plan"] = request.GET["plan__id__exact"]
        return initial

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["plan"] = import_form.cleaned_data["plan"].pk
            initial["create_units"] = import_form.cleaned_data["create_units"]
        return initial

    def get_import_data_kwargs(self, request=None, form=None, **kwargs):
        kwargs = super().get_import_data_kwargs(request=request, form=form, **kwargs)
        if form is not None:
            kwargs["plan"] = form.cleaned_data["plan"]
            kwargs["create_units"] = form.cleaned_data["create_units"]
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, LedgerError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            # The previewed file is kept only until it is imported: a second confirm (back button,
            # double click) or a stale preview page finds it gone.
            self.message_user(request, EXPIRED, messages.ERROR)
            plan = request.POST.get("plan", "")
            url = reverse("admin:checklist_task_import")
            return redirect(url + (f"?plan__id__exact={plan}" if plan.isdigit() else ""))

    def process_dataset(self, dataset, form, request, **kwargs):
        if len(dataset) > BACKGROUND_ROWS and form.cleaned_data.get("import_file_name"):
            return self._start_job(form, request)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request):
        if isinstance(result, HttpResponse):  # a background job was started
            return result
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        self.message_user(request, "台账已导入：" + result.ledger_check.summary(), messages.SUCCESS)

    def _start_job(self, form, request):
        storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"], read_mode="rb", **self.get_tmp_storage_class_kwargs()
        )
        job = ImportJob(plan=form.cleaned_data["plan"], user=request.user, file_name=form.cleaned_data["original_file_name"],
                        create_units=form.cleaned_data["create_units"])
        job.file.save(job.file_name, ContentFile(storage.read()), save=False)
        job.save()
        jobs.import_ledger.delay(job.pk)
        return redirect("admin:checklist_task_import_job", job.pk)

    def template_view(self, request):
        response = HttpResponse(template_bytes(), content_type=LedgerXLSX().get_content_type())
        response["Content-Disposition"] = "attachment; filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%8F%B0%E8%B4%A6%E6%A8%A1%E6%9D%BF.xlsx"
        return response

    def job_view(self, request, job_id):
        job = get_object_or_404(ImportJob.objects.select_related("plan"), pk=job_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入台账：{job.file_name}",
            "job": job,
            "errors": job.result.get("errors", [])[:500],
            "opts": self.model._meta,
            "list_url": reverse("admin:checklist_task_changelist") + f"?plan__id__exact={job.plan_id}",
        }
        return TemplateResponse(request, "admin/checklist/task/import_job.html", context)
