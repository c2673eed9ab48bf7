package stack

import "encoding/json"

// conformanceResult is a Result with only the fields the conformance
// README defines, in its format.
type conformanceResult struct {
	ID         string   `json:"id"`
	Status     int      `json:"status"`
	Escaped    string   `json:"escaped,omitempty"`
	View       *string  `json:"view"`
	UserAtView *string  `json:"user_at_view"`
	Headers    Fields   `json:"headers"`
	Cookies    Fields   `json:"cookies"`
	BodyJSON   any      `json:"body_json"`
	BodyH1     *string  `json:"body_h1"`
	Events     []string `json:"events"`
}

// ConformanceJSON renders the trace exactly as the conformance harness
// prints real Django's: the fields the comparison rules read, nothing else.
func (t *Trace) ConformanceJSON() ([]byte, error) {
	out := struct {
		Name    string              `json:"name"`
		Django  string              `json:"django"`
		Results []conformanceResult `json:"results"`
	}{Name: t.Name, Django: t.Django, Results: make([]conformanceResult, len(t.Results))}
	for i, r := range t.Results {
		c := conformanceResult{
			ID: r.ID, Status: r.Status, Escaped: r.Escaped, View: r.View, UserAtView: r.UserAtView,
			Headers: r.Headers, Cookies: r.Cookies, BodyJSON: r.BodyJSON, BodyH1: r.BodyH1, Events: r.Events(),
		}
		if r.Escaped != "" {
			c.Headers, c.Cookies, c.BodyJSON, c.BodyH1 = nil, nil, nil, nil
		}
		out.Results[i] = c
	}
	return json.MarshalIndent(out, "", " ")
}
