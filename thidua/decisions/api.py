"""JSON API of this app: `register(router)` adds its viewsets to /api/v1/."""


def register(router) -> None:
    pass
