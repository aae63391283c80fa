"""Where messages come from: dataset directories, archives, live platforms."""
