"""How /api/schema/ describes Kyodo's own parts (loaded by ApiConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "kyodo_<prefix>_<secret>",
            "description": (
                "An API token issued at /accounts/tokens/, sent as "
                "`Authorization: Bearer kyodo_<prefix>_<secret>`. The token acts for the one "
                "organisation and role it was issued for. `Authorization: Token …` is "
                "accepted too."
            ),
        }
