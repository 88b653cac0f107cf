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
	created, err := ensureIDPathIndexes(context.Background(), file)
	if err != nil || created != 1 {
		t.Fatalf("created %d, err %v", created, err)
	}
	if plan := queryPlan(t, file, updateByID); !strings.Contains(plan, "USING INDEX units_c918a49c__id_path") {
		t.Fatalf("plan = %q", plan)
	}
	if again, err := ensureIDPathIndexes(context.Background(), file); err != nil || again != 0 {
		t.Fatalf("a second pass created %d, err %v", again, err)
	}
}

func TestAFileThatIsNotThereIsNotCreated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dropped.sqlite")
	if _, err := ensureIDPathIndexes(context.Background(), file); err == nil {
		t.Fatal("no error for a database file that does not exist")
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the file was created: %v", err)
	}
}
