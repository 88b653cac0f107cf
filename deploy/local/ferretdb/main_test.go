package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// element appends one BSON element of a simple type to a document body.
func element(body *bytes.Buffer, kind byte, name string, value []byte) {
	body.WriteByte(kind)
	body.WriteString(name)
	body.WriteByte(0)
	body.Write(value)
}

func bsonString(value string) []byte {
	encoded := binary.LittleEndian.AppendUint32(nil, uint32(len(value)+1))
	return append(append(encoded, value...), 0)
}

func bsonDocument(fill func(*bytes.Buffer)) []byte {
	var body bytes.Buffer
	fill(&body)
	document := binary.LittleEndian.AppendUint32(nil, uint32(4+body.Len()+1))
	return append(append(document, body.Bytes()...), 0)
}

func opMsgWith(document []byte) []byte {
	message := binary.LittleEndian.AppendUint32(nil, uint32(headerLength+4+1+len(document)))
	message = binary.LittleEndian.AppendUint32(message, 7)
	message = binary.LittleEndian.AppendUint32(message, 0)
	message = binary.LittleEndian.AppendUint32(message, opMsg)
	message = binary.LittleEndian.AppendUint32(message, 0)
	message = append(message, 0)
	return append(message, document...)
}

func TestAnUpdateIsKeyedByItsDatabaseAndCollection(t *testing.T) {
	filter := bsonDocument(func(body *bytes.Buffer) { element(body, 0x02, "_id", bsonString("reminder:1")) })
	request := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, "update", bsonString("_timers"))
		element(body, 0x08, "ordered", []byte{1})
		element(body, 0x03, "filter", filter)
		element(body, 0x12, "lsid", make([]byte, 8))
		element(body, 0x02, "$db", bsonString("test_f361a96c2b"))
	}))
	if key := turnKey(request); key != "test_f361a96c2b._timers" {
		t.Fatalf("turnKey = %q", key)
	}
}

func TestUpdatesOfDifferentDatabasesHaveDifferentKeys(t *testing.T) {
	update := func(database string) []byte {
		return opMsgWith(bsonDocument(func(body *bytes.Buffer) {
			element(body, 0x02, "update", bsonString("appeals"))
			element(body, 0x02, "$db", bsonString(database))
		}))
	}
	if turnKey(update("one")) == turnKey(update("two")) {
		t.Fatal("two databases share a turn")
	}
}

func TestAMessageThatIsNotReadableSharesTheEmptyKey(t *testing.T) {
	truncated := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, "update", bsonString("appeals"))
		element(body, 0x02, "$db", bsonString("one"))
	}))
	truncated = truncated[:len(truncated)-6]
	unknownType := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, "update", bsonString("appeals"))
		element(body, 0x42, "strange", []byte{1, 2, 3})
		element(body, 0x02, "$db", bsonString("one"))
	}))
	noDatabase := opMsgWith(bsonDocument(func(body *bytes.Buffer) { element(body, 0x02, "delete", bsonString("appeals")) }))
	for _, message := range [][]byte{truncated, unknownType, noDatabase, {1, 2, 3}} {
		if key := turnKey(message); key != "" {
			t.Fatalf("turnKey = %q, want the empty key", key)
		}
	}
}

func TestThePingMessageNamesTheAdminDatabase(t *testing.T) {
	if name := commandName(pingMessage()); name != "ping" {
		t.Fatalf("commandName = %q", name)
	}
}

func int32Value(value int32) []byte {
	return binary.LittleEndian.AppendUint32(nil, uint32(value))
}

func handshakeReply(maxWriteBatch int32) []byte {
	return opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x08, "isWritablePrimary", []byte{1})
		element(body, 0x10, "maxBsonObjectSize", int32Value(16*1024*1024))
		element(body, 0x10, "maxWriteBatchSize", int32Value(maxWriteBatch))
		element(body, 0x01, "ok", []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x3f})
	}))
}

func announcedWriteBatch(t *testing.T, reply []byte) int32 {
	t.Helper()
	at := bytes.Index(reply, writeBatchElement)
	if at < 0 {
		t.Fatal("no maxWriteBatchSize in the reply")
	}
	return int32(binary.LittleEndian.Uint32(reply[at+len(writeBatchElement):]))
}

func TestAHandshakeAnnouncesAWriteBatchSmallerThanTheConnectionPool(t *testing.T) {
	reply := capWriteBatch(handshakeReply(100000))
	if got := announcedWriteBatch(t, reply); got != safeWriteBatch {
		t.Fatalf("maxWriteBatchSize = %d, want %d", got, safeWriteBatch)
	}
	if length := int(binary.LittleEndian.Uint32(reply[0:4])); length != len(reply) {
		t.Fatalf("the message length changed: header %d, message %d", length, len(reply))
	}
}

func TestAHandshakeThatAlreadyAnnouncesLessKeepsIt(t *testing.T) {
	if got := announcedWriteBatch(t, capWriteBatch(handshakeReply(8))); got != 8 {
		t.Fatalf("maxWriteBatchSize = %d, want 8", got)
	}
}

func TestADocumentWithAFieldOfThatNameOutsideAHandshakeIsNotChanged(t *testing.T) {
	reply := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x10, "maxWriteBatchSize", int32Value(5000))
	}))
	original := bytes.Clone(reply)
	if !bytes.Equal(capWriteBatch(reply), original) {
		t.Fatal("a reply that is not a handshake was changed")
	}
}

// a database file laid out as FerretDB v1 lays one out: its metadata table and one collection's table
// with its own `_id` index
func ferretLikeDatabase(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "tests.sqlite")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, statement := range []string{
		`CREATE TABLE _ferretdb_collections (name TEXT NOT NULL UNIQUE, table_name TEXT NOT NULL UNIQUE, settings TEXT)`,
		`INSERT INTO _ferretdb_collections VALUES ('units', 'units_c918a49c', '{}')`,
		`CREATE TABLE "units_c918a49c" (_ferretdb_sjson TEXT NOT NULL) STRICT`,
		`CREATE UNIQUE INDEX "units_c918a49c__id_" ON "units_c918a49c" (_ferretdb_sjson->"_id")`,
		`INSERT INTO "units_c918a49c" VALUES ('{"_id":"1718"}'), ('{"_id":"1726"}')`,
	} {
		if _, err := db.Exec(statement); err != nil {
			t.Fatalf("%s: %v", statement, err)
		}
	}
	return file
}

func queryPlan(t *testing.T, file, query string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, `"1718"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail)
	}
	return plan.String()
}

const updateByID = `UPDATE "units_c918a49c" SET _ferretdb_sjson = _ferretdb_sjson WHERE _ferretdb_sjson->'$._id' = ?`

func TestFerretDBsOwnIDIndexDoesNotServeItsLookupsByID(t *testing.T) {
	if plan := queryPlan(t, ferretLikeDatabase(t), updateByID); !strings.Contains(plan, "SCAN") {
		t.Fatalf("plan = %q; FerretDB's own index now serves the lookup and the launcher's may go", plan)
	}
}

func TestAnUpdateByIDUsesTheIndexTheLauncherAdds(t *testing.T) {
	file := ferretLikeDatabase(t)
	created, indexed, err := ensureIDPathIndexes(context.Background(), file)
	if err != nil || created != 1 || len(indexed) != 1 || indexed[0] != "units" {
		t.Fatalf("created %d, indexed %v, err %v", created, indexed, err)
	}
	if plan := queryPlan(t, file, updateByID); !strings.Contains(plan, "USING INDEX units_c918a49c__id_path") {
		t.Fatalf("plan = %q", plan)
	}
	if again, _, err := ensureIDPathIndexes(context.Background(), file); err != nil || again != 0 {
		t.Fatalf("a second pass created %d, err %v", again, err)
	}
}

func TestADatabaseFileWithoutFerretDBsMetadataIsMovedAsideWithItsLogAndTheOthersStay(t *testing.T) {
	good := ferretLikeDatabase(t)
	dataDir := filepath.Dir(good)
	broken := filepath.Join(dataDir, "bench_c0f8bd34_appeals.sqlite") // as a crash in dropDatabase left one
	db, err := sql.Open("sqlite", "file:"+broken+"?_pragma=journal_mode(wal)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE leftover (x TEXT)`); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken+"-wal", []byte("half a log"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	at := time.Date(2026, 12, 7, 3, 32, 38, 0, time.UTC)

	moved := setAsideUnopenable(dataDir, at)

	target := broken + ".unopenable-20261207T033238"
	if len(moved) != 1 || moved[0] != [2]string{broken, target} {
		t.Fatalf("moved %v", moved)
	}
	for _, gone := range []string{broken, broken + "-wal"} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Fatalf("%s is still there: %v", gone, err)
		}
	}
	if log, err := os.ReadFile(target + "-wal"); err != nil || string(log) != "half a log" {
		t.Fatalf("the write-ahead log was not kept beside it: %q, %v", log, err)
	}
	if _, err := os.Stat(good); err != nil {
		t.Fatalf("a database FerretDB can open was touched: %v", err)
	}
	if again := setAsideUnopenable(dataDir, at); len(again) != 0 {
		t.Fatalf("a second start moved %v", again)
	}
}

func TestAFileThatIsNotThereIsNotCreated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dropped.sqlite")
	if _, _, err := ensureIDPathIndexes(context.Background(), file); err == nil {
		t.Fatal("no error for a database file that does not exist")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the file was created: %v", err)
	}
}

// a command naming a collection of a database, as a driver sends it
func commandOn(name, collection, database string) []byte {
	return opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, name, bsonString(collection))
		element(body, 0x02, "$db", bsonString(database))
	}))
}

func queuedChecks(ix *idPathIndexer) []string {
	var databases []string
	for {
		select {
		case database := <-ix.checks:
			ix.queued.Delete(database)
			databases = append(databases, database)
		default:
			return databases
		}
	}
}

func TestAnInsertIntoACollectionNotKnownToBeIndexedQueuesACheckOfItsDatabaseOnce(t *testing.T) {
	ix := newIDPathIndexer(t.TempDir())
	ix.observe("insert", commandOn("insert", "appeals", "bench_1"))
	ix.observe("insert", commandOn("insert", "appeals", "bench_1"))
	if got := queuedChecks(ix); len(got) != 1 || got[0] != "bench_1" {
		t.Fatalf("queued %v", got)
	}
}

func TestReadsAndWritesOfIndexedCollectionsQueueNothing(t *testing.T) {
	ix := newIDPathIndexer(t.TempDir())
	ix.indexed.Store("bench_1.appeals", true)
	ix.observe("find", commandOn("find", "others", "bench_1"))
	ix.observe("update", commandOn("update", "appeals", "bench_1"))
	if got := queuedChecks(ix); len(got) != 0 {
		t.Fatalf("queued %v", got)
	}
}

func TestADroppedCollectionIsCheckedAgainWhenWrittenTo(t *testing.T) {
	ix := newIDPathIndexer(t.TempDir())
	ix.indexed.Store("bench_1.appeals", true)
	ix.indexed.Store("bench_2.appeals", true)
	ix.observe("drop", commandOn("drop", "appeals", "bench_1"))
	dropDatabase := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x10, "dropDatabase", []byte{1, 0, 0, 0})
		element(body, 0x02, "$db", bsonString("bench_2"))
	}))
	ix.observe("dropDatabase", dropDatabase)
	ix.observe("insert", commandOn("insert", "appeals", "bench_1"))
	ix.observe("update", commandOn("update", "appeals", "bench_2"))
	if got := queuedChecks(ix); len(got) != 2 || got[0] != "bench_1" || got[1] != "bench_2" {
		t.Fatalf("queued %v", got)
	}
}

func TestACheckIndexesTheDatabaseAndRemembersItsCollections(t *testing.T) {
	file := ferretLikeDatabase(t)
	ix := newIDPathIndexer(filepath.Dir(file))
	ix.check(context.Background(), "tests")
	if _, known := ix.indexed.Load("tests.units"); !known {
		t.Fatal("tests.units is not remembered as indexed")
	}
	if plan := queryPlan(t, file, updateByID); !strings.Contains(plan, "USING INDEX units_c918a49c__id_path") {
		t.Fatalf("plan = %q", plan)
	}
	ix.observe("insert", commandOn("insert", "units", "tests"))
	if got := queuedChecks(ix); len(got) != 0 {
		t.Fatalf("queued %v", got)
	}
}

func batchSizeOf(t *testing.T, message []byte) int {
	t.Helper()
	size := -1
	eachBodyElement(message, func(kind byte, name string, value []byte) {
		if name == "batchSize" && kind == 0x10 {
			size = int(int32(binary.LittleEndian.Uint32(value)))
		}
	})
	return size
}

func TestAFindWithoutALimitIsAnsweredInOneWholeBatch(t *testing.T) {
	find := commandOn("find", "appeals", "bench_1")
	if size := batchSizeOf(t, wholeBatch(find)); size != wholeBatchSize {
		t.Fatalf("batchSize = %d", size)
	}
}

func TestAFindWithALimitAsksForOneMoreThanItsLimit(t *testing.T) {
	find := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, "find", bsonString("appeals"))
		element(body, 0x03, "filter", bsonDocument(func(*bytes.Buffer) {}))
		element(body, 0x10, "limit", []byte{1, 0, 0, 0})
		element(body, 0x08, "singleBatch", []byte{1})
		element(body, 0x02, "$db", bsonString("bench_1"))
	}))
	rewritten := wholeBatch(find)
	if size := batchSizeOf(t, rewritten); size != 2 {
		t.Fatalf("batchSize = %d", size)
	}
	if database, collection := commandTarget(rewritten); database != "bench_1" || collection != "appeals" {
		t.Fatalf("the rewritten command names %s.%s", database, collection)
	}
}

func TestAFindThatChoseItsBatchSizeIsLeftAlone(t *testing.T) {
	find := opMsgWith(bsonDocument(func(body *bytes.Buffer) {
		element(body, 0x02, "find", bsonString("appeals"))
		element(body, 0x10, "batchSize", []byte{7, 0, 0, 0})
		element(body, 0x02, "$db", bsonString("bench_1"))
	}))
	if size := batchSizeOf(t, wholeBatch(find)); size != 7 {
		t.Fatalf("batchSize = %d", size)
	}
}
