"""Realtime delivery: the notification inbox, fan-out across gateway instances, WebSocket/SSE streams, push."""
