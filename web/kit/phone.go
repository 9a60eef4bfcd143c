package kit

// Phones (issue #12): an enforcement document is an A4 page (165 mm of text between
// margins), laid out for print. On a screen narrower than the page, its preview and print
// view would scroll sideways; documentPhoneCSS, put in front of the served HTML (never
// into the stored, sealed bytes), lets the sheet take the screen's width. Print and the
// PDF are untouched: the rules apply to narrow screens only.
const DocumentPhoneCSS = `<style>@media screen and (max-width: 820px){` +
	`body{background:#fff!important}` +
	`.sheet{position:relative;overflow:hidden;width:auto!important;min-height:0!important;margin:0!important;padding:5mm 4mm!important;box-shadow:none!important}` +
	`table.form th{width:auto!important}.signatures span{min-width:0!important}` +
	`.sheet *{overflow-wrap:anywhere}img,svg{max-width:100%;height:auto}` +
	`.draft{font-size:40pt!important;letter-spacing:0!important}.zhifa-toolbar{flex-wrap:wrap}}</style>`
