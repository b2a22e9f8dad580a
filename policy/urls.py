from policy import views_plan, views_policies, views_requests

# Each area owns its URL list in its own module.
urlpatterns = views_policies.urlpatterns + views_requests.urlpatterns + views_plan.urlpatterns
