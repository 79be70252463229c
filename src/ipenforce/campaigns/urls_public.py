from django.urls import path

from ipenforce.campaigns import views_public

app_name = "public_reply"

urlpatterns = [
    path("", views_public.start, name="start"),
    path("<str:code>/", views_public.reply, name="reply"),
]
