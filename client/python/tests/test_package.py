"""The tests run against the package as pip installs it, not the source."""

from __future__ import annotations

from pathlib import Path

import hitl_gateway


def test_tests_import_the_installed_package_with_its_stubs_and_types() -> None:
    package = Path(hitl_gateway.__file__).parent
    assert "site-packages" in package.parts
    assert (package / "py.typed").is_file()
    assert (package / "_gen/hitl/v1/hitl_pb2.pyi").is_file()
