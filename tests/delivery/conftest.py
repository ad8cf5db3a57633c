from tests.peers.push.fixture import push_peer, vapid

__all__ = ["push_peer", "vapid"]
