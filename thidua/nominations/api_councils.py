"""JSON API."""


def register(router) -> None:
    pass
