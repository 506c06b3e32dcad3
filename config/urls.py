"""The project's URLs: the archive's pages, the admin and the language switch."""

from django.contrib import admin
from django.urls import include, path

from archive import health

handler500 = health.handler500

urlpatterns = [
    path("", include("archive.urls")),
    path("", include("archive.figures.urls")),
    path("", include("archive.documents.urls")),
    path("", include("archive.captures.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the interface language switch
    path("admin/", admin.site.urls),
]
