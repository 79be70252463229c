from django.urls import include, path

from ipenforce.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("", include("ipenforce.campaigns.urls_operations")),
    path("programa/", views.programme_detail, name="programme"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/informe.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/informe.xlsx", views.export_xlsx, name="export_xlsx"),
]
