from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "thidua.people"
    label = "people"
    verbose_name = "Đoàn viên, người lao động"

    def ready(self):
        from thidua.organisations.signals import subtree_moved
        from thidua.people.services import membership_paths_follow

        subtree_moved.connect(membership_paths_follow, dispatch_uid="people.membership_paths_follow")
