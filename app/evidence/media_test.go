package evidence

import (
	"slices"
	"strings"
	"testing"

	"zhifa"
)

// ftyp builds the head of an ISO base media file with the major brand and compatible
// brands.
func ftyp(major string, compat ...string) []byte {
	size := 16 + 4*len(compat)
	b := []byte{0, 0, 0, byte(size)}
	b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
	for _, c := range compat {
		b = append(b, c...)
	}
	return append(b, "\x00\x00\x00\x08free"...)
}

// TestSniffMIME checks the type each kind of file is recognized as, and which declared
// types its content fits.
func TestSniffMIME(t *testing.T) {
	// The ISO base media formats (MP4, M4A, MOV) are one container: any of the three
	// declared types fits any of them.
	tests := []struct {
		name string
		head []byte
		want string   // sniffMIME
		fits []string // further declared types the content fits
	}{
		{"JPEG", []byte("\xFF\xD8\xFF\xE1\x00\x10Exif"), "image/jpeg", nil},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "image/png", nil},
		{"HEIC from an iPhone", ftyp("heic", "mif1", "heic"), "image/heic", nil},
		{"HEIF", ftyp("mif1", "mif1", "heic"), "image/heic", nil},
		{"MP4", ftyp("isom", "isom", "iso2", "avc1", "mp41"), "video/mp4", []string{"audio/mp4", "video/quicktime"}},
		{"MP4 from a body camera", ftyp("mp42", "mp42", "isom"), "video/mp4", []string{"audio/mp4", "video/quicktime"}},
		{"MOV from an iPhone", ftyp("qt  ", "qt  "), "video/quicktime", []string{"video/mp4", "audio/mp4"}},
		{"old MOV without ftyp", []byte("\x00\x00\x00\x08wide\x00\x00\x10\x00mdat"), "video/quicktime", nil},
		{"M4A", ftyp("M4A ", "M4A ", "mp42", "isom"), "audio/mp4", []string{"video/mp4", "video/quicktime"}},
		{"WebM", []byte("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01webm"), "video/webm", []string{"audio/webm"}},
		{"MP3 with ID3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00"), "audio/mpeg", nil},
		{"MP3 frame", []byte("\xFF\xFB\x90\x64\x00\x00"), "audio/mpeg", nil},
		{"WAV", []byte("RIFF\x24\x08\x00\x00WAVEfmt "), "audio/wav", nil},
		{"PDF", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), "application/pdf", nil},
		// A ZIP head fits each package type; the package itself is checked whole (packageMIME).
		{"OFD", []byte("PK\x03\x04\x14\x00\x00\x00OFD.xml"), "application/ofd", []string{MIMEDocx, MIMEXlsx}},
		{"text", []byte("询问笔录\n时间：2026年3月2日\n"), "text/plain", []string{"text/csv"}},
		{"CSV", []byte("序号,物品,数量\n1,食品,20\n"), "text/plain", []string{"text/csv"}},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00"), "image/gif", nil},
		{"WebP", []byte("RIFF\x24\x08\x00\x00WEBPVP8 "), "image/webp", nil},
		{"TIFF", []byte("II*\x00\x08\x00\x00\x00"), "image/tiff", nil},
		{"text with a BOM", []byte("\xEF\xBB\xBF现场检查记录"), "text/plain", []string{"text/csv"}},
		{"HTML", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), "", nil},
		{"SVG", []byte("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"), "", nil},
		{"Windows executable", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), "", nil},
		{"ELF executable", []byte("\x7FELF\x02\x01\x01\x00"), "", nil},
		{"AVIF is no video", ftyp("avif", "avif", "mif1", "miaf"), "", nil},
		{"random bytes", []byte{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c}, "", nil},
	}
	all := slices.Concat(evidenceMIMEs[zhifa.EvidencePhoto], evidenceMIMEs[zhifa.EvidenceVideo], evidenceMIMEs[zhifa.EvidenceAudio],
		evidenceMIMEs[zhifa.EvidenceDocument], evidenceMIMEs[zhifa.EvidenceOther])
	for _, tt := range tests {
		if got := sniffMIME(tt.head); got != tt.want {
			t.Errorf("%s: sniffed %q, want %q", tt.name, got, tt.want)
		}
		fits := append([]string{tt.want}, tt.fits...)
		for _, mt := range all {
			if got, want := contentMatches(mt, tt.head), slices.Contains(fits, mt); got != want {
				t.Errorf("%s declared as %s: fits %v, want %v", tt.name, mt, got, want)
			}
		}
	}
}

func TestNormalizeMIME(t *testing.T) {
	for in, want := range map[string]string{
		"image/jpeg": "image/jpeg", "IMAGE/JPEG": "image/jpeg", "image/jpg": "image/jpeg",
		"video/mp4; codecs=\"avc1.42E01E\"": "video/mp4", "audio/x-wav": "audio/wav", "image/heif": "image/heic",
		"audio/x-m4a": "audio/mp4", "": "", "not a type": "", "text/html": "text/html",
	} {
		if got := normalizeMIME(in); got != want {
			t.Errorf("normalizeMIME(%q) = %q, want %q", in, got, want)
		}
	}
	for _, k := range zhifa.EvidenceKinds {
		for _, mt := range evidenceMIMEs[k] {
			if kindOfMIME(mt) != k {
				t.Errorf("%s is listed under two kinds", mt)
			}
			if EvidenceFileExt(mt) == ".bin" {
				t.Errorf("%s has no file name extension", mt)
			}
		}
	}
	if got := acceptedList(zhifa.EvidencePhoto); got != "JPG、PNG、HEIC" {
		t.Errorf("accepted photos: %q", got)
	}
	if !strings.Contains(acceptedList(""), "MP4") {
		t.Errorf("accepted: %q", acceptedList(""))
	}
}
