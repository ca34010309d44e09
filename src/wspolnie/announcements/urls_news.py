from django.urls import path

from . import feeds, views_news

app_name = "news"

urlpatterns = [
    path("", views_news.news_list, name="list"),
    path("<int:pk>/<str:slug>/", views_news.news_detail, name="detail"),
    path("feeds/<str:language>/rss.xml", feeds.NewsRssFeed(), name="feed_rss"),
    path("feeds/<str:language>/atom.xml", feeds.NewsAtomFeed(), name="feed_atom"),
]
