package casefile

import (
	"archive/zip"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"zhifa/ledger"
)

// Limits on what Verify reads into memory; evidence files are streamed.
const (
	maxManifest = 64 << 20
	maxSmall    = 1 << 20 // seal, checkpoint, key, one proof
)

// Options configure Verify.
type Options struct {
	// Keys pin the verifier keys (note form; Ed25519, and SM2 as well if given): the
	// checkpoint must carry a valid signature of each. Without them the keys of
	// verifier.key are used, which shows only that the file agrees with itself: whoever
	// can rewrite the file can replace the key too.
	Keys []string
}

// Report is what a successful Verify found.
type Report struct {
	Manifest   *Manifest
	Checkpoint ledger.Checkpoint
	// Keys are the keys the checkpoint was verified with; Pinned tells whether they
	// came from Options.Keys. FileKeys are the keys in verifier.key.
	Keys     []string
	FileKeys []string
	Pinned   bool
	// Seal is the export's own entry, at SealIndex.
	Seal      *ledger.Entry
	SealIndex int64
	Entries   int   // entries proven, besides the seal
	Opened    int   // committed fields opened and checked
	Files     int   // evidence files rehashed
	Bytes     int64 // their total size
}

// Error is the first divergence Verify finds: the member it concerns ("" for the
// archive) and what is wrong.
type Error struct {
	Member string
	Msg    string
}

func (e *Error) Error() string {
	if e.Member == "" {
		return e.Msg
	}
	return e.Member + ": " + e.Msg
}

func fail(member, format string, args ...any) error {
	return &Error{Member: member, Msg: fmt.Sprintf(format, args...)}
}

// VerifyFile verifies the case file at path.
func VerifyFile(path string, opts Options) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return Verify(f, st.Size(), opts)
}

// Verify checks a case file (see the package documentation) and returns the first
// divergence as an *Error.
func Verify(r io.ReaderAt, size int64, opts Options) (*Report, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fail("", "not a readable zip archive: %v", err)
	}
	v := &verifier{members: map[string]*zip.File{}, entries: map[int64]*ledger.Entry{}, used: map[int64]string{}}
	for _, f := range zr.File {
		if v.members[f.Name] != nil {
			return nil, fail(f.Name, "appears twice in the archive")
		}
		v.members[f.Name] = f
	}
	rep := &Report{}
	if err := v.checkpoint(rep, opts); err != nil {
		return nil, err
	}
	if err := v.seal(rep); err != nil {
		return nil, err
	}
	if err := v.manifest(rep); err != nil {
		return nil, err
	}
	if err := v.ledgerEntries(rep); err != nil {
		return nil, err
	}
	if err := v.unexpected(); err != nil {
		return nil, err
	}
	if err := v.caseSummary(); err != nil {
		return nil, err
	}
	if err := v.events(); err != nil {
		return nil, err
	}
	if err := v.records(); err != nil {
		return nil, err
	}
	if err := v.files(rep); err != nil {
		return nil, err
	}
	return rep, nil
}

type verifier struct {
	members     map[string]*zip.File
	sealIndex   int64
	cp          ledger.Checkpoint
	manifestRaw []byte
	m           *Manifest
	// entries are the parsed manifest entries by index; used maps an entry to the
	// event or record it attests, so that none attests two.
	entries map[int64]*ledger.Entry
	used    map[int64]string
	byName  map[string]*File
}

// read returns a member's content, at most limit bytes.
func (v *verifier) read(name string, limit int64) ([]byte, error) {
	f := v.members[name]
	if f == nil {
		return nil, fail(name, "missing from the archive")
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fail(name, "too large (%d bytes)", f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fail(name, "cannot be read: %v", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fail(name, "damaged: %v", err)
	}
	if int64(len(b)) > limit {
		return nil, fail(name, "too large (more than %d bytes)", limit)
	}
	return b, nil
}

func (v *verifier) checkpoint(rep *Report, opts Options) error {
	keyText, err := v.read(KeyName, maxSmall)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(keyText), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			if _, err := ledger.NewVerifier(line); err != nil {
				return fail(KeyName, "%q is not a verifier key: %v", line, err)
			}
			rep.FileKeys = append(rep.FileKeys, line)
		}
	}
	if len(rep.FileKeys) == 0 {
		return fail(KeyName, "holds no verifier key")
	}
	rep.Keys, rep.Pinned = rep.FileKeys, len(opts.Keys) > 0
	if rep.Pinned {
		rep.Keys = opts.Keys
	}
	note, err := v.read(CheckpointName, maxSmall)
	if err != nil {
		return err
	}
	cp, err := ledger.VerifyCheckpoint(note, rep.Keys...)
	if err != nil {
		whose := "the key in " + KeyName
		if rep.Pinned {
			whose = "the pinned key (--key)"
		}
		return fail(CheckpointName, "the signature does not verify with %s: %v", whose, err)
	}
	v.cp, rep.Checkpoint = cp, cp
	return nil
}

// proof checks that data is entry index of the checkpoint's trees.
func (v *verifier) proof(index int64, data []byte) error {
	name := ProofName(index)
	b, err := v.read(name, maxSmall)
	if err != nil {
		return err
	}
	var p ledger.InclusionProof
	if err := strictJSON(b, &p); err != nil {
		return fail(name, "malformed proof: %v", err)
	}
	if p.Index != index {
		return fail(name, "is the proof of entry %d, not of entry %d", p.Index, index)
	}
	if err := p.Verify(data, v.cp); err != nil {
		return fail(name, "entry %d is not proven included in the checkpoint (size %d): %v", index, v.cp.Size, err)
	}
	return nil
}

func (v *verifier) seal(rep *Report) error {
	b, err := v.read(SealName, maxSmall)
	if err != nil {
		return err
	}
	var s Seal
	if err := strictJSON(b, &s); err != nil {
		return fail(SealName, "malformed: %v", err)
	}
	e, err := ledger.ParseEntry([]byte(s.Data))
	if err != nil {
		return fail(SealName, "the seal is not a canonical ledger entry: %v", err)
	}
	if e.Kind != SealKind {
		return fail(SealName, "the seal entry has kind %q, want %q", e.Kind, SealKind)
	}
	if err := v.proof(s.Index, []byte(s.Data)); err != nil {
		return err
	}
	want, ok := e.Hashes[SealHash]
	if !ok {
		return fail(SealName, "the seal entry holds no digest of %s", ManifestName)
	}
	if v.manifestRaw, err = v.read(ManifestName, maxManifest); err != nil {
		return err
	}
	if got := ledger.DigestBytes(v.manifestRaw); got != want {
		return fail(ManifestName, "differs from the manifest sealed in ledger entry %d: it is %s, the seal records %s", s.Index, got, want)
	}
	rep.Seal, rep.SealIndex, v.sealIndex = e, s.Index, s.Index
	return nil
}

func (v *verifier) manifest(rep *Report) error {
	var m Manifest
	if err := strictJSON(v.manifestRaw, &m); err != nil {
		return fail(ManifestName, "malformed: %v", err)
	}
	if m.Format != Format && m.Format != FormatV1 {
		return fail(ManifestName, "format %q, this verifier reads %q", m.Format, Format)
	}
	if m.Origin != v.cp.Origin {
		return fail(ManifestName, "names the ledger %q, the checkpoint is of %q", m.Origin, v.cp.Origin)
	}
	seal := rep.Seal
	if seal.Case != m.Case.Number || seal.Meta["case"] != strconv.FormatInt(m.Case.ID, 10) {
		return fail(SealName, "seals case %q (id %s), the manifest is of case %q (id %d)", seal.Case, seal.Meta["case"], m.Case.Number, m.Case.ID)
	}
	v.m, rep.Manifest = &m, &m
	return nil
}

func (v *verifier) ledgerEntries(rep *Report) error {
	last := int64(-1)
	for _, me := range v.m.Entries {
		if me.Index <= last {
			return fail(ManifestName, "entry %d is out of order or listed twice", me.Index)
		}
		last = me.Index
		e, err := ledger.ParseEntry([]byte(me.Data))
		if err != nil {
			return fail(ManifestName, "entry %d is not a canonical ledger entry: %v", me.Index, err)
		}
		if e.Kind != me.Kind {
			return fail(ManifestName, "entry %d is listed as %q but has kind %q", me.Index, me.Kind, e.Kind)
		}
		if err := v.proof(me.Index, []byte(me.Data)); err != nil {
			return err
		}
		if err := open(me, e); err != nil {
			return err
		}
		rep.Opened += len(me.Openings)
		v.entries[me.Index] = e
	}
	rep.Entries = len(v.m.Entries)
	return nil
}

// open checks the openings of manifest entry me against the commitments of e, its
// parsed entry, and adds the opened values to e.Meta, so that the facts of the manifest
// are compared with committed fields just as with fields in clear.
func open(me Entry, e *ledger.Entry) error {
	openings := make([]ledger.Opening, len(me.Openings))
	for i, o := range me.Openings {
		salt, err := hex.DecodeString(o.Salt)
		if err != nil {
			return fail(ManifestName, "entry %d: the salt of field %q is not hex", me.Index, o.Field)
		}
		openings[i] = ledger.Opening{Field: o.Field, Salt: salt, Value: o.Value}
	}
	if err := ledger.CheckOpenings(e, openings); err != nil {
		return fail(ManifestName, "entry %d: %v", me.Index, err)
	}
	for _, o := range openings {
		if _, clash := e.Meta[o.Field]; clash {
			return fail(ManifestName, "entry %d: field %q is both in clear and committed", me.Index, o.Field)
		}
		if e.Meta == nil {
			e.Meta = map[string]string{}
		}
		e.Meta[o.Field] = o.Value
	}
	return nil
}

// unexpected rejects members the manifest does not account for.
func (v *verifier) unexpected() error {
	known := map[string]bool{ManifestName: true, SealName: true, CheckpointName: true, KeyName: true}
	for idx := range v.entries {
		known[ProofName(idx)] = true
	}
	known[ProofName(v.sealIndex)] = true
	v.byName = map[string]*File{}
	for i := range v.m.Files {
		f := &v.m.Files[i]
		if !validFileName(f.Name) {
			return fail(ManifestName, "file name %q is not a valid member name", f.Name)
		}
		if v.byName[f.Name] != nil {
			return fail(ManifestName, "file %s is listed twice", f.Name)
		}
		v.byName[f.Name] = f
		known[f.Name] = true
	}
	names := make([]string, 0, len(v.members))
	for name := range v.members {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !known[name] {
			return fail(name, "is not part of the case file (not listed in %s)", ManifestName)
		}
	}
	return nil
}

// entry returns the manifest entry at index, for the fact what.
func (v *verifier) entry(index *int64, what string) (int64, *ledger.Entry, error) {
	if index == nil {
		return 0, nil, fail(ManifestName, "%s is not attested by any ledger entry", what)
	}
	e := v.entries[*index]
	if e == nil {
		return 0, nil, fail(ManifestName, "%s cites ledger entry %d, which the case file does not hold", what, *index)
	}
	if prev, ok := v.used[*index]; ok {
		return 0, nil, fail(ManifestName, "%s cites ledger entry %d, which already attests %s", what, *index, prev)
	}
	v.used[*index] = what
	return *index, e, nil
}

// ofCase checks that an entry names the case.
func (v *verifier) ofCase(index int64, e *ledger.Entry, what string) error {
	id := strconv.FormatInt(v.m.Case.ID, 10)
	if e.Case != v.m.Case.Number || e.Meta["case"] != id {
		return fail(ManifestName, "%s: ledger entry %d is of case %q (id %s), not of case %q (id %s)", what, index, e.Case, e.Meta["case"], v.m.Case.Number, id)
	}
	return nil
}

// same reports a manifest value that differs from the entry's.
func same(index int64, what, field, manifest, entry string) error {
	if manifest != entry {
		return fail(ManifestName, "%s: %s is %q in the manifest but %q in ledger entry %d", what, field, manifest, entry, index)
	}
	return nil
}

// byActor checks that the entry was appended by the user.
func byActor(index int64, e *ledger.Entry, what string, userID int64) error {
	if userID > 0 {
		return same(index, what, "the actor", "user/"+strconv.FormatInt(userID, 10), e.Actor)
	}
	return nil
}

func (v *verifier) caseSummary() error {
	c := &v.m.Case
	const what = "the case summary"
	idx, e, err := v.entry(c.LedgerIndex, what)
	if err != nil {
		return err
	}
	if err := same(idx, what, "the entry kind", "case.open", e.Kind); err != nil {
		return err
	}
	if err := v.ofCase(idx, e, what); err != nil {
		return err
	}
	for _, f := range [][3]string{{"agency", strconv.FormatInt(c.AgencyID, 10)}, {"kind", c.Kind}, {"procedure", c.Procedure}, {"item", c.ItemCode}} {
		if err := same(idx, what, f[0], f[1], e.Meta[f[0]]); err != nil {
			return err
		}
	}
	// Every entry of the case other than evidence names it.
	for _, me := range v.m.Entries {
		if e := v.entries[me.Index]; e.Kind != EvidenceKind {
			if err := v.ofCase(me.Index, e, "entry "+strconv.FormatInt(me.Index, 10)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (v *verifier) events() error {
	for i := range v.m.Events {
		ev := &v.m.Events[i]
		what := fmt.Sprintf("event %d (%s)", ev.ID, ev.Action)
		if ev.Action == "open" {
			// The filing is attested by the case summary's entry.
			if ev.LedgerIndex == nil || v.m.Case.LedgerIndex == nil || *ev.LedgerIndex != *v.m.Case.LedgerIndex {
				return fail(ManifestName, "%s does not cite the case's filing entry", what)
			}
			if e := v.entries[*ev.LedgerIndex]; e.Meta["stage"] != "" {
				if err := same(*ev.LedgerIndex, what, "the stage", ev.To, e.Meta["stage"]); err != nil {
					return err
				}
			}
			continue
		}
		idx, e, err := v.entry(ev.LedgerIndex, what)
		if err != nil {
			return err
		}
		if err := v.ofCase(idx, e, what); err != nil {
			return err
		}
		if e.Kind != "case."+ev.Action && e.Meta["action"] != ev.Action {
			return fail(ManifestName, "%s: ledger entry %d records %q (action %q), not this action", what, idx, e.Kind, e.Meta["action"])
		}
		for _, f := range [][2]string{{"from", ev.From}, {"to", ev.To}} {
			if got, ok := e.Meta[f[0]]; ok {
				if err := same(idx, what, "the stage "+f[0], f[1], got); err != nil {
					return err
				}
			}
		}
		if err := byActor(idx, e, what, ev.ActorID); err != nil {
			return err
		}
	}
	return nil
}

func (v *verifier) records() error {
	for i := range v.m.Records {
		r := &v.m.Records[i]
		what := fmt.Sprintf("record %d (%s)", r.ID, r.Title)
		idx, e, err := v.entry(r.LedgerIndex, what)
		if err != nil {
			return err
		}
		if err := v.ofCase(idx, e, what); err != nil {
			return err
		}
		var f *File
		if r.EvidenceID != 0 {
			if f = v.byName[r.File]; f == nil || f.EvidenceID != r.EvidenceID {
				return fail(ManifestName, "%s: its evidence %d is not among the files (file %q)", what, r.EvidenceID, r.File)
			}
		} else if r.File != "" {
			return fail(ManifestName, "%s names file %s but no evidence", what, r.File)
		}
		if f != nil && e.Meta["record"] == "" {
			// A record made with its file in one entry (an issued document): the entry
			// that recorded the file, in this case, attests the record.
			if idx != f.LedgerIndex {
				return fail(ManifestName, "%s: ledger entry %d names no record and did not record its file %s", what, idx, f.Name)
			}
		} else {
			if err := same(idx, what, "the record id", strconv.FormatInt(r.ID, 10), e.Meta["record"]); err != nil {
				return err
			}
			for _, m := range [][2]string{{"kind", r.Kind}, {"title", r.Title}, {"act", r.Act}} {
				if got, ok := e.Meta[m[0]]; ok {
					if err := same(idx, what, m[0], m[1], got); err != nil {
						return err
					}
				}
			}
			ev := ""
			if r.EvidenceID != 0 {
				ev = strconv.FormatInt(r.EvidenceID, 10)
			}
			if err := same(idx, what, "the evidence", ev, e.Meta["evidence"]); err != nil {
				return err
			}
		}
		if err := byActor(idx, e, what, r.CreatedBy); err != nil {
			return err
		}
	}
	return nil
}

func (v *verifier) files(rep *Report) error {
	seen := map[int64]bool{}
	for i := range v.m.Files {
		f := &v.m.Files[i]
		what := "file " + f.Name
		if seen[f.LedgerIndex] {
			return fail(ManifestName, "%s cites ledger entry %d, which already records another file", what, f.LedgerIndex)
		}
		seen[f.LedgerIndex] = true
		e := v.entries[f.LedgerIndex]
		if e == nil {
			return fail(ManifestName, "%s cites ledger entry %d, which the case file does not hold", what, f.LedgerIndex)
		}
		// The entry that recorded the file: "evidence.add", or the entry that issued a
		// document; either holds the digest of the content.
		d, ok := e.Hashes[EvidenceHash]
		if !ok {
			return fail(ManifestName, "%s: ledger entry %d (%s) records no file content", what, f.LedgerIndex, e.Kind)
		}
		if err := same(f.LedgerIndex, what, "the size", strconv.FormatInt(f.Size, 10), strconv.FormatInt(d.Size, 10)); err != nil {
			return err
		}
		if err := same(f.LedgerIndex, what, "the SHA-256", f.SHA256, hex.EncodeToString(d.SHA256[:])); err != nil {
			return err
		}
		if err := same(f.LedgerIndex, what, "the SM3", f.SM3, hex.EncodeToString(d.SM3[:])); err != nil {
			return err
		}
		for _, m := range [][2]string{{"mime", f.MIME}, {"kind", f.Kind}, {"title", f.Title}} {
			if got, ok := e.Meta[m[0]]; ok {
				if err := same(f.LedgerIndex, what, m[0], m[1], got); err != nil {
					return err
				}
			}
		}
		got, err := v.digest(f.Name)
		if err != nil {
			return err
		}
		if got != d {
			return fail(f.Name, "the content differs from ledger entry %d: it is %s, the entry records %s", f.LedgerIndex, got, d)
		}
		rep.Files++
		rep.Bytes += got.Size
	}
	return nil
}

// digest streams a member through both hashes.
func (v *verifier) digest(name string) (ledger.Digest, error) {
	zf := v.members[name]
	if zf == nil {
		return ledger.Digest{}, fail(name, "missing from the archive")
	}
	rc, err := zf.Open()
	if err != nil {
		return ledger.Digest{}, fail(name, "cannot be read: %v", err)
	}
	defer rc.Close()
	d, err := ledger.DigestOf(rc)
	if errors.Is(err, zip.ErrChecksum) {
		return ledger.Digest{}, fail(name, "damaged: the content fails the archive's checksum (changed after export)")
	} else if err != nil {
		return ledger.Digest{}, fail(name, "damaged: %v", err)
	}
	return d, nil
}

// strictJSON decodes exactly one JSON value with no unknown fields.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}
