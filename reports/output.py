"""Writing outputs so that nothing half-written is ever left behind.

The rule and its implementation live in :mod:`shebao.outputs` (one rule, one place); this
module keeps the names the reports stage has always imported.
"""

from shebao.outputs import Outputs, check_outside, check_writable

__all__ = ["Outputs", "check_outside", "check_writable"]
