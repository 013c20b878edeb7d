import pytest

from patentbridge.industries.reference import load_intensive


@pytest.fixture(autouse=True)
def intensive_classification(db):
    """The bundled 2019 classification (7 classes, 31 middle classes, 188 small classes)."""
    load_intensive()
