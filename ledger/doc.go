// Package ledger is zhifa's tamper-evident log (防删改): an append-only
// sequence of entries under two Merkle trees, signed checkpoints, proofs and
// tiles. It knows nothing of HTTP or SQL; storage supplies stored hashes
// through HashReader and entries as bytes.
//
// # Entries
//
// An Entry records one state change of a case or one record: kind, case,
// actor, time, the digests of the evidence blobs it covers, and string
// metadata. Its canonical bytes (Entry.Canonical) are what both trees hash;
// ParseEntry accepts those bytes and nothing else. The encoding is JSON in
// the RFC 8785 canonical form (JCS), so any JCS implementation reproduces it:
//
//	{"actor":"officer1","case":"2025-0001","hashes":{"photo.jpg":{"sha256":"<64 hex>","size":1234,"sm3":"<64 hex>"}},"kind":"evidence.add","meta":{"note":"现场照片"},"time":"2025-03-01T08:30:00.000000Z","v":1}
//
// The exact rules:
//   - One object, no whitespace anywhere outside strings.
//   - Members sorted by the UTF-16 code units of their names (for the fixed
//     names: actor, case, hashes, kind, meta, time, v), each name at most once.
//   - "actor" (non-empty), "kind", "time" and "v" are always present. "case",
//     "hashes" and "meta" are present if and only if they are non-empty.
//   - "kind": 1 to 64 bytes of a-z, 0-9, '.', '_', '-'.
//   - "time": UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ, always six fractional
//     digits (microsecond precision; finer times are rejected, not rounded).
//   - "v": the integer 1, the encoding version.
//   - "hashes": blob name → {"sha256": lowercase hex, "size": bytes, "sm3":
//     lowercase hex}; all three members are required; names are non-empty.
//   - "meta": field name → string value; names are non-empty.
//   - Strings are valid UTF-8 (invalid UTF-8 is an error, never replaced),
//     not normalized (NFC is not required, so "é" and "e\u0301" differ). Only
//     '"' and '\' are escaped with a backslash, U+0008/9/A/C/D as \b \t \n \f
//     \r, other characters below U+0020 as \u00xx (lowercase hex); all others,
//     including '/', U+007F and non-ASCII, appear as themselves.
//   - Integers are plain decimal without sign or leading zeros, at most 2^53-1.
//   - At most 65,535 bytes in all (the entry bundle length prefix).
//
// Format 2 ("v":2) adds one optional member, "commits" (between "case" and
// "hashes"): field name → {"sha256": lowercase hex, "sm3": lowercase hex}, the
// hashes of salt‖value for a fresh 16-byte random salt per entry and field
// (Commit). Free text and personal data enter format-2 entries only this way;
// the salt and value (an Opening) stay with the business data, and
// CheckOpenings rechecks them. Format-1 entries, which carried such text in
// "meta" in clear, remain valid and are verified as before.
//
// # Two trees
//
// The same entries form two RFC 6962 Merkle trees: leaf hash H(0x00 ||
// entry), node hash H(0x01 || left || right), empty root H(""), with H =
// SHA-256 (interoperable with C2SP tlog tooling and golang.org/x/mod/sumdb/tlog)
// and H = SM3 (GB/T 32905). Algorithm selects a tree; Algorithm.LogHasher
// plugs either into github.com/transparency-dev/merkle.
//
// Each tree is stored as "stored hashes", numbered as in
// golang.org/x/mod/sumdb/tlog (StoredHashIndex): appending entry n stores its
// leaf hash and then the hash of every perfect subtree it completes, so the
// numbering is dense and identical for both trees, and a store can keep one
// row per index with both hashes. A writer keeps a Tree (the compact range of
// both trees) to append without reads (Tree.Append returns the hashes to
// store) and reloads it with LoadTree; StoredHashes and TreeHash do the same
// from a HashReader alone. Inclusion and consistency proofs (InclusionPath,
// ConsistencyPath; both trees at once with ProveInclusion, ProveConsistency)
// read every hash they need in one ReadHashes call.
//
// # Tiles
//
// Tiles follow C2SP tlog-tiles with height 8: tile (L, N) holds up to 256
// stored hashes of tree level 8·L, starting at N·256; a tile of W < 256 hashes
// is partial. Paths, relative to the log's prefix:
//
//	tile/<L>/<N>[.p/<W>]        SHA-256 tree, exactly as C2SP tlog-tiles
//	tile/sm3/<L>/<N>[.p/<W>]    SM3 tree, same geometry
//	tile/entries/<N>[.p/<W>]    entry bundles: each entry as a big-endian
//	                            uint16 length and its canonical bytes
//
// with N in 3-digit groups, all but the last prefixed with 'x' (1234067 is
// x001/x234/067). The SHA-256 hash tiles have the contents of
// golang.org/x/mod/sumdb/tlog's tiles of height 8 (whose paths add the
// height: tile/8/0/x001/234), so tlog.TileHashReader can read them.
//
// # Checkpoints
//
// A Checkpoint is a C2SP tlog-checkpoint whose note text carries the SM3 root
// in an extension line:
//
//	<origin>
//	<tree size>
//	<base64 SHA-256 root>
//	sm3 <base64 SM3 root>
//
// Signer signs it as a C2SP signed note with the log's Ed25519 key (in
// golang.org/x/mod/sumdb/note's key encoding, named after the origin) and,
// when configured, an SM2 key. The SM2 signature line uses the signed-note
// type byte 0xff ("no assigned identifier") followed by the DER encoding of
// the sm2sign-with-sm3 OID 1.2.156.10197.1.501; the key ID is computed as
// for any note key, SHA-256(name || "\n" || type || 65-byte public point)[:4],
// and the signature is the ASN.1 DER SM2 signature (SM3 digest, default user
// ID) of the note text. Verifiers that only know the Ed25519 key ignore the
// SM2 line, as the signed-note spec requires of unknown keys, so
// golang.org/x/mod/sumdb/note.Open accepts the note with the Ed25519 verifier
// key alone. VerifyCheckpoint checks either or both.
//
// # Audit
//
// Audit (or an Auditor, fed entry by entry) recomputes both trees from the
// entries, checks that every entry is canonical, optionally checks evidence
// and stored hashes, and that every checkpoint ever issued matches the
// recomputed roots at its size; it reports the first difference as a
// *Divergence with the entry index and what differs. MemLog is the in-memory
// reference log used by tests and benchmarks.
package ledger
