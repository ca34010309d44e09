from .urls_issues import urlpatterns as issue_patterns
from .urls_subscriptions import urlpatterns as subscription_patterns

app_name = "newsletter"

urlpatterns = subscription_patterns + issue_patterns
