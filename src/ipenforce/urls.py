from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from ipenforce.api.routers import api
from ipenforce.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("ingresar/", core_views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("idioma/", set_language, name="set_language"),
    path("", include("ipenforce.core.urls")),
    path("empresas/", include("ipenforce.parties.urls")),
    path("campanas/", include("ipenforce.campaigns.urls")),
    path("responder/", include("ipenforce.campaigns.urls_public")),
    path("documentos/", include("ipenforce.documents.urls")),
    path("casos/", include("ipenforce.cases.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
