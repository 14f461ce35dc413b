"""Training-log readers: every supported format becomes `Run`s of metric `Series` and `Event`s."""

from .model import Event, Run, Series

__all__ = ["Event", "Run", "Series"]
