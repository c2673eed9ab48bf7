package stack

import "testing"

// TestDRFMethodNotAllowed checks DRF's 405 body is the JSON DRF sends:
// MethodNotAllowed's detail, its quotes escaped once.
func TestDRFMethodNotAllowed(t *testing.T) {
	sc := &Scenario{
		Middleware: defaultStackScenario(&testing.B{}).Middleware,
		Requests:   []Request{{Path: "/api/drf/", Method: "DELETE", Auth: []string{"token:alice"}}},
	}
	tr, err := Simulate(sc)
	if err != nil {
		t.Fatal(err)
	}
	res := tr.Results[0]
	body, ok := res.BodyJSON.(map[string]any)
	if res.Status != 405 || !ok || body["detail"] != `Method "DELETE" not allowed.` {
		t.Fatalf("status %d, body %q, body_json %v", res.Status, res.Body, res.BodyJSON)
	}
}
