"""`flask reminders send` in a process of its own, sending to a test's push service stub on loopback.

The stub's network (names to public-looking addresses, those to loopback ports) and
its CA come in the environment, as an operator's settings would: the app's own
address and TLS checks stay on.
"""
import os

from tests.push_service_stub import StubNetwork
from webapp import create_app

if __name__ == "__main__":
    app = create_app({"PUSH_NETWORK": StubNetwork.from_json(os.environ["PUSH_STUB_NETWORK"]),
                      "PUSH_CA_BUNDLE": os.environ["PUSH_STUB_CA_BUNDLE"]})
    result = app.test_cli_runner().invoke(args=["reminders", "send"])
    print(result.output, end="")
    raise SystemExit(result.exit_code)
