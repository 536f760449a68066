"""What the tests share: a synthetic ISMS writer, git repositories, the nginx and Chromium harnesses."""
