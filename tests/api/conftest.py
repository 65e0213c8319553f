"""Fixtures of the API tests: a push service stub on loopback, reached through the sender's real checks."""
import pytest

from tests.push_service_stub import PushServiceStub, StubNetwork


@pytest.fixture
def network():
    return StubNetwork()


@pytest.fixture
def stub(network):
    service = PushServiceStub(network=network)
    yield service
    service.close()
    assert service.problems == []
