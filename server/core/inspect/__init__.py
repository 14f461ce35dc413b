"""Model inspection: parameter balance, checkpoint health and a CPU probe, measured in a child process.

Entry point for other parts of the server (the diagnosis folds `ModelReport.findings` in):

    report = await inspect_model(request, python=settings.project_python(), cwd=folder,
                                 timeout_s=120, state_dir=settings.state_dir)

`worker.py` is the standalone script the child runs; `findings.py` holds the rules; `run.py` the launch.
"""

from .models import Finding, InspectRequest, ModelReport
from .run import inspect_model

__all__ = ["Finding", "InspectRequest", "ModelReport", "inspect_model"]
