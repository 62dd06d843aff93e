"""What to audit (git, targets, moved code, files) and running it (audit, parallel, progress)."""
