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
// itself, and clients reconnect (SQLite's write-ahead log keeps what was committed). Before FerretDB
// starts, a database file it could not open (no metadata table: a drop cut short) is moved aside.
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

	for _, moved := range setAsideUnopenable(absDir, time.Now()) {
		log.Printf("ferretdb-launcher: %s has no FerretDB metadata (a drop cut short?); moved aside to %s",
			filepath.Base(moved[0]), filepath.Base(moved[1]))
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
	indexer := newIDPathIndexer(absDir)
	go indexer.run(ctx)
	log.Printf("ferretdb-launcher: serving on %s, data in %s", *listen, absDir)
	serve(front, socket, indexer)
}

// A database file without FerretDB's metadata table stops FerretDB v1 from starting at all ("no such
// table: _ferretdb_collections"): a dropDatabase that a crash cut short leaves one (FerretDB v1 can die
// with SIGBUS when a database is dropped under live queries). Such a file holds nothing FerretDB could
// read, so the launcher renames it, with its write-ahead log and shared memory, to
// `<name>.sqlite.unopenable-<time>` (kept for a look, no longer a database) and starts. It returns the
// (old, new) names of the database files it moved.
func setAsideUnopenable(dataDir string, now time.Time) [][2]string {
	files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
	var moved [][2]string
	for _, file := range files {
		if hasFerretMetadata(file) {
			continue
		}
		target := file + ".unopenable-" + now.UTC().Format("20060102T150405")
		for _, suffix := range []string{"-wal", "-shm", ""} {
			_ = os.Rename(file+suffix, target+suffix)
		}
		moved = append(moved, [2]string{file, target})
	}
	return moved
}

// hasFerretMetadata tells whether a database file carries FerretDB's metadata table; a file that cannot
// be read at all counts as carrying it (FerretDB reports what is wrong with it better than a guess here).
func hasFerretMetadata(file string) bool {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return true
	}
	defer db.Close()
	var tables int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).
		Scan(&tables)
	return err != nil || tables > 0
}

// FerretDB v1 (SQLite) finds a document by `_id` with `WHERE _ferretdb_sjson->'$._id' = ?`, but its
// unique `_id` index is built on `_ferretdb_sjson->"_id"`, an expression SQLite's planner does not take
// for the same one; so every find, update and delete by `_id` scans the table and parses each row's
// JSON (about 40 ms on 4,000 documents, 0.1 ms with an index). The launcher adds, beside FerretDB's
// own, an index on the exact expression to every collection's table. FerretDB knows nothing of it (its
// index list lives in its own metadata); dropping the collection drops it with the table.
//
// The proxy tells the indexer which collections commands write to; a database is checked only when a
// command that may create a collection names one not yet known to be indexed. (Checking every database
// file every 2 s cost a test run's FerretDB over a quarter of its CPU once hundreds of databases existed:
// each check opens the file and parses its schema.)
const idPathSuffix = "__id_path"

// mayCreate are the commands after which a collection can exist that did not exist before.
var mayCreate = map[string]bool{"insert": true, "update": true, "findAndModify": true, "findandmodify": true,
	"create": true, "createIndexes": true}

type idPathIndexer struct {
	dataDir string
	indexed sync.Map // "<database>.<collection>" whose table is known to carry the index
	queued  sync.Map // databases waiting for a check
	checks  chan string
}

func newIDPathIndexer(dataDir string) *idPathIndexer {
	return &idPathIndexer{dataDir: dataDir, checks: make(chan string, 1024)}
}

// observe is told of every command the proxy passed on, after FerretDB answered it.
func (ix *idPathIndexer) observe(command string, message []byte) {
	if !mayCreate[command] && command != "drop" && command != "dropDatabase" {
		return
	}
	database, collection := commandTarget(message)
	switch {
	case database == "":
	case command == "dropDatabase":
		ix.forgetDatabase(database)
	case collection == "":
	case command == "drop":
		ix.indexed.Delete(database + "." + collection)
	case mayCreate[command]:
		if _, known := ix.indexed.Load(database + "." + collection); !known {
			ix.request(database)
		}
	}
}

func (ix *idPathIndexer) forgetDatabase(database string) {
	ix.indexed.Range(func(key, _ any) bool {
		if strings.HasPrefix(key.(string), database+".") {
			ix.indexed.Delete(key)
		}
		return true
	})
}

// request queues a check of one database unless one is already queued; a full queue drops it (the next
// write to the collection asks again).
func (ix *idPathIndexer) request(database string) {
	if _, already := ix.queued.LoadOrStore(database, true); already {
		return
	}
	select {
	case ix.checks <- database:
	default:
		ix.queued.Delete(database)
	}
}

// run checks every database present at start, then each one a command asks for.
func (ix *idPathIndexer) run(ctx context.Context) {
	files, _ := filepath.Glob(filepath.Join(ix.dataDir, "*.sqlite"))
	go func() {
		for _, file := range files {
			ix.request(strings.TrimSuffix(filepath.Base(file), ".sqlite"))
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case database := <-ix.checks:
			ix.queued.Delete(database)
			ix.check(ctx, database)
		}
	}
}

func (ix *idPathIndexer) check(ctx context.Context, database string) {
	file := filepath.Join(ix.dataDir, database+".sqlite")
	if _, err := os.Stat(file); err != nil {
		return // a database FerretDB has not created yet, or one just dropped
	}
	created, indexed, err := ensureIDPathIndexes(ctx, file)
	if err != nil {
		log.Printf("ferretdb-launcher: _id index of %s: %v", database, err)
	} else if created > 0 {
		log.Printf("ferretdb-launcher: indexed the _id path of %d collection(s) in %s", created, database)
	}
	for _, collection := range indexed {
		ix.indexed.Store(database+"."+collection, true)
	}
}

// ensureIDPathIndexes indexes the `_id` path of every collection table of one database file that lacks it,
// and names the collections that carry the index afterwards.
// The file is opened only if it exists (FerretDB keeps its own connections to it open, so this one is
// never the last to close, which would remove the write-ahead log).
func ensureIDPathIndexes(ctx context.Context, file string) (int, []string, error) {
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(20000)")
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := tablesWithoutIDPath(ctx, db)
	if err != nil {
		return 0, nil, err
	}
	created := 0
	for _, table := range tables {
		if _, err := db.ExecContext(ctx, idPathIndexDDL(table)); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // listed in FerretDB's metadata a moment before its table exists, or just dropped
			}
			return created, nil, err
		}
		created++
	}
	indexed, err := collectionsWithIDPath(ctx, db)
	return created, indexed, err
}

func collectionsWithIDPath(ctx context.Context, db *sql.DB) ([]string, error) {
	return textColumn(ctx, db, `SELECT name FROM _ferretdb_collections WHERE EXISTS (
		SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = table_name || ?)`, idPathSuffix)
}

func tablesWithoutIDPath(ctx context.Context, db *sql.DB) ([]string, error) {
	return textColumn(ctx, db, `SELECT table_name FROM _ferretdb_collections WHERE NOT EXISTS (
		SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = table_name || ?)`, idPathSuffix)
}

// textColumn runs a query of one text column; a database FerretDB has not set up yet has no rows.
func textColumn(ctx context.Context, db *sql.DB, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var values []string
	for rows.Next() {
		var value string
		if err := rows.Scan(&value); err != nil {
			return nil, err
		}
		values = append(values, value)
	}
	return values, rows.Err()
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

func serve(front net.Listener, socket string, indexer *idPathIndexer) {
	for {
		client, err := front.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			log.Printf("ferretdb-launcher: accept: %v", err)
			continue
		}
		go relay(client, socket, indexer)
	}
}

func relay(client net.Conn, socket string, indexer *idPathIndexer) {
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
		command := commandName(request)
		if err := exchange(command, wholeBatch(request), upstream, client); err != nil {
			return
		}
		indexer.observe(command, request)
	}
}

func exchange(command string, request []byte, upstream, client net.Conn) error {
	if serialiseUpdates && readModifyWrite[command] {
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
// meanwhile by another client then deadlocks both. A cursor answered whole is closed at once. A find
// with a limit asks for just past it: FerretDB allocates room for the whole batch before the first
// document (a `find_one` with the large batch cost 400 kB and a quarter of the server's CPU in collection).
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
	batch := wholeBatchSize
	if limit := findLimit(request); limit > 0 && limit < batch {
		batch = limit + 1 // one more than the limit, so FerretDB sees the end and closes the cursor
	}
	element := append([]byte{0x10}, []byte("batchSize\x00")...)
	element = binary.LittleEndian.AppendUint32(element, uint32(batch))
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

// turnKey names the collection a command works on as "<database>.<collection>". A message it cannot
// read shares the key "" with every other such one.
func turnKey(message []byte) string {
	database, collection := commandTarget(message)
	if collection == "" || database == "" {
		return ""
	}
	return database + "." + collection
}

// commandTarget reads the database (`$db`) and the collection (the command's own value, its first
// element, when that is a string) a command names; "" for what is not there or not readable.
func commandTarget(message []byte) (database, collection string) {
	first := true
	readable := eachBodyElement(message, func(kind byte, name string, value []byte) {
		if kind == 0x02 && len(value) > 5 {
			text := string(value[4 : len(value)-1])
			if first {
				collection = text
			} else if name == "$db" {
				database = text
			}
		}
		first = false
	})
	if !readable {
		return "", ""
	}
	return database, collection
}

// findLimit is the positive `limit` of a command, or 0 when it has none (or one that is not a number).
func findLimit(message []byte) int {
	limit := 0
	eachBodyElement(message, func(kind byte, name string, value []byte) {
		if name != "limit" {
			return
		}
		switch kind {
		case 0x10:
			limit = int(int32(binary.LittleEndian.Uint32(value)))
		case 0x12:
			limit = int(int64(binary.LittleEndian.Uint64(value)))
		}
	})
	if limit < 0 {
		limit = -limit // a negative limit is the legacy spelling of a limit in one batch
	}
	return limit
}

// eachBodyElement hands every top-level element of an OP_MSG body section to visit (its type, name and
// encoded value); false when the message cannot be read to its end.
func eachBodyElement(message []byte, visit func(kind byte, name string, value []byte)) bool {
	const bodyStart = headerLength + 4
	if len(message) < bodyStart+6 || message[bodyStart] != 0 {
		return false
	}
	document := message[bodyStart+1:]
	length := int(binary.LittleEndian.Uint32(document[0:4]))
	if length < 5 || length > len(document) {
		return false
	}
	for position := 4; position < length-1; {
		kind := document[position]
		nameEnd := bytes.IndexByte(document[position+1:length], 0)
		if nameEnd < 0 {
			return false
		}
		name := string(document[position+1 : position+1+nameEnd])
		valueStart := position + 1 + nameEnd + 1
		size := bsonValueSize(kind, document[valueStart:length])
		if size < 0 {
			return false
		}
		visit(kind, name, document[valueStart:valueStart+size])
		position = valueStart + size
	}
	return true
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
