"""Layer 3, git: the one adapter to git, and what the repository history says about each document."""
