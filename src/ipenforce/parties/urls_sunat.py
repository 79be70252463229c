"""URLs of the SUNAT register pages (inside the parties namespace)."""

from django.urls import path

from ipenforce.parties import views_sunat

urlpatterns = [
    path("sunat/", views_sunat.sunat_index, name="sunat_index"),
    path("sunat/crear-empresas/", views_sunat.sunat_promote, name="sunat_promote"),
    path("sunat/subir/", views_sunat.sunat_upload, name="sunat_upload"),
    path("sunat/importar/", views_sunat.sunat_start, name="sunat_start"),
    path("sunat/<int:pk>/", views_sunat.sunat_import, name="sunat_import"),
    path("sunat/<int:pk>/progreso/", views_sunat.sunat_progress, name="sunat_progress"),
    path("sunat/<int:pk>/rechazos.csv", views_sunat.sunat_rejects, name="sunat_rejects"),
]
