package zhifa

import "time"

// OfficerPhoto is an officer's current photo (issue #12; REQUIREMENTS C2): the picture
// is kept in the evidence store under its SHA-256, so that the public can match the face
// of the officer showing a certificate with the one the agency registered.
type OfficerPhoto struct {
	OfficerID  int64     `json:"officer_id"`
	SHA256     string    `json:"sha256"` // hex
	SM3        string    `json:"sm3"`    // hex
	Size       int64     `json:"size"`
	MIME       string    `json:"mime"`
	UploadedBy int64     `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}
