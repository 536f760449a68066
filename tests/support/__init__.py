"""What the tests import: paths and the test date, the in-process CLI, small fixture trees, git
repositories, the synthetic ISMS writer, the nginx, HTTP and Chromium harnesses, HTML structure and
image makers. conftest.py holds only fixtures."""
