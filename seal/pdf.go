package seal

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"

	"github.com/emmansun/gmsm/pkcs7"
	"github.com/emmansun/gmsm/smx509"
)

// The digital signature over the PDF, the way PAdES (ETSI EN 319 142-1) and ISO 32000
// §12.8 place it: an incremental update appended to the printed file adds a signature
// field (an invisible widget on the first page, listed in the catalog's AcroForm) whose
// value is a /Sig dictionary with /SubFilter /adbe.pkcs7.detached; its /ByteRange
// covers the whole file except the /Contents hex string, which holds a detached CMS
// SignedData (RFC 5652) over those bytes: SM2 with SM3, or RSA with SHA-256. The
// original bytes are untouched, so the printed document still reads the same, and any
// standard reader (pdfsig, Acrobat) finds the signature. The update is written by hand
// (it is small): the files come from Chromium's printer, a classic cross-reference
// table without object streams, which is what this parser reads.

// contentsSize is the room reserved for the CMS SignedData (bytes; twice as many hex
// digits): the signer's and the CA's certificates and one signature fit with margin.
const contentsSize = 8192

// Errors of signing and verification; verification errors wrap one of these.
var (
	// ErrUnsupported: the PDF is not one this package can sign (no classic xref table,
	// already carrying a form or a signature).
	ErrUnsupported = errors.New("seal: unsupported PDF")
	// ErrNotSigned: the file carries no signature.
	ErrNotSigned = errors.New("seal: the PDF carries no signature")
	// ErrModified: the signed bytes were changed, or bytes were added after signing.
	ErrModified = errors.New("seal: the PDF was modified after signing")
	// ErrUntrusted: the signature is intact but its certificate was not issued by a
	// trusted seal CA (or was not valid at the signing time).
	ErrUntrusted = errors.New("seal: the signing certificate is not trusted")
	// ErrMalformed: the signature cannot be read.
	ErrMalformed = errors.New("seal: malformed signature")
)

// Sign appends the signature of s to pdf and returns the signed file. at is the
// signing time written into the signature dictionary and the CMS signing-time attribute
// is the clock's now.
func Sign(pdf []byte, s *Signer, at time.Time, reason string) ([]byte, error) {
	if s == nil || s.Key == nil || s.Cert == nil {
		return nil, errors.New("seal: no signer")
	}
	doc, err := parsePDF(pdf)
	if err != nil {
		return nil, err
	}
	out, cs, ce, brAt, err := doc.appendUpdate(s.Name, reason, at)
	if err != nil {
		return nil, err
	}
	br := fmt.Sprintf("[0 %10d %10d %10d]", cs, ce, len(out)-ce)
	copy(out[brAt:], br)
	signed := make([]byte, 0, len(out)-(ce-cs))
	signed = append(append(signed, out[:cs]...), out[ce:]...)
	der, err := cms(signed, s)
	if err != nil {
		return nil, err
	}
	if 2*len(der) > ce-cs-2 {
		return nil, fmt.Errorf("seal: signature of %d bytes exceeds the reserved %d", len(der), contentsSize)
	}
	hex.Encode(out[cs+1:], der)
	return out, nil
}

// cms signs data with a detached CMS SignedData carrying the signer's chain.
func cms(data []byte, s *Signer) ([]byte, error) {
	var sd *pkcs7.SignedData
	var err error
	switch AlgorithmOf(s.Cert.PublicKey) {
	case SM2:
		sd, err = pkcs7.NewSMSignedData(data)
	default:
		sd, err = pkcs7.NewSignedData(data)
		if err == nil {
			sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := sd.AddSignerChain(s.Cert, s.Key, s.Chain, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("seal: sign: %w", err)
	}
	sd.Detach()
	return sd.Finish()
}

// Result is what a valid signature tells.
type Result struct {
	Cert        *smx509.Certificate
	Fingerprint string // of Cert (Fingerprint)
	Algorithm   Algorithm
	SignedAt    time.Time // the CMS signing-time attribute; zero without one
}

// Signer's name on the certificate (the agency).
func (r *Result) Signer() string { return r.Cert.Subject.CommonName }

var byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// Verify checks the last signature of pdf: that its byte range covers the whole file but
// the signature itself (nothing was appended after signing), that the CMS signature is
// valid over those bytes, and that the certificate chains to one of roots at the
// signing time. Revocation is the caller's (the seal register).
func Verify(pdf []byte, roots *smx509.CertPool) (*Result, error) {
	all := byteRangeRE.FindAllSubmatchIndex(pdf, -1)
	if len(all) == 0 {
		return nil, ErrNotSigned
	}
	m := all[len(all)-1]
	var br [4]int
	for i := range br {
		n, err := strconv.Atoi(string(pdf[m[2+2*i]:m[3+2*i]]))
		if err != nil {
			return nil, fmt.Errorf("%w: byte range", ErrMalformed)
		}
		br[i] = n
	}
	cs, ce := br[1], br[2]
	if br[0] != 0 || cs <= 0 || ce <= cs || ce+br[3] != len(pdf) || ce > len(pdf) {
		return nil, fmt.Errorf("%w: the signature does not cover the whole file", ErrModified)
	}
	if pdf[cs] != '<' || pdf[ce-1] != '>' {
		return nil, fmt.Errorf("%w: the signed byte range was shifted", ErrModified)
	}
	raw := make([]byte, (ce-cs-2)/2)
	if _, err := hex.Decode(raw, pdf[cs+1:ce-1]); err != nil {
		return nil, fmt.Errorf("%w: contents: %v", ErrModified, err)
	}
	var rv asn1.RawValue
	rest, err := asn1.Unmarshal(raw, &rv)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	// The room left after the signature is zeros as written: a changed byte there is a
	// change to the file, even though the signature does not cover it.
	if bytes.ContainsFunc(rest, func(r rune) bool { return r != 0 }) {
		return nil, fmt.Errorf("%w: the signature's padding was changed", ErrModified)
	}
	p7, err := pkcs7.Parse(rv.FullBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	p7.Content = append(append(make([]byte, 0, len(pdf)-(ce-cs)), pdf[:cs]...), pdf[ce:]...)
	if err := p7.Verify(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModified, err)
	}
	if err := p7.VerifyWithChain(roots); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUntrusted, err)
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		return nil, fmt.Errorf("%w: not exactly one signer", ErrMalformed)
	}
	r := &Result{Cert: cert, Fingerprint: Fingerprint(cert.Raw), Algorithm: AlgorithmOf(cert.PublicKey)}
	var t time.Time
	if err := p7.UnmarshalSignedAttribute(oidSigningTime, &t); err == nil {
		r.SignedAt = t
	}
	return r, nil
}

// pdfFile is a parsed PDF: its bytes, where its objects are, and its trailer.
type pdfFile struct {
	b       []byte
	offsets map[int]int // object number → byte offset of "N G obj"
	size    int         // the trailer's /Size
	xref    int         // offset of the last cross-reference section
	root    ref
	info    string // the trailer's /Info and /ID entries, carried into the update
}

type ref struct{ num, gen int }

func (r ref) String() string { return fmt.Sprintf("%d %d R", r.num, r.gen) }

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	rootRE      = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	infoRE      = regexp.MustCompile(`/Info\s+\d+\s+\d+\s+R`)
	idRE        = regexp.MustCompile(`/ID\s*\[[^\]]*\]`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
	prevRE      = regexp.MustCompile(`/Prev\s+(\d+)`)
	pagesRE     = regexp.MustCompile(`/Pages\s+(\d+)\s+(\d+)\s+R`)
	kidsRE      = regexp.MustCompile(`/Kids\s*\[\s*(\d+)\s+(\d+)\s+R`)
	pagesTypeRE = regexp.MustCompile(`/Type\s*/Pages\b`)
	annotsRE    = regexp.MustCompile(`/Annots\s*\[`)
)

func unsupported(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, a...)...)
}

// parsePDF reads the cross-reference sections (following /Prev) and the last trailer.
func parsePDF(b []byte) (*pdfFile, error) {
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return nil, unsupported("not a PDF")
	}
	m := startxrefRE.FindSubmatch(b[max(0, len(b)-1024):])
	if m == nil {
		return nil, unsupported("no startxref")
	}
	last, _ := strconv.Atoi(string(m[1]))
	f := &pdfFile{b: b, offsets: map[int]int{}, xref: last}
	seen := map[int]bool{}
	for at, first := last, true; ; first = false {
		if seen[at] || at <= 0 || at >= len(b) {
			return nil, unsupported("bad cross-reference offset")
		}
		seen[at] = true
		trailer, err := f.readXref(at)
		if err != nil {
			return nil, err
		}
		if first {
			sm := sizeRE.FindSubmatch(trailer)
			rm := rootRE.FindSubmatch(trailer)
			if sm == nil || rm == nil {
				return nil, unsupported("trailer without /Size or /Root")
			}
			f.size, _ = strconv.Atoi(string(sm[1]))
			f.root.num, _ = strconv.Atoi(string(rm[1]))
			f.root.gen, _ = strconv.Atoi(string(rm[2]))
			if i := infoRE.Find(trailer); i != nil {
				f.info += " " + string(i)
			}
			if id := idRE.Find(trailer); id != nil {
				f.info += " " + string(id)
			}
		}
		pm := prevRE.FindSubmatch(trailer)
		if pm == nil {
			return f, nil
		}
		at, _ = strconv.Atoi(string(pm[1]))
	}
}

// readXref reads the classic cross-reference section at offset at into f.offsets
// (entries already known from a newer section win) and returns its trailer dictionary.
func (f *pdfFile) readXref(at int) ([]byte, error) {
	b := f.b
	if !bytes.HasPrefix(b[at:], []byte("xref")) {
		return nil, unsupported("cross-reference streams are not supported")
	}
	t := bytes.Index(b[at:], []byte("trailer"))
	if t < 0 {
		return nil, unsupported("no trailer")
	}
	fields := bytes.Fields(b[at+4 : at+t])
	for i := 0; i+1 < len(fields); {
		start, err1 := strconv.Atoi(string(fields[i]))
		count, err2 := strconv.Atoi(string(fields[i+1]))
		if err1 != nil || err2 != nil || count < 0 || i+2+3*count > len(fields) {
			return nil, unsupported("bad cross-reference section")
		}
		for k := range count {
			e := fields[i+2+3*k:]
			if string(e[2]) != "n" {
				continue
			}
			if _, known := f.offsets[start+k]; known {
				continue
			}
			off, err := strconv.Atoi(string(e[0]))
			if err != nil {
				return nil, unsupported("bad cross-reference entry")
			}
			f.offsets[start+k] = off
		}
		i += 2 + 3*count
	}
	open, end, err := dictSpan(b, at+t)
	if err != nil {
		return nil, err
	}
	return b[open:end], nil
}

// object returns the dictionary of object r: its bytes from "<<" to ">>".
func (f *pdfFile) object(r ref) ([]byte, error) {
	off, ok := f.offsets[r.num]
	if !ok || off >= len(f.b) {
		return nil, unsupported("object %d not found", r.num)
	}
	head := fmt.Sprintf("%d %d obj", r.num, r.gen)
	if !bytes.HasPrefix(f.b[off:], []byte(head)) {
		return nil, unsupported("object %d not at its offset", r.num)
	}
	open, end, err := dictSpan(f.b, off+len(head))
	if err != nil {
		return nil, err
	}
	return f.b[open:end], nil
}

// firstPage walks the page tree from the catalog to the first page.
func (f *pdfFile) firstPage(catalog []byte) (ref, []byte, error) {
	m := pagesRE.FindSubmatch(catalog)
	if m == nil {
		return ref{}, nil, unsupported("catalog without /Pages")
	}
	r := refOf(m[1], m[2])
	for range 32 {
		d, err := f.object(r)
		if err != nil {
			return ref{}, nil, err
		}
		if !pagesTypeRE.Match(d) {
			return r, d, nil
		}
		k := kidsRE.FindSubmatch(d)
		if k == nil {
			return ref{}, nil, unsupported("page tree without kids")
		}
		r = refOf(k[1], k[2])
	}
	return ref{}, nil, unsupported("page tree too deep")
}

func refOf(num, gen []byte) ref {
	n, _ := strconv.Atoi(string(num))
	g, _ := strconv.Atoi(string(gen))
	return ref{n, g}
}

// appendUpdate returns the file with the incremental update appended: the signature
// dictionary with its /Contents placeholder, the signature field's widget, the catalog
// with its AcroForm and the first page with the widget among its annotations, a
// cross-reference section and a trailer. It returns where the /Contents hex string
// starts and ends and where the /ByteRange array is to be written.
func (f *pdfFile) appendUpdate(name, reason string, at time.Time) (out []byte, cs, ce, brAt int, err error) {
	catalog, err := f.object(f.root)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	if bytes.Contains(catalog, []byte("/AcroForm")) {
		return nil, 0, 0, 0, unsupported("the PDF already has a form or a signature")
	}
	pageRef, page, err := f.firstPage(catalog)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	sig, widget := ref{f.size, 0}, ref{f.size + 1, 0}
	var newPage []byte
	switch {
	case annotsRE.Match(page):
		loc := annotsRE.FindIndex(page)
		newPage = append(append(append([]byte{}, page[:loc[1]]...), []byte(widget.String()+" ")...), page[loc[1]:]...)
	case bytes.Contains(page, []byte("/Annots")):
		return nil, 0, 0, 0, unsupported("indirect /Annots")
	default:
		newPage = insertEntry(page, "/Annots ["+widget.String()+"]")
	}
	newCatalog := insertEntry(catalog, "/AcroForm << /Fields ["+widget.String()+"] /SigFlags 3 >>")

	out = make([]byte, 0, len(f.b)+2*contentsSize+4096)
	out = append(out, f.b...)
	if out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	offsets := map[int]int{}
	obj := func(r ref, body []byte) {
		offsets[r.num] = len(out)
		out = fmt.Appendf(out, "%d %d obj\n", r.num, r.gen)
		out = append(out, body...)
		out = append(out, "\nendobj\n"...)
	}
	obj(f.root, newCatalog)
	obj(pageRef, newPage)
	// The signature dictionary, written by hand for the two offsets it needs.
	offsets[sig.num] = len(out)
	out = fmt.Appendf(out, "%d 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange ", sig.num)
	brAt = len(out)
	out = append(out, fmt.Sprintf("[0 %10d %10d %10d]", 0, 0, 0)...)
	out = append(out, " /Contents "...)
	cs = len(out)
	out = append(out, '<')
	out = append(out, bytes.Repeat([]byte("0"), 2*contentsSize)...)
	out = append(out, '>')
	ce = len(out)
	out = fmt.Appendf(out, " /M %s /Name %s /Reason %s >>\nendobj\n", pdfDate(at), pdfText(name), pdfText(reason))
	obj(widget, fmt.Appendf(nil, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (zhifa-seal) /V %s /F 132 /Rect [0 0 0 0] /P %s >>", sig, pageRef))

	xref := len(out)
	out = append(out, "xref\n"...)
	for _, n := range slices.Sorted(maps.Keys(offsets)) {
		gen := 0
		if n == f.root.num {
			gen = f.root.gen
		} else if n == pageRef.num {
			gen = pageRef.gen
		}
		out = fmt.Appendf(out, "%d 1\n%010d %05d n \n", n, offsets[n], gen)
	}
	out = fmt.Appendf(out, "trailer\n<< /Size %d /Root %s%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", f.size+2, f.root, f.info, f.xref, xref)
	return out, cs, ce, brAt, nil
}

// insertEntry adds an entry before the closing ">>" of dict.
func insertEntry(dict []byte, entry string) []byte {
	out := append([]byte{}, dict[:len(dict)-2]...)
	out = append(out, '\n')
	out = append(out, entry...)
	return append(out, ">>"...)
}

// dictSpan finds the first dictionary at or after from and returns its start ("<<")
// and end (after the matching ">>"), skipping literal and hex strings.
func dictSpan(b []byte, from int) (int, int, error) {
	open := bytes.Index(b[from:], []byte("<<"))
	if open < 0 {
		return 0, 0, unsupported("no dictionary")
	}
	open += from
	depth := 0
	for i := open; i < len(b); i++ {
		switch b[i] {
		case '(':
			i = skipLiteral(b, i)
		case '<':
			if i+1 < len(b) && b[i+1] == '<' {
				depth++
				i++
				continue
			}
			for i < len(b) && b[i] != '>' { // a hex string
				i++
			}
		case '>':
			if i+1 < len(b) && b[i+1] == '>' {
				depth--
				i++
				if depth == 0 {
					return open, i + 1, nil
				}
			}
		}
	}
	return 0, 0, unsupported("unterminated dictionary")
}

// skipLiteral returns the index of the ")" closing the literal string opening at i.
func skipLiteral(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// pdfDate formats t as a PDF date in China Standard Time.
func pdfDate(t time.Time) string {
	return t.In(cst).Format("(D:20060102150405+08'00')")
}

var cst = time.FixedZone("CST", 8*3600)

// pdfText encodes s as a PDF text string: UTF-16BE with a byte-order mark, in hex.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
