package main

import (
	"bytes"
	"encoding/binary"
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
