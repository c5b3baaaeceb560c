"""The drop-in desk: a local web app over a case store (``shebao serve``).

A workflow like the CLI and the factory batch: it drives the stages only through their
public functions (:func:`shebao.audit.engine.read_extract`, :func:`shebao.audit.engine.
audit_case`, :func:`shebao.reports.prepare.prepare`, :func:`shebao.reports.templating.render`,
:func:`shebao.reports.formats.convert`) on a case folder it writes from its store
(:mod:`.casefolder`), so the desk and the CLI give identical results for the same case.

Modules: :mod:`.store` (SQLite through SQLAlchemy, content-addressed originals),
:mod:`.casefolder` (case folder import/export), :mod:`.uploads` (limits and checks of phone
uploads), :mod:`.jobs` (the background reading/audit queue), :mod:`.app` (Starlette views),
:mod:`.cli` (``shebao serve``). See ``desk/README.md``.
"""
