"""The human side: staff accounts, access and (later) the agent inbox."""
