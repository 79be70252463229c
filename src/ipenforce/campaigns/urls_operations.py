"""Campaign-operations pages, included by `campaigns/urls.py` (names start with `ops_`)."""

from django.urls import path

from ipenforce.campaigns import views_operations as views

urlpatterns = [
    path("nueva/", views.create, name="ops_create"),
    path("reportes-de-licencias/", views.licence_upload, name="ops_licence_upload"),
    path("<int:pk>/operaciones/", views.overview, name="ops_overview"),
    path("<int:pk>/editar/", views.edit, name="ops_edit"),
    path("<int:pk>/objetivos/", views.targets, name="ops_targets"),
    path(
        "<int:pk>/objetivos/<int:target_pk>/quitar/",
        views.remove_target,
        name="ops_remove_target",
    ),
    path("<int:pk>/brazos/", views.arms, name="ops_arms"),
    path("<int:pk>/cartas/<int:arm_pk>/", views.letter, name="ops_letter"),
    path("<int:pk>/cartas/<int:arm_pk>/revisar/", views.letter_check, name="ops_letter_check"),
    path("<int:pk>/cartas/<int:arm_pk>/vista-previa.pdf", views.letter_pdf, name="ops_letter_pdf"),
    path("<int:pk>/enviar-a-aprobacion/", views.submit, name="ops_submit"),
    path("<int:pk>/aprobar/", views.approve, name="ops_approve"),
    path("<int:pk>/devolver/", views.return_to_draft, name="ops_return"),
    path("<int:pk>/lote-de-cartas/", views.start_batch, name="ops_batch"),
    path("<int:pk>/envios/", views.dispatches, name="ops_dispatches"),
    path("<int:pk>/envios/courier/", views.courier_import, name="ops_courier_import"),
    path(
        "<int:pk>/envios/<int:dispatch_pk>/estado/",
        views.dispatch_status,
        name="ops_dispatch_status",
    ),
    path("<int:pk>/respuestas/", views.responses, name="ops_responses"),
    path(
        "<int:pk>/respuestas/<int:response_pk>/adjunto/",
        views.response_attachment,
        name="ops_response_attachment",
    ),
    path("<int:pk>/licencias/", views.licences, name="ops_licences"),
]
