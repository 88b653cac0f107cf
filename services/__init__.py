"""Smart Mahalla's services, one package each."""
