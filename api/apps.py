from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        import api.schema  # noqa: F401  (registers the auth schemes with drf-spectacular)
