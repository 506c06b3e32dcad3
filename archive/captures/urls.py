from django.urls import path

from . import views

urlpatterns = [
    path("copies/<int:pk>/capture/", views.capture, name="copy_capture"),
    path("copies/<int:pk>/original", views.original_body, name="copy_original"),
]
