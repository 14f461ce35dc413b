"""The debugger: findings from logs, code, config and model evidence, ranked into a `Diagnosis`.

`engine.detect_findings(run)` judges one run's series and events; `engine.diagnose(...)` folds in the
code scan (`codescan`), the config scan (`config_scan`) and the model-inspection findings, ranks the
causes (`ranking`) and writes the answer (`models.Diagnosis`). Pure logic: no MCP, no child processes.
This package's init imports nothing, so that the answer's models load without the detectors.
"""
