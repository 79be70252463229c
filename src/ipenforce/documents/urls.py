from django.urls import path

from ipenforce.documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/pdf/", views.download, name="download"),
    path("verificar/", views.verify, name="verify"),
]
