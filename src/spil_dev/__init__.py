"""Spil's development tools: the demo, the DUO sandbox and the BRP sandbox.

Development and test settings (`spil.settings.dev`, `spil.settings.ci`) install these apps;
production settings refuse to start with them, and the production wheel leaves this package
out. Code here may use Spil (`spil.*`); Spil never imports `spil_dev` — where a tool adds to
Spil (a benchmark), it plugs into a hook Spil offers (`spil.core.benchmarks`) from its
`AppConfig.ready()` (docs/architecture.md).
"""
