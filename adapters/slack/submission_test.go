package slack

import (
	"encoding/json"
	"testing"
)

// confirmation reads the response to a complete report submission: the
// modal updated to show one text, and its close button's label.
func confirmation(t *testing.T, payload json.RawMessage) (text, close string) {
	t.Helper()
	var resp struct {
		ResponseAction string `json:"response_action"`
		View           struct {
			Type   string `json:"type"`
			Close  struct{ Text string }
			Submit *struct{ Text string }
			Blocks []struct {
				Type string
				Text struct{ Type, Text string }
			}
		} `json:"view"`
	}
	if err := json.Unmarshal(payload, &resp); err != nil {
		t.Fatalf("response %s: %v", payload, err)
	}
	v := resp.View
	if resp.ResponseAction != "update" || v.Type != "modal" || v.Submit != nil || len(v.Blocks) != 1 || v.Blocks[0].Type != "section" {
		t.Fatalf("response %s, want the modal updated to one section and no submit button", payload)
	}
	return v.Blocks[0].Text.Text, v.Close.Text
}
