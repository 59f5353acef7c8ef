"""Errors a user can act on: a Vietnamese sentence saying what was wrong and what to do."""
from __future__ import annotations


class UserError(Exception):
    """Bad input. The message is shown as is: Vietnamese, addressed to the user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(UserError):
    """Missing, or outside the actor's part of the tree: the two must look the same."""

    def __init__(self, message: str = "Không tìm thấy bản ghi, hoặc bạn không có quyền xem bản ghi này."):
        super().__init__(message)


class Forbidden(UserError):
    """The actor may see the record but not do this to it."""

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này."):
        super().__init__(message)
