"""Pages of the programmes app, one module per concern: ``templates``, ``person`` (a
person's programmes and the changes made there), ``groups``, ``attendance``,
``assignment``, ``holidays`` (school holidays) and ``upload``.

Every page that shows people finds them through ``queries`` (scoped to the user) and leaves
one processing record per request; a change is recorded by the service, then redirects.
"""
