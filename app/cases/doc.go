// Package cases is the bounded context of the cases themselves (案件, issue #4; issue 16):
// filing a case (FileCase), its steps through the case-step pipeline (Act: the statutory
// gates, the discretion check, the step's own facts and clocks, then the stages the other
// contexts register, by phase), its records, clocks and views (the case page, the list,
// the next steps), the enforcement documents with their electronic seals (drafting,
// issuing, the PDF, the legal review's materials, the publicity notice text), the
// hearing, the party's history, and the head's approvals (审批) of the steps the law gives
// to a head.
//
// Who may do what:
//   - officers and heads (kernel.PermHandleCases) file cases in their own agency and take
//     the steps of its cases; a step marked Head in law.Steps is the head's own act: a
//     head of the agency, or the head's current deputy (Kernel.MayApprove), takes it in
//     their own session or approves a handler's approval request (approvals.go);
//   - the assigned legal reviewer takes the reviewer's steps (kernel.PermReviewCases);
//   - everyone with kernel.PermStaff reads the cases in their scope (supervisors: their
//     government's agencies); cases outside the scope answer as missing (ENOTFOUND), and
//     acting on a case of another agency in scope is EFORBIDDEN;
//   - a supervisor reads an issued document's content only with a reason, logged (D4).
//
// Every filing, step, record and document act appends its ledger entry and audit line in
// its transaction. The context imports only the kernel and the libraries: what it needs
// of the other contexts and of the composition root (the stages, the evidence and review
// facts, the execution's document lines, notifications, blob storage, the PDF printer,
// the seal CA) is handed over at construction (Deps, app.wireContexts).
package cases
