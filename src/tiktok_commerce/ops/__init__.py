"""Operating the system: liveness of the process's loops, metrics, structured logs, dead-letter
tools and the monitor's views. Nothing here is needed to process a video."""
