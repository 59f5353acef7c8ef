from django.apps import AppConfig


class PactsConfig(AppConfig):
    name = "thidua.pacts"
    label = "pacts"
    verbose_name = "Giao ước thi đua, cụm và khối thi đua"
