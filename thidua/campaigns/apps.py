from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "thidua.campaigns"
    label = "campaigns"
    verbose_name = "Phong trào thi đua: phát động, đợt cao điểm, hưởng ứng, mô hình, hội thi"
