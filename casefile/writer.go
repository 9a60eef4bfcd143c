package casefile

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Writer writes a case file as a stream: members go out as they are written, and an
// evidence file passes through without being held in memory. Members are written in
// the order manifest, files, proofs, seal, checkpoint, key, but any order reads back.
type Writer struct {
	zw       *zip.Writer
	modified time.Time
	names    map[string]bool
}

// NewWriter returns a Writer to w; every member is dated modified.
func NewWriter(w io.Writer, modified time.Time) *Writer {
	return &Writer{zw: zip.NewWriter(w), modified: modified, names: map[string]bool{}}
}

// create starts a member; compressed members are deflated, the others (evidence
// files, mostly compressed media already) stored.
func (w *Writer) create(name string, compress bool) (io.Writer, error) {
	if w.names[name] {
		return nil, fmt.Errorf("casefile: member %s written twice", name)
	}
	w.names[name] = true
	h := &zip.FileHeader{Name: name, Modified: w.modified, Method: zip.Store}
	if compress {
		h.Method = zip.Deflate
	}
	return w.zw.CreateHeader(h)
}

// Bytes writes a member with the given content.
func (w *Writer) Bytes(name string, b []byte) error {
	f, err := w.create(name, true)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return err
}

// JSON writes a member holding v as indented JSON.
func (w *Writer) JSON(name string, v any) error {
	b, err := MarshalJSON(v)
	if err != nil {
		return err
	}
	return w.Bytes(name, b)
}

// File starts an evidence file member; write its content to the returned writer before
// the next call.
func (w *Writer) File(name string) (io.Writer, error) {
	if !validFileName(name) {
		return nil, fmt.Errorf("casefile: invalid file name %q", name)
	}
	return w.create(name, false)
}

// Close writes the archive's directory. Without it, the archive is unreadable: a
// writer that fails midway leaves nothing that passes for a case file.
func (w *Writer) Close() error { return w.zw.Close() }

// MarshalJSON encodes v as the members of a case file are encoded: indented JSON
// with a final newline, HTML characters not escaped. Hash manifest.json's bytes as
// this returns them.
func MarshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
