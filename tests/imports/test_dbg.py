from tests.imports.test_exports import *
class T(ServiceAndChannelImportTestCase):
    def test_x(self):
        row = {column: "" for column in ChannelMapping().columns()}
        rows = [
            dict(row, organisation=self.org.slug, name="Newsletter", kind="newsletter",
                 citywide="tak", active="yes", languages="pl", accepted_formats="text; link"),
        ]
        report, summary = self.run_import("channels", rows, self.alice)
        print(report, summary)
