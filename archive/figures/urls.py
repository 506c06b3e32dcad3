from django.urls import path

from . import views

urlpatterns = [
    path("figures/", views.FigureListView.as_view(), name="figure_list"),
    path("figures/series/", views.FigureSeriesView.as_view(), name="figure_series"),
    path("figures.csv", views.export_csv, name="figure_export_csv"),
]
