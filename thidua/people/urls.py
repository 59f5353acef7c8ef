"""Routes."""
urlpatterns = []
