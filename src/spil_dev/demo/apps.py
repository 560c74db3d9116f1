from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "spil_dev.demo"
    label = "demo"
    verbose_name = "Demo data"

    def ready(self) -> None:
        # Registered once the app registry is ready (the settings name this app).
        from spil.core import benchmarks

        # Synthetic caseloads with the demo's names (`spil bench caseload`).
        benchmarks.register("caseload", "spil_dev.demo.caseload_bench")
        # The newcomer's portal with a full year of sessions (`spil bench portal`).
        benchmarks.register("portal", "spil_dev.demo.portal_bench")
        # The beleidsmedewerker's reports over a regio of 100,000 (`spil bench reports`).
        benchmarks.register("reports", "spil_dev.demo.reports_bench")
        # A partner's system on the partner API under the access basis (`spil bench access`).
        benchmarks.register("access", "spil_dev.demo.access_bench")
        # Spil under gunicorn with production settings and 50 users (`spil bench load`).
        benchmarks.register("load", "spil_dev.demo.load_bench")
