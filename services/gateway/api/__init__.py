"""The gateway's HTTP routes: thin adapters from requests to use cases."""
