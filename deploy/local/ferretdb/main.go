// Command ferretdb-launcher runs FerretDB v1 with its SQLite backend for local runs and tests.
//
// Upstream's own command cannot be built with `go install` (it panics at start), so the project embeds
// the library. FerretDB v1 applies an update as read-modify-write without a lock, so two concurrent
// updates of one document can lose one of them (MongoDB guarantees single-document atomicity, and the
// project relies on it). The launcher therefore serves clients through a small proxy, in front of
// FerretDB on a private Unix socket, that lets only one read-modify-write command (update,
// findAndModify, delete) run at a time on each collection; reads, inserts and handshakes pass freely,
// and a slow update of one collection does not hold up writers of any other. The proxy also announces a
// small `maxWriteBatchSize`, because FerretDB's `update` holds a connection per statement until it ends,
// and the launcher adds to every collection's table the `_id` index FerretDB's own lookups can use.
//
// FerretDB v1 can also wedge for good: once every connection of a database's SQLite pool is taken, a
// DDL waiting for one holds the metadata lock that every other command (even ping) needs. A watchdog
// pings FerretDB through its socket; when it stops answering, the launcher logs it and re-executes
// itself, and clients reconnect (SQLite's write-ahead log keeps what was committed).
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	opMsg        = 2013
	moreToCome   = 1 << 1
	headerLength = 16
	maxMessage   = 48 * 1024 * 1024
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "address to accept MongoDB wire protocol connections on")
	dataDir := flag.String("data-dir", "", "directory holding the SQLite databases (required)")
	sqliteParams := flag.String("sqlite-params", "_pragma=journal_mode(wal)&_pragma=busy_timeout(20000)",
		"query parameters of every SQLite database (WAL: readers never block the writer)")
	serialise := flag.Bool("serialise-updates", true, "let one read-modify-write command run at a time")
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
	front, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: cannot listen on %s: %v\n", *listen, err)
		os.Exit(2)
	}

	socket := filepath.Join(absDir, "ferretdb.sock")
	_ = os.Remove(socket)
	server, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/?" + *sqliteParams,
	})
	if err != nil {
		log.Fatalf("ferretdb-launcher: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	go server.Run(ctx)
	waitForSocket(socket)
	go func() {
		<-ctx.Done()
		_ = front.Close()
	}()

	serialiseUpdates = *serialise
	go watch(ctx, socket)
	go indexIDPaths(ctx, absDir)
	log.Printf("ferretdb-launcher: serving on %s, data in %s", *listen, absDir)
	serve(front, socket)
}

// FerretDB v1 (SQLite) finds a document by `_id` with `WHERE _ferretdb_sjson->'$._id' = ?`, but its
// unique `_id` index is built on `_ferretdb_sjson->"_id"`, an expression SQLite's planner does not take
// for the same one; so every find, update and delete by `_id` scans the table and parses each row's
// JSON (about 40 ms on 4,000 documents, 0.1 ms with an index). The launcher adds, beside FerretDB's
// own, an index on the exact expression to every collection's table. FerretDB knows nothing of it (its
// index list lives in its own metadata); dropping the collection drops it with the table.
const (
	indexEvery   = 2 * time.Second
	idPathSuffix = "__id_path"
)

func indexIDPaths(ctx context.Context, dataDir string) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(indexEvery):
		}
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if created, err := ensureIDPathIndexes(ctx, file); err != nil {
				log.Printf("ferretdb-launcher: _id index of %s: %v", filepath.Base(file), err)
			} else if created > 0 {
				log.Printf("ferretdb-launcher: indexed the _id path of %d collection(s) in %s", created, filepath.Base(file))
			}
		}
	}
}

// ensureIDPathIndexes indexes the `_id` path of every collection table of one database file that lacks it.
// The file is opened only if it exists (FerretDB keeps its own connections to it open, so this one is
// never the last to close, which would remove the write-ahead log).
func ensureIDPathIndexes(ctx context.Context, file string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(20000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := tablesWithoutIDPath(ctx, db)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, table := range tables {
		if _, err := db.ExecContext(ctx, idPathIndexDDL(table)); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // listed in FerretDB's metadata a moment before its table exists, or just dropped
			}
			return created, err
		}
		created++
	}
	return created, nil
}

func tablesWithoutIDPath(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE NOT EXISTS (
		SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = table_name || ?)`, idPathSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // a database FerretDB has not set up yet
		}
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, rows.Err()
}

func idPathIndexDDL(table string) string {
	quote := func(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
	return fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`, quote(table+idPathSuffix), quote(table))
}

const (
	watchEvery   = 5 * time.Second
	pingDeadline = 10 * time.Second
	missedPings  = 2
)

// watch re-executes the launcher when FerretDB has not answered `missedPings` pings in a row, or on SIGUSR1.
func watch(ctx context.Context, socket string) {
	restartRequests := make(chan os.Signal, 1)
	signal.Notify(restartRequests, syscall.SIGUSR1)
	missed := 0
	for missed < missedPings {
		select {
		case <-ctx.Done():
			return
		case <-restartRequests:
			log.Printf("ferretdb-launcher: restart requested")
			restart()
		case <-time.After(watchEvery):
		}
		if err := ping(socket); err != nil {
			missed++
			log.Printf("ferretdb-launcher: FerretDB did not answer a ping (%d of %d): %v", missed, missedPings, err)
		} else {
			missed = 0
		}
	}
	if ctx.Err() == nil {
		log.Printf("ferretdb-launcher: FerretDB is wedged; restarting")
		restart()
	}
}

// restart replaces this process with a fresh launcher; sockets close on exec, committed data stays.
func restart() {
	executable, err := os.Executable()
	if err == nil {
		err = syscall.Exec(executable, os.Args, os.Environ())
	}
	log.Fatalf("ferretdb-launcher: restart failed: %v", err)
}

// ping sends {ping: 1, $db: "admin"} as an OP_MSG and waits for any reply.
func ping(socket string) error {
	conn, err := net.DialTimeout("unix", socket, pingDeadline)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(pingDeadline)); err != nil {
		return err
	}
	if _, err := conn.Write(pingMessage()); err != nil {
		return err
	}
	_, err = readMessage(conn)
	return err
}

func pingMessage() []byte {
	var document bytes.Buffer
	document.WriteByte(0x10) // int32 element
	document.WriteString("ping\x00")
	_ = binary.Write(&document, binary.LittleEndian, int32(1))
	document.WriteByte(0x02) // string element
	document.WriteString("$db\x00")
	_ = binary.Write(&document, binary.LittleEndian, int32(len("admin")+1))
	document.WriteString("admin\x00")
	body := make([]byte, 0, 4+document.Len()+1)
	body = binary.LittleEndian.AppendUint32(body, uint32(4+document.Len()+1))
	body = append(body, document.Bytes()...)
	body = append(body, 0x00)

	message := make([]byte, 0, headerLength+4+1+len(body))
	message = binary.LittleEndian.AppendUint32(message, uint32(headerLength+4+1+len(body)))
	message = binary.LittleEndian.AppendUint32(message, 1) // request id
	message = binary.LittleEndian.AppendUint32(message, 0) // response to
	message = binary.LittleEndian.AppendUint32(message, opMsg)
	message = binary.LittleEndian.AppendUint32(message, 0) // flag bits
	message = append(message, 0x00)                        // section kind 0: the body
	return append(message, body...)
}

func waitForSocket(path string) {
	for i := 0; i < 200; i++ {
		if conn, err := net.Dial("unix", path); err == nil {
			_ = conn.Close()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	log.Fatalf("ferretdb-launcher: FerretDB did not open %s", path)
}

// one read-modify-write command at a time per collection ("<database>.<collection>"), across all client
// connections; a document belongs to one collection, so that is all single-document atomicity needs
var turns sync.Map

var serialiseUpdates = true

const turnDeadline = 15 * time.Second

// Large enough for any result the project reads at once; FerretDB sizes buffers by it, so not 2^31.
const wholeBatchSize = 50000

var readModifyWrite = map[string]bool{"update": true, "findAndModify": true, "findandmodify": true, "delete": true}

func serve(front net.Listener, socket string) {
	for {
		client, err := front.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			log.Printf("ferretdb-launcher: accept: %v", err)
			continue
		}
		go relay(client, socket)
	}
}

func relay(client net.Conn, socket string) {
	defer client.Close()
	upstream, err := net.Dial("unix", socket)
	if err != nil {
		log.Printf("ferretdb-launcher: upstream: %v", err)
		return
	}
	defer upstream.Close()
	for {
		request, err := readMessage(client)
		if err != nil {
			return // the client went away, or sent something that is not the wire protocol
		}
		if err := exchange(wholeBatch(request), upstream, client); err != nil {
			return
		}
	}
}

func exchange(request []byte, upstream, client net.Conn) error {
	if serialiseUpdates && readModifyWrite[commandName(request)] {
		release := holdTurn(turnKey(request))
		defer release()
	}
	if _, err := upstream.Write(request); err != nil {
		return err
	}
	if expectsNoReply(request) {
		return nil
	}
	for {
		reply, err := readMessage(upstream)
		if err != nil {
			return err
		}
		if _, err := client.Write(capWriteBatch(reply)); err != nil {
			return err
		}
		if !expectsNoReply(reply) {
			return nil // the last (usually only) reply of this request
		}
	}
}

// holdTurn takes the turn and gives it back when released, or after turnDeadline at the latest: a
// request FerretDB never answers (e.g. one waiting on a cursor its own client keeps open) must not stall
// every other writer; the stuck client itself times out and closes its connection.
func holdTurn(key string) func() {
	lock, _ := turns.LoadOrStore(key, &sync.Mutex{})
	turn := lock.(*sync.Mutex)
	turn.Lock()
	var once sync.Once
	release := func() { once.Do(turn.Unlock) }
	timer := time.AfterFunc(turnDeadline, func() {
		log.Printf("ferretdb-launcher: a read-modify-write of %s took over %s; letting the others go", key, turnDeadline)
		release()
	})
	return func() {
		timer.Stop()
		release()
	}
}

// FerretDB v1's `update` command keeps each statement's read cursor, and the SQLite connection under it,
// open until the whole command is done (its handler defers the close inside the loop over statements).
// A database has a pool of 100 connections, so an update of about 100 statements waits for ever for a
// connection it holds itself, and every later command on that database waits behind it (seen in a
// goroutine dump: one update goroutine owning 100 open result sets). Drivers split bulk writes by the
// `maxWriteBatchSize` the server announces in its handshake, so the proxy announces a small one.
const safeWriteBatch = 32

var (
	writeBatchElement  = []byte("\x10maxWriteBatchSize\x00")
	handshakeSignature = []byte("\x10maxBsonObjectSize\x00")
)

// capWriteBatch lowers the `maxWriteBatchSize` of a handshake reply (OP_MSG or legacy OP_REPLY) to
// safeWriteBatch, in place; any other reply passes unchanged.
func capWriteBatch(reply []byte) []byte {
	if !bytes.Contains(reply, handshakeSignature) {
		return reply
	}
	at := bytes.Index(reply, writeBatchElement)
	if at < 0 || at+len(writeBatchElement)+4 > len(reply) {
		return reply
	}
	value := reply[at+len(writeBatchElement) : at+len(writeBatchElement)+4]
	if int32(binary.LittleEndian.Uint32(value)) > safeWriteBatch {
		binary.LittleEndian.PutUint32(value, safeWriteBatch)
	}
	return reply
}

// wholeBatch asks for every result of a `find` in its first batch (unless the client chose a batch size):
// FerretDB v1 keeps a lock while a cursor stays open between requests, and a collection created
// meanwhile by another client then deadlocks both. A cursor answered whole is closed at once.
func wholeBatch(request []byte) []byte {
	const docStart = headerLength + 4 + 1
	if commandName(request) != "find" || len(request) < docStart+5 || bytes.Contains(request, []byte("batchSize\x00")) {
		return request
	}
	docLength := int(binary.LittleEndian.Uint32(request[docStart : docStart+4]))
	docEnd := docStart + docLength
	if docEnd > len(request) || request[docEnd-1] != 0 {
		return request
	}
	element := append([]byte{0x10}, []byte("batchSize\x00")...)
	element = binary.LittleEndian.AppendUint32(element, wholeBatchSize)
	rewritten := make([]byte, 0, len(request)+len(element))
	rewritten = append(rewritten, request[:docEnd-1]...)
	rewritten = append(rewritten, element...)
	rewritten = append(rewritten, 0)
	rewritten = append(rewritten, request[docEnd:]...)
	binary.LittleEndian.PutUint32(rewritten[0:4], uint32(len(rewritten)))
	binary.LittleEndian.PutUint32(rewritten[docStart:docStart+4], uint32(docLength+len(element)))
	return rewritten
}

// commandName is the first key of an OP_MSG body section (the command), or "" for anything else.
func commandName(message []byte) string {
	const bodyStart = headerLength + 4 // flag bits, then sections
	if len(message) < bodyStart+6 || binary.LittleEndian.Uint32(message[12:16]) != opMsg || message[bodyStart] != 0 {
		return ""
	}
	name := message[bodyStart+1+4+1:] // section kind, document length, first element's type
	for i, b := range name {
		if b == 0 {
			return string(name[:i])
		}
	}
	return ""
}

// turnKey names the collection a command works on as "<database>.<collection>": the command's own value
// (its first element) and `$db`. A message it cannot read shares the key "" with every other such one.
func turnKey(message []byte) string {
	const bodyStart = headerLength + 4
	if len(message) < bodyStart+6 || message[bodyStart] != 0 {
		return ""
	}
	document := message[bodyStart+1:]
	length := int(binary.LittleEndian.Uint32(document[0:4]))
	if length < 5 || length > len(document) {
		return ""
	}
	collection, database := "", ""
	for position, first := 4, true; position < length-1; first = false {
		kind := document[position]
		nameEnd := bytes.IndexByte(document[position+1:length], 0)
		if nameEnd < 0 {
			return ""
		}
		name := string(document[position+1 : position+1+nameEnd])
		valueStart := position + 1 + nameEnd + 1
		size := bsonValueSize(kind, document[valueStart:length])
		if size < 0 {
			return ""
		}
		if kind == 0x02 && size > 5 {
			value := string(document[valueStart+4 : valueStart+size-1])
			if first {
				collection = value
			} else if name == "$db" {
				database = value
			}
		}
		position = valueStart + size
	}
	if collection == "" || database == "" {
		return ""
	}
	return database + "." + collection
}

// the sizes of BSON values that carry no length: double, ObjectId, bool, datetime, null, int32,
// timestamp, int64, decimal128, max key, min key
var fixedBSONSizes = map[byte]int{0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7F: 0, 0xFF: 0}

// bsonValueSize is the length in bytes of a BSON value of type `kind` at the start of `value`, or -1.
func bsonValueSize(kind byte, value []byte) int {
	if size, ok := fixedBSONSizes[kind]; ok {
		if size > len(value) {
			return -1
		}
		return size
	}
	if len(value) < 4 {
		return -1
	}
	declared := int(binary.LittleEndian.Uint32(value[0:4]))
	var size int
	switch kind {
	case 0x02, 0x0D, 0x0E: // string, JavaScript code, symbol: length, bytes, NUL
		size = 4 + declared
	case 0x03, 0x04: // document, array: the length counts itself
		size = declared
	case 0x05: // binary: length, subtype, bytes
		size = 4 + 1 + declared
	default:
		return -1
	}
	if size < 0 || size > len(value) {
		return -1
	}
	return size
}

// expectsNoReply tells whether an OP_MSG carries the moreToCome flag (no reply follows / more replies follow).
func expectsNoReply(message []byte) bool {
	if len(message) < headerLength+4 || binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(message[16:20])&moreToCome != 0
}

func readMessage(conn net.Conn) ([]byte, error) {
	header := make([]byte, headerLength)
	if _, err := io.ReadFull(conn, header); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < headerLength || length > maxMessage {
		return nil, fmt.Errorf("message length %d out of range", length)
	}
	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(conn, message[headerLength:]); err != nil {
		return nil, err
	}
	return message, nil
}
