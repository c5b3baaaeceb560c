"""shebao.batch: the factory batch, a workflow over the stages (``shebao batch``).

Like the drop-in desk (:mod:`shebao.desk`) and the CLI, it drives ingest, audit and reports
only through their public functions and contracts (see ``../shared/DESIGN.md``, "The desk and
workflows"); ``reports/`` holds the documents it writes.

Modules (each docstring is its contract): :mod:`.cli` (the command), :mod:`.workforce` (files ->
per-worker audits -> the ``shebao.batch/1`` summary), :mod:`.roster` (花名册),
:mod:`.insured` (the unit's insured list against the roster), :mod:`.run` (child processes
with limits, run state, ``--resume``, the run manifest), :mod:`.write` (the files in OUTDIR).
"""
