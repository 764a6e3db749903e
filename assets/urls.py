from django.urls import path

from . import views

app_name = "assets"

urlpatterns = [
    path(
        "<str:signature>/<int:image_id>/<str:filter_spec>/<str:filename>",
        views.serve,
        name="serve",
    ),
]
