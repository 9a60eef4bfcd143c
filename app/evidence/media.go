package evidence

import (
	"bytes"
	"encoding/binary"
	"mime"
	"net/http"
	"slices"
	"strings"

	"zhifa"
)

// The media policy of evidence files: which MIME types each kind accepts, and how the
// first bytes of a file (sniffHead of them) must look for its declared type. A file
// whose content contradicts its declared type is refused, so that the type recorded in
// the ledger, and served back to browsers, is the file's real one.

// sniffHead is the number of leading bytes examined, as http.DetectContentType does.
const sniffHead = 512

// evidenceMIMEs lists the MIME types each kind accepts, in display order.
var evidenceMIMEs = map[zhifa.EvidenceKind][]string{
	zhifa.EvidencePhoto:    {"image/jpeg", "image/png", "image/heic"},
	zhifa.EvidenceVideo:    {"video/mp4", "video/webm", "video/quicktime"},
	zhifa.EvidenceAudio:    {"audio/mpeg", "audio/mp4", "audio/wav", "audio/webm"},
	zhifa.EvidenceDocument: {"application/pdf", MIMEOFD, MIMEDocx, MIMEXlsx},
	// Other files: a conservative set of formats that browsers do not execute.
	zhifa.EvidenceOther: {"text/plain", "text/csv", "image/gif", "image/webp", "image/tiff"},
}

// EvidenceMIMEs returns the MIME types the kind accepts.
func EvidenceMIMEs(kind zhifa.EvidenceKind) []string { return slices.Clone(evidenceMIMEs[kind]) }

// mimeAliases maps other names in use to the canonical type.
var mimeAliases = map[string]string{
	"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg",
	"image/heif": "image/heic", "image/heic-sequence": "image/heic", "image/heif-sequence": "image/heic",
	"audio/mp3": "audio/mpeg", "audio/mpeg3": "audio/mpeg", "audio/x-mpeg": "audio/mpeg",
	"audio/x-m4a": "audio/mp4", "audio/m4a": "audio/mp4", "audio/aac": "audio/mp4",
	"audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav",
	"video/x-m4v": "video/mp4", "application/x-pdf": "application/pdf",
}

// mimeExt maps the accepted types, and text/html of issued documents (never accepted as
// an upload), to a file name extension.
var mimeExt = map[string]string{
	"text/html":  ".html",
	"image/jpeg": ".jpg", "image/png": ".png", "image/heic": ".heic",
	"video/mp4": ".mp4", "video/webm": ".webm", "video/quicktime": ".mov",
	"audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/wav": ".wav", "audio/webm": ".weba",
	"application/pdf": ".pdf", MIMEOFD: ".ofd", MIMEDocx: ".docx", MIMEXlsx: ".xlsx",
	"text/plain": ".txt", "text/csv": ".csv", "image/gif": ".gif", "image/webp": ".webp", "image/tiff": ".tif",
}

// EvidenceFileExt returns the file name extension of an accepted MIME type, ".bin" for
// any other.
func EvidenceFileExt(mimeType string) string {
	if ext, ok := mimeExt[mimeType]; ok {
		return ext
	}
	return ".bin"
}

// normalizeMIME returns the canonical, lower-case form of a declared type without
// parameters ("video/mp4; codecs=avc1" is "video/mp4"); "" for none or a malformed one.
func normalizeMIME(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(s)
	if err != nil {
		return ""
	}
	if a, ok := mimeAliases[mt]; ok {
		return a
	}
	return mt
}

// kindOfMIME returns the kind whose list holds the type, "" if none does.
func kindOfMIME(mt string) zhifa.EvidenceKind {
	for _, k := range zhifa.EvidenceKinds {
		if slices.Contains(evidenceMIMEs[k], mt) {
			return k
		}
	}
	return ""
}

// sniffMIME guesses the type of content from its head, among the accepted types:
// the most specific one that matches, "" if none does.
func sniffMIME(head []byte) string {
	order := []string{
		"image/jpeg", "image/png", "image/heic", "image/gif", "image/webp", "image/tiff",
		"application/pdf", "application/ofd", "video/webm", "video/mp4", "video/quicktime",
		"audio/wav", "audio/mpeg", "text/plain",
	}
	if brands, ok := ftypBrands(head); ok {
		switch {
		case brands[0] == "qt  ":
			return "video/quicktime"
		case strings.HasPrefix(brands[0], "M4") && brands[0] != "M4V ":
			return "audio/mp4" // M4A, M4B (audio books), M4P
		}
	}
	for _, mt := range order {
		if contentMatches(mt, head) {
			return mt
		}
	}
	return ""
}

// contentMatches reports whether head, the first bytes of a file, fits the type.
func contentMatches(mt string, head []byte) bool {
	switch mt {
	case "image/jpeg":
		return bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF})
	case "image/png":
		return bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n"))
	case "image/gif":
		return bytes.HasPrefix(head, []byte("GIF87a")) || bytes.HasPrefix(head, []byte("GIF89a"))
	case "image/webp":
		return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP"
	case "image/tiff":
		return bytes.HasPrefix(head, []byte("II*\x00")) || bytes.HasPrefix(head, []byte("MM\x00*"))
	case "image/heic":
		brands, ok := ftypBrands(head)
		return ok && brands[0] != "avif" && brands[0] != "avis" && slices.ContainsFunc(brands, isHEIFBrand)
	case "video/mp4", "audio/mp4", "video/quicktime":
		// ISO base media files (MP4, M4A, MOV): an ftyp box, except HEIF images; or, for
		// older QuickTime files without one, a top-level atom of that format.
		if brands, ok := ftypBrands(head); ok {
			return !isImageBrand(brands[0])
		}
		if mt == "video/quicktime" && len(head) >= 8 {
			switch string(head[4:8]) {
			case "moov", "mdat", "wide", "free", "skip", "pnot":
				return true
			}
		}
		return false
	case "video/webm", "audio/webm":
		return bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}) // EBML (Matroska/WebM)
	case "audio/mpeg":
		// An ID3v2 tag, or an MPEG audio frame header (11 sync bits, a valid layer).
		return bytes.HasPrefix(head, []byte("ID3")) ||
			len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0 && head[1]&0x06 != 0
	case "audio/wav":
		return len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE"
	case "application/pdf":
		// The header may follow a little junk (PDF 32000-1, 7.5.2 allows it in practice).
		return bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-"))
	case MIMEOFD, MIMEDocx, MIMEXlsx:
		// A ZIP package: what it holds is checked on the whole file (packageMIME).
		return bytes.HasPrefix(head, zipMagic)
	case "text/plain", "text/csv":
		// Text as http.DetectContentType sees it: no binary bytes (UTF-8, or a legacy
		// encoding such as GBK); and no markup (HTML, SVG, XML), which a browser that
		// ignored the declared type could run.
		trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n\f")
		return strings.HasPrefix(http.DetectContentType(head), "text/plain") && !bytes.HasPrefix(trimmed, []byte("<"))
	}
	return false
}

// ftypBrands returns the major and compatible brands of an ISO base media file's ftyp
// box, the first box of the file; ok is false without one.
func ftypBrands(head []byte) (brands []string, ok bool) {
	if len(head) < 12 || string(head[4:8]) != "ftyp" {
		return nil, false
	}
	size := int(binary.BigEndian.Uint32(head[:4]))
	if size < 12 || size%4 != 0 {
		return nil, false
	}
	end := min(size, len(head))
	brands = append(brands, string(head[8:12])) // major brand; [12:16] is its version
	for i := 16; i+4 <= end; i += 4 {
		brands = append(brands, string(head[i:i+4]))
	}
	return brands, true
}

// isImageBrand reports whether an ftyp major brand marks a still image (HEIF, AVIF).
func isImageBrand(b string) bool {
	return isHEIFBrand(b) || b == "avif" || b == "avis"
}

// isHEIFBrand reports whether an ftyp brand marks a HEIF/HEIC still image.
func isHEIFBrand(b string) bool {
	switch b {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}
