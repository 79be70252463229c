from django.urls import path

from ipenforce.cases import views

app_name = "cases"

urlpatterns = [
    path("multas/", views.fine_list, name="fine_list"),
    path("multas/nueva/", views.fine_new, name="fine_new"),
    path("multas/vista-previa/", views.fine_preview, name="fine_preview"),
    path("multas/<int:pk>/", views.fine_detail, name="fine_detail"),
    path("multas/<int:pk>/recalcular/", views.fine_recalculate, name="fine_recalculate"),
]
