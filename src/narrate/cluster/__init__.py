"""`--cluster`: voice and mix articles on a Dask distributed cluster (the `cluster` extra).

Nothing here is imported unless --cluster (or [cluster] scheduler) is used, and `distributed` is
imported only by this package's modules. The unit of work is one article: the client reads,
segments and casts it, the worker voices and mixes it and returns the untagged MP3 (about 0.5 MB
an audio minute at 64 kbit/s, against 2.6 MB of 22 kHz PCM), and the client tags and publishes it.
See client.py for why the output is the local build's byte for byte, and the README's
"Building on a cluster" section for the measurements behind the choice.
"""

from __future__ import annotations

from narrate.cluster.client import Cluster, ClusterError, Outcome

__all__ = ["Cluster", "ClusterError", "Outcome"]
