from django.urls import include, path

from ipenforce.parties import views

app_name = "parties"

urlpatterns = [
    path("", views.firm_list, name="firm_list"),
    path("nueva/", views.firm_create, name="firm_create"),
    path("<int:pk>/", views.firm_detail, name="firm_detail"),
    path("<int:pk>/editar/", views.firm_edit, name="firm_edit"),
    path("", include("ipenforce.parties.urls_lists")),
    path("", include("ipenforce.parties.urls_sunat")),
]
