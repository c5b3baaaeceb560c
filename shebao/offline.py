"""No network at run time: settings that keep third-party libraries from phoning home.

Contract
--------
:data:`OFFLINE_ENV` holds environment variables that switch off telemetry and online checks of
the libraries shebao loads (ONNX Runtime's 1DS telemetry, which otherwise resolves and
contacts ``mobile.events.data.microsoft.com`` from native code and writes a device id under
``~/.cache/Microsoft/``; Hugging Face and PaddleX model-source checks; the general
``DO_NOT_TRACK``). :func:`apply` sets them in this process (and so in every worker it starts);
it runs when the :mod:`shebao` package is imported, before any library is loaded.
:func:`onnxruntime` imports ONNX Runtime with its telemetry events disabled as well; every
module that creates an ONNX session imports it through this function.

The Python-socket guard of the tests cannot see native code: ``tests/test_offline.py`` runs
every command under ``strace`` and fails on any connection outside loopback.
"""

from __future__ import annotations

import os
from types import ModuleType

OFFLINE_ENV: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime >= 1.2x on Linux: no 1DS client at all
    "DO_NOT_TRACK": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK": "True",  # paddleocr 3.x: no connectivity probe
}


def apply() -> None:
    """Set :data:`OFFLINE_ENV` in this process (overriding what the environment says)."""
    os.environ.update(OFFLINE_ENV)


def onnxruntime() -> ModuleType:
    """ONNX Runtime, imported with telemetry switched off (environment and API)."""
    apply()
    import onnxruntime as ort

    ort.disable_telemetry_events()
    return ort
