from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "法治政府建设示范创建工作台"
admin.site.site_title = "法治政府建设示范创建"
admin.site.index_title = "工作台"
admin.site.enable_nav_sidebar = False  # the task list needs the width

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
