from django.urls import path

from ipenforce.core import views

app_name = "core"

urlpatterns = [
    path("trabajos/", views.jobs, name="jobs"),
    path("trabajos/demo/", views.start_demo_job, name="start_demo_job"),
    path("trabajos/<str:task_id>/", views.job_status, name="job_status"),
    path("auditoria/", views.audit, name="audit"),
    path(
        "historial/<str:app_label>/<str:model>/<str:object_id>/",
        views.object_history,
        name="history",
    ),
    path("perfil/", views.profile, name="profile"),
]
