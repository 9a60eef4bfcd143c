// Package personnel is the bounded context of the people and bodies that enforce (issue
// 16; REQUIREMENTS A1–A4, C1, C2): agencies and their per-agency case settings, officers
// with their enforcement certificates, yearly reviews, training and photos, the head's
// delegation of approval to a deputy, and the portal's officer views and certificate
// check. Users, login and passwords stay with identity in app.
//
// Who may do what:
//   - Agencies: PermManageAgencies, under a parent in the admin's scope; only the system
//     actor creates a root, and only an admin whose scope covers the government marks its
//     justice bureau (司法行政部门). Anyone reads agencies.
//   - Officers, certificates and yearly reviews: PermManageOfficers within scope; training:
//     PermRecordTraining. Staff read officers in scope with personal data masked; the
//     unmasked read needs PermReadPersonalData and is audited in the read's transaction.
//   - Photos: an officer manager in scope uploads; staff in scope and the public open them.
//   - Delegations: only a head, in their own session, names or revokes a deputy of the
//     same agency; the deputy approves in the head's place only during the period and
//     while the delegating head still is an active head (IsDeputy, Kernel.MayApprove).
//   - The portal shows officers on duty and checks a certificate by number, without
//     personal data.
//
// Certificate changes and delegations append ledger entries in their transaction.
package personnel

import (
	"errors"

	"zhifa"
	"zhifa/app/kernel"
	"zhifa/blob"
)

// Service is the personnel context over the kernel.
type Service struct {
	k     kernel.Kernel
	blobs blob.Store // officers' photos; nil without an evidence store
}

// New returns the personnel context over k, keeping officers' photos in blobs (nil for
// none: uploads then fail).
func New(k kernel.Kernel, blobs blob.Store) *Service { return &Service{k: k, blobs: blobs} }

// isCode reports whether err carries code.
func isCode(err error, code string) bool {
	var e *zhifa.Error
	return errors.As(err, &e) && e.Code == code
}

// errNoBlobs is the error of a photo operation without blob storage.
func errNoBlobs() error {
	return &zhifa.Error{Code: zhifa.EINTERNAL, Message: "本系统未配置证据存储", Err: errors.New("personnel: no blob store configured")}
}

// uploadError is the error of an upload whose source failed: a domain error (such as
// the web layer's size limit) as it is, anything else an interruption.
func uploadError(err error) error {
	var ze *zhifa.Error
	if errors.As(err, &ze) {
		return err
	}
	return &zhifa.Error{Code: zhifa.EINVALID, Message: "文件上传中断，未保存任何内容，请重新上传", Err: err}
}
