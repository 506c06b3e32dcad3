from django.urls import path

from . import views

urlpatterns = [
    path("documents/<int:pk>/diffusion/", views.DiffusionView.as_view(), name="document_diffusion"),
]
