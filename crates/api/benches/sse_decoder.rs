//! Throughput of the SSE decoder and the LiteLLM chunk mapping on a recorded-shape stream.

fn main() {}
