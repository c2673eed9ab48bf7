package stack

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// djangoLanguages32 are the codes of Django 3.2's default LANGUAGES
// setting; 4.2 adds ckb and ms, 5.2 also ug. Every one ships a
// translation catalog (es-ni through es), so check_for_language passes
// for each and for any code whose language part is one of them.
var djangoLanguages32 = strings.Fields("af ar ar-dz ast az bg be bn br bs ca cs cy da de dsb el en en-au en-gb eo es es-ar es-co es-mx es-ni es-ve et eu fa fi fr fy ga gd gl he hi hr hsb hu hy ia id ig io is it ja ka kab kk km kn ko ky lb lt lv mk ml mn mr my nb ne nl nn os pa pl pt pt-br ro ru sk sl sq sr sr-latn sv sw ta te tg th tk tr tt udm uk ur uz vi zh-hans zh-hant")

// languagesWith is the 3.2 list with more codes, each in its sorted
// place, as later versions' global_settings lists them.
func languagesWith(extra ...string) []string {
	out := append(slices.Clone(djangoLanguages32), extra...)
	sort.Strings(out)
	return out
}

var languageFallbacks = map[string]string{
	"zh-cn": "zh-hans", "zh-hk": "zh-hant", "zh-mo": "zh-hant",
	"zh-my": "zh-hans", "zh-sg": "zh-hans", "zh-tw": "zh-hant",
}

// languageSet is a list of codes for lookups, lower-cased as
// get_languages() keys them.
func languageSet(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, l := range codes {
		m[strings.ToLower(l)] = true
	}
	return m
}

// languages are the codes LocaleMiddleware may choose from, in order:
// the LANGUAGES setting, or the version's default list.
func (s *site) languages() ([]string, map[string]bool) {
	if s.settings.Languages != nil {
		return s.settings.Languages, s.settings.languageSet
	}
	return s.version.languages, s.version.languageSet
}

// checkForLanguage is check_for_language: a well-formed code for which
// Django ships a catalog, its own or its language's (gettext falls back
// from de_AT to de).
func (s *site) checkForLanguage(code string) bool {
	if !languageCodeRE.MatchString(code) {
		return false
	}
	code = strings.ToLower(code)
	lang, _, _ := strings.Cut(code, "-")
	return s.version.languageSet[code] || s.version.languageSet[lang]
}

var (
	languageCodeRE = regexp.MustCompile(`(?i)^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$`)
	acceptLangRE   = regexp.MustCompile(`^([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)(?:\s*;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$`)
)

// supportedVariant is get_supported_language_variant (not strict).
func (s *site) supportedVariant(code string) (string, bool) {
	if code == "" {
		return "", false
	}
	if len(code) > 15 {
		i := strings.LastIndex(code[:15], "-")
		if i <= 0 {
			return "", false
		}
		code = code[:i]
	}
	possible := []string{code}
	if f, ok := languageFallbacks[code]; ok {
		possible = append(possible, f)
	}
	for i := len(code); ; {
		i = strings.LastIndex(code[:i], "-")
		if i < 0 {
			break
		}
		possible = append(possible, code[:i])
	}
	generic := possible[len(possible)-1]
	list, supported := s.languages()
	for _, c := range possible {
		if supported[strings.ToLower(c)] && s.checkForLanguage(c) {
			return c, true
		}
	}
	for _, c := range list {
		if strings.HasPrefix(c, generic+"-") {
			return c, true
		}
	}
	return "", false
}

// languageFromRequest is get_language_from_request without path prefixes:
// the django_language cookie, then Accept-Language, then LANGUAGE_CODE.
func (x *exec) languageFromRequest(r *request) string {
	st := x.site
	_, supported := st.languages()
	cookie, hasCookie := r.cookies.lookup("django_language")
	if hasCookie && supported[cookie] && st.checkForLanguage(cookie) {
		return cookie
	}
	if hasCookie {
		if v, ok := st.supportedVariant(cookie); ok {
			return v
		}
	}
	for _, lang := range parseAcceptLanguage(r.meta.get("HTTP_ACCEPT_LANGUAGE")) {
		if lang == "*" {
			break
		}
		if !languageCodeRE.MatchString(lang) {
			continue
		}
		if v, ok := st.supportedVariant(lang); ok {
			return v
		}
	}
	if v, ok := st.supportedVariant(x.site.settings.LanguageCode); ok {
		return v
	}
	return x.site.settings.LanguageCode
}

// parseAcceptLanguage is parse_accept_lang_header: lower-cased codes by
// descending quality; a malformed header counts as empty.
func parseAcceptLanguage(h string) []string {
	type item struct {
		lang string
		q    float64
	}
	var items []item
	h = strings.ToLower(h)
	if strings.TrimSpace(h) == "" {
		return nil
	}
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimSpace(part)
		m := acceptLangRE.FindStringSubmatch(part)
		if m == nil {
			return nil
		}
		q := 1.0
		if m[2] != "" {
			q, _ = strconv.ParseFloat(m[2], 64)
		}
		items = append(items, item{m[1], q})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].q > items[j].q })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.lang
	}
	return out
}
