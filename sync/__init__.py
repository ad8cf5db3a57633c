"""The offline sync protocol (see ../shared/design/SYNC.md): mutations in, change feed out."""
