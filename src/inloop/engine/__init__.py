"""The durable process engine: processes, the case context, replay, the engine and workers."""
