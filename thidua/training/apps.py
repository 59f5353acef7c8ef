from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "thidua.training"
    label = "training"
    verbose_name = "Đào tạo, bồi dưỡng và trình độ chuyên môn"
