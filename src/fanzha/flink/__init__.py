"""Apache Flink: the detection job and its NATS JetStream bridge (``fanzha[flink]``)."""
