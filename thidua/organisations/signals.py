"""Signals of the union tree, for apps that keep copies of organisation paths."""
from django.dispatch import Signal

# Sent inside the transaction that re-hangs a subtree: old_prefix and new_prefix are paths.
subtree_moved = Signal()
