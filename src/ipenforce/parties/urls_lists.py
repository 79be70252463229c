"""URLs of rights holders' lists, the review queue and merges (inside the parties namespace)."""

from django.urls import path

from ipenforce.parties import views_lists

urlpatterns = [
    path("listas/", views_lists.list_imports, name="list_imports"),
    path("listas/nueva/", views_lists.list_upload, name="list_upload"),
    path("listas/<int:pk>/", views_lists.list_import, name="list_import"),
    path("listas/<int:pk>/columnas/", views_lists.list_mapping, name="list_mapping"),
    path("listas/<int:pk>/cruzar/", views_lists.list_match, name="list_match"),
    path("listas/<int:pk>/progreso/", views_lists.list_progress, name="list_progress"),
    path("listas/<int:pk>/confirmar/", views_lists.list_commit, name="list_commit"),
    path("revision/", views_lists.review_queue, name="review_queue"),
    path("revision/<int:pk>/", views_lists.review_item, name="review_item"),
    path("<int:pk>/fusionar/", views_lists.merge_start, name="merge_start"),
    path("fusiones/<int:pk>/", views_lists.merge_detail, name="merge_detail"),
]
