"""RQ workers: queues, jobs (one module per concern) and the scheduler."""
