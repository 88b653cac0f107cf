// Command ferretdb-launcher runs FerretDB v1 with its SQLite backend on a
// loopback address. Upstream's own command cannot be built with `go install`
// (it panics at start), so the project embeds the library instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "address to accept MongoDB wire protocol connections on")
	dataDir := flag.String("data-dir", "", "directory holding the SQLite databases (required)")
	flag.Parse()

	if *dataDir == "" {
		log.Fatal("ferretdb-launcher: -data-dir is required")
	}
	absDir, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatalf("ferretdb-launcher: data dir: %v", err)
	}
	if err := os.MkdirAll(absDir, 0o755); err != nil {
		log.Fatalf("ferretdb-launcher: data dir: %v", err)
	}

	// Fail loudly, not with a stack trace, when the port is taken.
	probe, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: cannot listen on %s: %v\n", *listen, err)
		os.Exit(2)
	}
	_ = probe.Close()

	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/",
	})
	if err != nil {
		log.Fatalf("ferretdb-launcher: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	log.Printf("ferretdb-launcher: serving on %s, data in %s", *listen, absDir)
	server.Run(ctx)
}
