from django.urls import path, register_converter

from . import api, exports, health, openapi, views


class UnicodeSlugConverter:
    """A slug as SlugField(allow_unicode=True) admits one (duanka, 断卡-2021): a campaign's slug."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/<int:pk>/cite.<str:fmt>", views.article_citation, name="article_citation"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/<uslug:slug>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("api/articles/", api.article_list, name="api_article_list"),
    path("api/openapi.json", openapi.openapi_json, name="openapi"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.jsonl", exports.export_jsonl, name="export_jsonl"),
    path("feed.atom", exports.feed_atom, name="feed_atom"),
    path("healthz", health.healthz, name="healthz"),
]
