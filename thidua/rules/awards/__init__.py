"""Every award's rules; importing this package registers them with the engine."""
from thidua.rules.awards import individual  # noqa: F401
from thidua.rules.awards import collective  # noqa: F401
from thidua.rules.awards import union  # noqa: F401
from thidua.rules.awards import forms  # noqa: F401
